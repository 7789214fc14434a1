import ArgumentParser

let teachingCommands: [ParsableCommand.Type] = []
let launcherSubcommands: [ParsableCommand.Type] = []

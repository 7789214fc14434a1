import ArgumentParser

let campaignCommands: [ParsableCommand.Type] = []

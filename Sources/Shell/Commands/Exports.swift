import ArgumentParser

let exportCommands: [ParsableCommand.Type] = []

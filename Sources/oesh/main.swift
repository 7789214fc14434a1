import Foundation
import Shell

// The arguments' own bytes too: CommandLine.arguments has U+FFFD for those that are not UTF-8.
let bytes = (1..<Int(CommandLine.argc)).map { i in
  CommandLine.unsafeArgv[i].map { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) } ?? []
}
exit(Launcher.main(Array(CommandLine.arguments.dropFirst()), bytes: bytes))

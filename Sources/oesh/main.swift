import Foundation
import Shell

exit(Launcher.main(Array(CommandLine.arguments.dropFirst())))

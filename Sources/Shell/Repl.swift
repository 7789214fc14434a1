import Foundation
import LineEditing
import OpenEdit

/// The interactive loop: prompt, read with libedit, run, until `quit` or Ctrl-D.
final class Repl {
  let interpreter: Interpreter
  var session: Session { interpreter.session }

  init(interpreter: Interpreter) { self.interpreter = interpreter }

  func run() -> Int32 {
    let history = session.workspaceURL.appendingPathComponent(".oesh_history")
    let reader = makeLineReader(historyFile: history, completion: Completer(session: session))
    session.reader = reader
    writeFD(1, session.t("repl.welcome", oeshVersion) + "\n")
    while !interpreter.quitRequested {
      switch reader.readLine(prompt: Prompt.plain(session)) {
      case .eof:
        reader.saveHistory()
        return 0
      case .interrupted:
        continue
      case .line(let line):
        if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
        reader.addHistory(line)
        // Ctrl-C stops the command, not the shell.
        Interruption.reset()
        CommandInterrupt.during(onInterrupt: { Interruption.interrupt() }) {
          _ = interpreter.run(line: line, at: nil)
        }
      }
    }
    reader.saveHistory()
    return 0
  }
}

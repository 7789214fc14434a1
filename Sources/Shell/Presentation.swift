import OpenEdit

extension WorkspaceError: ShellPresentable {
  public func shellError(_ t: Catalogue) -> ShellError {
    switch self {
    case .missing(let p): return ShellError(.workspace, t("workspace.missing", p))
    case .notAWorkspace(let p): return ShellError(.workspace, t("workspace.not_a_workspace", p))
    }
  }
}

/// The prompt: the workspace, and the open campaign when there is one.
enum Prompt {
  static func plain(_ session: Session) -> String {
    let ws = TextSafety.escapeControls(session.workspaceURL.lastPathComponent)
    if let c = session.currentCampaign {
      return "oesh:\(ws)[\(TextSafety.escapeControls(c.title))]> "
    }
    return "oesh:\(ws)> "
  }
}

import Foundation
import TOMLKit

/// What a person may edit in `oesh.toml` (DESIGN.md §3).
public struct WorkspaceSettings: Sendable, Equatable {
  public var name: String
  /// The Apidae project; exports of another project are listed as ignored. Nil: any project.
  public var projectId: Int?
  /// Export names and the clock are local times of this zone (R1): its identifier, checked when read.
  public var timeZoneIdentifier: String
  /// The zone itself, made when first needed: the first `TimeZone` loads the zone data, a twentieth of
  /// `oesh -c quit`, which has no use for it.
  public var timeZone: TimeZone {
    get { TimeZone(identifier: timeZoneIdentifier) ?? TimeZone(secondsFromGMT: 0)! }
    set { timeZoneIdentifier = newValue.identifier }
  }
  public var mail: MailSettings
  /// Keys oesh does not know (a typo, or a newer oesh's setting), so the shell can warn.
  public var unknownKeys: [String]

  public static let defaultTimeZone = "Europe/Paris"

  /// The keys `oesh.toml` may set, those of its `[mail]` table as `mail.…`: any other is one of
  /// `unknownKeys` (a typo the shell points out, with the nearest of these).
  public static let knownKeys = [
    "name", "project_id", "timezone", "mail.from", "mail.form_base_url", "mail.transport", "mail.redirect",
  ]

  public init(
    name: String, projectId: Int? = nil, timeZoneIdentifier: String = defaultTimeZone,
    mail: MailSettings = MailSettings(), unknownKeys: [String] = []
  ) {
    self.name = name
    self.projectId = projectId
    self.timeZoneIdentifier = timeZoneIdentifier
    self.mail = mail
    self.unknownKeys = unknownKeys
  }
}

/// The `[mail]` table: where e-mails go. Nothing leaves the machine unless configured (DESIGN.md §6).
public struct MailSettings: Sendable, Equatable {
  public var from: String
  /// The socio-pro's form link is this URL followed by the offre's parameters.
  public var formBaseURL: String
  /// `outbox` (write .eml files) unless a person configures another transport.
  public var transport: String
  /// When set, every e-mail goes to this address instead of the socio-pro's.
  public var redirect: String?

  /// The settings `send` checks before it writes anything, by their names in `[mail]`.
  public enum Key: String, Sendable {
    case from, redirect
    case formBaseURL = "form_base_url"
  }

  /// Whether `text` can start the form's link, `text/TOKEN`: an http or https address with a host, and
  /// neither query nor fragment, which the token would follow (`https://x/f?a=1/TOKEN`).
  public static func isFormBaseURL(_ text: String) -> Bool {
    guard !text.contains(where: { $0.isWhitespace }), let url = URLComponents(string: text),
      let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
      let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
    else { return false }
    return true
  }

  public static let defaultFrom = "Open Edit <openedit@openedit.invalid>"
  public static let defaultFormBaseURL = "https://openedit.invalid/formulaire"
  public static let defaultTransport = "outbox"

  public init(
    from: String = defaultFrom, formBaseURL: String = defaultFormBaseURL, transport: String = defaultTransport,
    redirect: String? = nil
  ) {
    self.from = from
    self.formBaseURL = formBaseURL
    self.transport = transport
    self.redirect = redirect
  }
}

extension WorkspaceSettings {
  /// Parses `oesh.toml`'s text; `path` names the file in errors.
  static func parse(_ text: String, path: String) throws -> WorkspaceSettings {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw WorkspaceError.badSettings(
        path: path, line: error.source.begin.line,
        problem: .syntax(column: error.source.begin.column, detail: error.description))
    }
    func bad(_ key: String, _ problem: SettingsProblem) -> WorkspaceError {
      .badSettings(path: path, line: lineOf(key, in: text), problem: problem)
    }
    func string(_ t: TOMLTable, _ key: String, _ full: String) throws -> String? {
      guard let v = t[key] else { return nil }
      guard let s = v.string else { throw bad(key, .notAString(full)) }
      return s
    }
    var unknown: [String] = []
    let topLevel = Set(knownKeys.map { String($0.prefix { $0 != "." }) })
    for (key, _) in table where !topLevel.contains(key) {
      unknown.append(key)
    }
    var settings = WorkspaceSettings(name: try string(table, "name", "name") ?? "")
    if let v = table["project_id"] {
      guard let id = v.int, id > 0 else { throw bad("project_id", .notAPositiveInteger("project_id")) }
      settings.projectId = id
    }
    // The default zone is known to exist; any other is checked now, so that a typo is reported with its line.
    if let tz = try string(table, "timezone", "timezone"), tz != WorkspaceSettings.defaultTimeZone {
      guard let zone = TimeZone(identifier: tz) else {
        throw bad("timezone", .unknownTimeZone(tz))
      }
      settings.timeZoneIdentifier = zone.identifier
    }
    if let m = table["mail"] {
      guard let mail = m.table else { throw bad("mail", .notATable("mail")) }
      for (key, _) in mail where !knownKeys.contains("mail.\(key)") {
        unknown.append("mail.\(key)")
      }
      if let v = try string(mail, "from", "mail.from") { settings.mail.from = v }
      if let v = try string(mail, "form_base_url", "mail.form_base_url") { settings.mail.formBaseURL = v }
      if let v = try string(mail, "transport", "mail.transport") { settings.mail.transport = v }
      if let v = try string(mail, "redirect", "mail.redirect") { settings.mail.redirect = v.isEmpty ? nil : v }
    }
    settings.unknownKeys = unknown.sorted()
    return settings
  }

  /// The text `oesh init` writes: every setting, with a comment saying what it is for.
  func tomlText() -> String {
    var text = """
      # oesh workspace settings (see DESIGN.md §3).
      name = \(tomlString(name))
      # Apidae project id; exports of another project are ignored.

      """
    text += projectId.map { "project_id = \($0)\n" } ?? "# project_id = 1234\n"
    text += """
      # Export names and the clock are local times of this zone.
      timezone = \(tomlString(timeZone.identifier))

      [mail]
      from = \(tomlString(mail.from))
      # The socio-pro's form link starts with this URL.
      form_base_url = \(tomlString(mail.formBaseURL))
      # "outbox" writes each e-mail as an .eml file in outbox/ and sends nothing.
      transport = \(tomlString(mail.transport))
      # redirect = "me@example.org"   # every e-mail to this address instead

      """
    return text
  }
}

/// A TOML basic string, escaped.
func tomlString(_ s: String) -> String {
  var out = "\""
  for scalar in s.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\r": out += "\\r"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  return out + "\""
}

/// The 1-based line where `key` is set, for messages about a wrong value.
private func lineOf(_ key: String, in text: String) -> Int? {
  for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    let t = line.drop(while: { $0 == " " || $0 == "\t" })
    if t.hasPrefix(key), let next = t.dropFirst(key.count).first, next == " " || next == "=" || next == "\t" {
      return i + 1
    }
    if key == "mail", t.hasPrefix("[mail]") { return i + 1 }
  }
  return nil
}

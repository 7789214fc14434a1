import Apidae
import Foundation

/// A small territory over a few days, as Apidae would export it: a réinitialisation, a nightly
/// differential, a calcul exceptionnel the same afternoon, and a future nightly export.
public enum Story {
  public static let communes = [
    Commune(id: 1, code: "74010", name: "Annecy", postalCode: "74000"),
    Commune(id: 2, code: "74275", name: "Talloires-Montmin", postalCode: "74290"),
  ]

  public static func fiche(
    _ id: Int, _ type: String, _ name: String, commune: Int, email: String?, state: String = "PUBLISHED"
  )
    -> Fiche
  {
    Fiche(
      id: id, identifier: "SITRA2_TST_\(id)", type: type, name: name, state: state, ownerId: 7,
      ownerName: "Office de Tourisme du Lac", dateModification: "2027-02-20T10:00:00.000+0000", communeId: commune,
      email: email)
  }

  public static let lac = fiche(
    101, "HOTELLERIE", "Hôtel du Lac", commune: 1, email: "contact@hotel-du-lac.example.org")
  public static let pins = fiche(102, "HOTELLERIE_PLEIN_AIR", "Camping des Pins", commune: 2, email: nil)
  public static let moulin = fiche(
    103, "RESTAURATION", "Restaurant Le Vieux Moulin", commune: 1, email: "moulin@example.org")
  public static let fontaines = fiche(
    104, "HEBERGEMENT_LOCATIF", "Gîte Les Fontaines", commune: 2, email: "gite.fontaines@example.org")
  public static let rivage = fiche(105, "HOTELLERIE", "Hôtel Beau Rivage", commune: 2, email: "rivage@example.org")
  public static let bob = fiche(
    106, "RESTAURATION", "Chez \u{1b}[31mBob\r\nBcc: intrus@example.org", commune: 1, email: "bob@example.org")

  public static func write(into snapshots: URL) throws {
    func name(_ stem: String) -> ExportName { ExportName.parse(stem)! }
    func selections(_ hebergements: [Int], _ restaurants: [Int]) -> [Selection] {
      [
        Selection(id: 9001, name: "Hébergements", ficheIds: hebergements),
        Selection(id: 9002, name: "Restaurants", ficheIds: restaurants),
      ]
    }
    // Monday night: the whole project.
    var w = try ExportWriter(directory: snapshots, name: name("4242_20270301-0200_AAAAAA"))
    try w.addObjects([lac, pins, moulin, fontaines].map { $0.exportJSON() })
    w.setSelections(selections([101, 102, 104], [103]))
    w.setCommunes(communes)
    try w.finish()
    // Tuesday night: a new hotel enters the sélection, the restaurant changes its e-mail, the camping is hidden.
    w = try ExportWriter(directory: snapshots, name: name("4242_20270302-0200_BBBBBB"))
    var moulin2 = moulin
    moulin2.email = "nouveau.moulin@example.org"
    var pins2 = pins
    pins2.state = "HIDDEN"
    try w.addObjects([rivage, moulin2, pins2, bob].map { $0.exportJSON() })
    w.setSelections(selections([101, 102, 104, 105], [103, 106]))
    try w.finish()
    // Tuesday afternoon: a calcul exceptionnel deletes the gîte.
    w = try ExportWriter(
      directory: snapshots, name: name("4242_20270302-1430_CCCCCC"),
      notification: ExportNotification(projectId: 4242, statut: "SUCCESS", ponctuel: true, reinitialisation: false))
    w.setDeleted([104])
    w.setSelections(selections([101, 102, 105], [103, 106]))
    try w.finish()
    // Friday night, not yet reached.
    w = try ExportWriter(directory: snapshots, name: name("4242_20270305-0200_DDDDDD"))
    try w.addObjects([lac].map { $0.exportJSON() })
    w.setSelections(selections([101, 102, 105], [103, 106]))
    try w.finish()
  }

  /// Wednesday night, a réinitialisation (`story-reinit`): every fiche as Tuesday left it, but the
  /// restaurant «Chez Bob», removed from the project (and the gîte, deleted Tuesday afternoon).
  public static func writeReinitialisation(into snapshots: URL) throws {
    var moulin2 = moulin
    moulin2.email = "nouveau.moulin@example.org"
    var pins2 = pins
    pins2.state = "HIDDEN"
    let w = try ExportWriter(
      directory: snapshots, name: ExportName.parse("4242_20270303-0200_EEEEEE")!,
      notification: ExportNotification(projectId: 4242, statut: "SUCCESS", ponctuel: false, reinitialisation: true))
    try w.addObjects([lac, pins2, moulin2, rivage].map { $0.exportJSON() })
    w.setSelections([
      Selection(id: 9001, name: "Hébergements", ficheIds: [101, 102, 105]),
      Selection(id: 9002, name: "Restaurants", ficheIds: [103]),
    ])
    w.setCommunes(communes)
    try w.finish()
  }
}

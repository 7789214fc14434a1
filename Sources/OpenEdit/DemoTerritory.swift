import Apidae

/// The demo's territory: a fictional office's Apidae project in Haute-Maurienne (Savoie), with French
/// names, accents, a dozen types over 8 communes, and a few fiches without e-mail. Fixed data, so that the
/// demo, the tutorial and the help examples can name fiches by id.
public enum DemoTerritory {
  static let projectId = 4242

  public static let communes: [ApidaeCommune] = [
    ApidaeCommune(id: 30101, code: "73306", name: "Valloire", postalCode: "73450"),
    ApidaeCommune(id: 30102, code: "73307", name: "Valmeinier", postalCode: "73450"),
    ApidaeCommune(id: 30103, code: "73261", name: "Saint-Michel-de-Maurienne", postalCode: "73140"),
    ApidaeCommune(id: 30104, code: "73194", name: "Orelle", postalCode: "73140"),
    ApidaeCommune(id: 30105, code: "73157", name: "Modane", postalCode: "73500"),
    ApidaeCommune(id: 30106, code: "73023", name: "Aussois", postalCode: "73500"),
    ApidaeCommune(id: 30107, code: "73040", name: "Bessans", postalCode: "73480"),
    ApidaeCommune(id: 30108, code: "73047", name: "Bonneval-sur-Arc", postalCode: "73480"),
  ]

  static func commune(_ name: String) -> Int { communes.first { $0.name == name }!.id }

  /// The sélections, by filter.
  public static let hebergements = 49001
  static let restaurants = 49002
  static let sites = 49003

  public static var selections: [ApidaeSelection] {
    [
      ApidaeSelection(
        id: hebergements, name: "Hébergements",
        filter: ApidaeFilter(types: ["HEBERGEMENT_COLLECTIF", "HEBERGEMENT_LOCATIF", "HOTELLERIE"])),
      ApidaeSelection(
        id: restaurants, name: "Restaurants et dégustation",
        filter: ApidaeFilter(types: ["DEGUSTATION", "RESTAURATION"])),
      ApidaeSelection(
        id: sites, name: "Sites et activités",
        filter: ApidaeFilter(
          types: ["ACTIVITE", "EQUIPEMENT", "PATRIMOINE_CULTUREL", "PATRIMOINE_NATUREL"],
          communeIds: ["Valloire", "Valmeinier", "Orelle", "Aussois", "Bessans", "Bonneval-sur-Arc"].map(commune))),
    ]
  }

  // Fiches the story and the tutorial name.
  /// «Camping La Buidonnière», in no sélection: the tutorial adds the campings to «Hébergements».
  public static let camping = 5_100_021
  /// «Auberge de l'Écureuil», in the campaign's audience without an e-mail.
  public static let noEmailHotel = 5_100_005
  /// Sent before the demo starts; its owner changes e-mail on Tuesday.
  static let galibier = 5_100_001
  /// Hidden in Apidae on Tuesday.
  static let vieuxFour = 5_100_015
  /// Deleted in Apidae on Wednesday.
  static let carrettes = 5_100_017
  /// Opens on Monday afternoon and falls into the «Hébergements» filter.
  static let aigleBlanc = 5_100_063
  /// Its e-mail changes in the first week of the story (already imported when the demo starts).
  static let perceNeige = 5_100_006

  /// (type, name, commune, e-mail or nil), ids from 5100001 in this order.
  static let rows: [(String, String, String, String?)] = [
    ("HOTELLERIE", "Hôtel du Galibier", "Valloire", "contact@hotel-galibier.example"),
    ("HOTELLERIE", "Hôtel La Sétaz", "Valloire", "reception@lasetaz.example"),
    ("HOTELLERIE", "Grand Hôtel de la Poste", "Saint-Michel-de-Maurienne", "info@grandhotelposte.example"),
    ("HOTELLERIE", "Hôtel Le Crêt Rond", "Valmeinier", "hotel@cretrond.example"),
    ("HOTELLERIE", "Auberge de l'Écureuil", "Orelle", nil),
    ("HOTELLERIE", "Hôtel Le Perce-Neige", "Modane", "bonjour@perce-neige.example"),
    ("HOTELLERIE", "Hôtel Les Glaciers", "Bonneval-sur-Arc", "glaciers@bonneval-hotel.example"),
    ("HOTELLERIE", "Hôtel Le Bellecôte", "Aussois", "resa@bellecote-aussois.example"),
    ("HEBERGEMENT_LOCATIF", "Gîte La Grange d'Amélie", "Bessans", "amelie.gite@example.org"),
    ("HEBERGEMENT_LOCATIF", "Chalet Le Névé", "Valloire", "chalet.neve@example.org"),
    ("HEBERGEMENT_LOCATIF", "Appartement Les Aiguilles", "Valmeinier", nil),
    ("HEBERGEMENT_LOCATIF", "Gîte du Pré Clos", "Aussois", "preclos@example.org"),
    ("HEBERGEMENT_LOCATIF", "Meublé Les Mélèzes", "Orelle", "meublemelezes@example.org"),
    ("HEBERGEMENT_LOCATIF", "Chambre d'hôtes L'Épervière", "Bessans", "eperviere@example.org"),
    ("HEBERGEMENT_LOCATIF", "Gîte Le Vieux Four", "Bonneval-sur-Arc", "vieuxfour@example.org"),
    ("HEBERGEMENT_COLLECTIF", "Refuge du Thabor", "Modane", nil),
    ("HEBERGEMENT_COLLECTIF", "Centre de vacances Les Carrettes", "Valloire", "carrettes@example.org"),
    ("HEBERGEMENT_COLLECTIF", "Gîte d'étape La Ramée", "Saint-Michel-de-Maurienne", "laramee@example.org"),
    ("HEBERGEMENT_COLLECTIF", "Auberge de jeunesse d'Aussois", "Aussois", "aj.aussois@example.org"),
    ("HOTELLERIE_PLEIN_AIR", "Camping de l'Arc", "Modane", "campingdelarc@example.org"),
    ("HOTELLERIE_PLEIN_AIR", "Camping La Buidonnière", "Aussois", "contact@buidonniere.example"),
    ("HOTELLERIE_PLEIN_AIR", "Caravaneige du Col", "Valloire", "caravaneige@example.org"),
    ("HOTELLERIE_PLEIN_AIR", "Camping Les Fontanettes", "Bonneval-sur-Arc", "fontanettes@example.org"),
    ("RESTAURATION", "Restaurant La Fruitière", "Valloire", "fruitiere@example.org"),
    ("RESTAURATION", "Le Grenier à Sel", "Valloire", "grenierasel@example.org"),
    ("RESTAURATION", "Brasserie de la Gare", "Modane", "brasseriegare@example.org"),
    ("RESTAURATION", "Pizzeria Chez Théo", "Saint-Michel-de-Maurienne", "cheztheo@example.org"),
    ("RESTAURATION", "Restaurant L'Alpage", "Valmeinier", "alpage@example.org"),
    ("RESTAURATION", "Crêperie La Marmotte", "Aussois", nil),
    ("RESTAURATION", "Restaurant Le Bonnevalain", "Bonneval-sur-Arc", "bonnevalain@example.org"),
    ("RESTAURATION", "Table d'hôtes La Bergerie", "Bessans", "bergerie@example.org"),
    ("DEGUSTATION", "Fromagerie coopérative de Haute-Maurienne", "Bessans", "fromagerie@example.org"),
    ("DEGUSTATION", "Cave Saint-Julien", "Saint-Michel-de-Maurienne", "cave.stjulien@example.org"),
    ("DEGUSTATION", "Miellerie du Thabor", "Orelle", "miellerie@example.org"),
    ("PATRIMOINE_CULTUREL", "Église Notre-Dame-de-l'Assomption", "Valloire", nil),
    ("PATRIMOINE_CULTUREL", "Fort Victor-Emmanuel", "Aussois", "forts@example.org"),
    ("PATRIMOINE_CULTUREL", "Chapelle Saint-Antoine", "Bessans", nil),
    ("PATRIMOINE_CULTUREL", "Musée de l'Opinel", "Saint-Michel-de-Maurienne", "musee@example.org"),
    ("PATRIMOINE_CULTUREL", "Maison du Patrimoine", "Orelle", "patrimoine.orelle@example.org"),
    ("PATRIMOINE_NATUREL", "Lac des Cerces", "Valloire", nil),
    ("PATRIMOINE_NATUREL", "Cascade Saint-Benoît", "Aussois", nil),
    ("PATRIMOINE_NATUREL", "Glacier des Évettes", "Bonneval-sur-Arc", nil),
    ("PATRIMOINE_NATUREL", "Vallon du Fond d'Aussois", "Aussois", nil),
    ("ACTIVITE", "École de ski de Valloire", "Valloire", "ecoleski@example.org"),
    ("ACTIVITE", "Via ferrata du Diable", "Aussois", "viaferrata@example.org"),
    ("ACTIVITE", "Parapente Maurienne", "Valmeinier", "parapente@example.org"),
    ("ACTIVITE", "Randonnée accompagnée au col du Galibier", "Valloire", "rando.galibier@example.org"),
    ("ACTIVITE", "Chiens de traîneau de Bessans", "Bessans", "traineau@example.org"),
    ("ACTIVITE", "Escalade au rocher d'Orelle", "Orelle", "escalade@example.org"),
    ("EQUIPEMENT", "Piscine de Valloire", "Valloire", "piscine@example.org"),
    ("EQUIPEMENT", "Patinoire de Modane", "Modane", "patinoire@example.org"),
    ("EQUIPEMENT", "Téléphérique Orelle–Val Thorens", "Orelle", "telepherique@example.org"),
    ("EQUIPEMENT", "Espace nordique de Bessans", "Bessans", "nordique@example.org"),
    ("COMMERCE_ET_SERVICE", "Boulangerie Au Pain d'Antan", "Saint-Michel-de-Maurienne", "paindantan@example.org"),
    ("COMMERCE_ET_SERVICE", "Sports et Glisse", "Valloire", "sportsglisse@example.org"),
    ("COMMERCE_ET_SERVICE", "Épicerie fine Le Comptoir savoyard", "Modane", nil),
    ("COMMERCE_ET_SERVICE", "Location de skis Chez Gégé", "Valmeinier", "gege@example.org"),
    ("FETE_ET_MANIFESTATION", "Concours international de sculpture sur glace", "Valloire", "sculpture@example.org"),
    ("FETE_ET_MANIFESTATION", "Fête du Diable", "Bessans", "fetedudiable@example.org"),
    ("FETE_ET_MANIFESTATION", "Marché de Noël de Modane", "Modane", "marchenoel@example.org"),
    ("SEJOUR_PACKAGE", "Séjour raquettes et fondue", "Bessans", "sejours@example.org"),
    ("SEJOUR_PACKAGE", "Week-end vélo au Galibier", "Valloire", "sejours@example.org"),
  ]

  /// The owners («membres propriétaires»): the two offices of the territory.
  static func owner(_ commune: String) -> (Int, String) {
    ["Valloire", "Valmeinier"].contains(commune)
      ? (80101, "Office de tourisme de Valloire") : (80102, "Haute Maurienne Vanoise Tourisme")
  }

  public static var fiches: [Fiche] {
    rows.enumerated().map { i, row in
      let id = 5_100_001 + i
      let (ownerId, ownerName) = owner(row.2)
      return Fiche(
        id: id, identifier: "SITRA2_\(row.0.prefix(3))_\(id)", type: row.0, name: row.1, state: "PUBLISHED",
        ownerId: ownerId, ownerName: ownerName, dateModification: "2027-01-15T10:00:00.000+0100",
        communeId: commune(row.2), email: row.3)
    }
  }
}

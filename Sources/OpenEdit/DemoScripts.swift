/// The example scripts the demo puts in `scripts/` (run them with `source NAME` or `oesh -f`).
enum DemoScripts {
  static let all: [(String, String)] = [("procedure.oesh", procedure), ("matin.oesh", morning)]

  /// The seed's whole procedure, both sides, with `why` at every stage and checks that stop the script
  /// (exit 1) if a step did not do what it should.
  static let procedure = """
    # « Ajouter une fiche dans une campagne en cours », des deux côtés, sur la démo toute neuve.
    #   oesh -w DEMO --echo -f DEMO/scripts/procedure.oesh
    open campaign "Mise à jour 2027"
    # Le camping La Buidonnière n'est dans aucune sélection de la campagne.
    why 5100021

    # 1. Dans Apidae : ajouter la fiche à la sélection en modifiant ses filtres.
    apidae selection Hébergements --add-type HOTELLERIE_PLEIN_AIR
    why 5100021

    # 2. Demander un calcul exceptionnel du projet (ou attendre l'export nocturne : nuit).
    apidae calcul
    why 5100021

    # 3. La synchronisation met à jour fiches et sélections, jamais l'audience des campagnes (R3).
    sync
    expect audience 19
    why 5100021

    # 4. Campagnes › Mise à jour 2027 › Audience › Actualiser : les nouvelles fiches arrivent.
    actualiser
    expect audience 23
    expect status 5100021 "Email à transmettre"
    why 5100021

    # 5. Le picto enveloppe de l'offre : l'e-mail part (dans outbox/).
    send 5100021
    expect status 5100021 "Email transmis"
    expect outbox 6
    why 5100021

    """

  /// A morning check: what the night brought, and what waits in the campaign.
  static let morning = """
    # Le point du matin : ce que la nuit a apporté, et ce qui attend dans la campagne.
    sync
    campaigns
    open campaign "Mise à jour 2027"
    actualiser --dry-run
    audience --status "Email à transmettre"
    fiches --no-email --selection Hébergements

    """
}

extension Catalogue {
  /// Les messages en français (la langue par défaut).
  static let french: [String: String] = [
    // MARK: Bases
    "repl.welcome": "oesh {0} — le shell des campagnes Open Edit. « help » pour l'aide, Ctrl-D pour quitter.",
    "init.created": "Espace de travail créé : {0}",
    "error.prefix": "erreur : ",
    "error.from": "depuis {0}",
    "error.empty": "commande vide",
    "error.unknown_command": "commande inconnue « {0} ».",
    "error.did_you_mean": "Vouliez-vous dire « {0} » ?",
    "error.needs_subcommand": "« {0} » attend une sous-commande : {1}.",
    "error.bad_arguments": "{0} : {1} (voir « {2} »)",
    "error.unterminated_quote": "guillemet {0} non refermé (colonne {1})",
    "error.trailing_backslash": "barre oblique inverse en fin de ligne",
    "source.missing": "script introuvable : {0}",
    "source.not_utf8": "le script {0} n'est pas en UTF-8",
    "source.recursive": "le script {0} s'appelle lui-même",
    "set.bad_value": "valeur « {0} » impossible pour {1} (valeurs : {2})",
    "set.unknown": "réglage inconnu « {0} » (réglages : {1}).",
    "col.setting": "Réglage",
    "col.value": "Valeur",
    "workspace.missing": "le dossier {0} n'existe pas ; créez un espace de travail avec : oesh init {0}",
    "workspace.not_a_workspace":
      "{0} n'est pas un espace de travail oesh (pas de oesh.toml) ; créez-en un avec : oesh init {0}",

    // MARK: Aide
    "help.intro": "Commandes d'oesh (« help COMMANDE » pour le détail) :",
    "help.outro":
      "Arguments avec espaces entre guillemets (\"…\" ou '…'), # commente, ; sépare deux commandes.",
    "help.usage": "Usage :",
    "help.arguments": "Arguments :",
    "help.options": "Options :",
    "help.subcommands": "Sous-commandes :",
    "help.help_flag": "Affiche l'aide.",
    "help.aliases": "Alias :",
    "help.examples": "Exemples :",
    "group.basics": "Bases",
    "group.exports": "Exports Apidae et synchronisation",
    "group.fiches": "Fiches et sélections",
    "group.campaigns": "Campagnes",
    "group.apidae": "Côté Apidae (simulé)",
    "group.teaching": "Apprendre",
  ]
}

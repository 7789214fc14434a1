extension Catalogue {
  /// The commands' argument and option help, written in French in their declarations, in English for
  /// `help COMMAND` with `--lang en`. A test checks that every one shown by `help` is here.
  static let englishArgumentHelp: [String: String] = [
    "Ajoute cette fiche à la main (id ; répétable).": "Adds this fiche by hand (id; repeatable).",
    "L'espace de travail (sinon $OESH_WORKSPACE, sinon le dossier courant).":
      "The workspace (else $OESH_WORKSPACE, else the current folder).",
    "Exécute une commande (répétable).": "Runs a command (repeatable).",
    "Exécute un script (répétable).": "Runs a script (repeatable).",
    "Affiche chaque commande avant son résultat.": "Shows each command before its result.",
    "Continue après une commande qui échoue ; le code de sortie reste le pire rencontré.":
      "Goes on after a failing command; the exit status stays the worst met.",
    "Format des listes.": "Format of listings.",
    "Jamais de couleurs.": "Never any colour.",
    "Langue des messages.": "Language of the messages.",
    "Ne lit pas ~/.oeshrc (ni $OESH_RC) au démarrage.": "Does not read ~/.oeshrc (nor $OESH_RC) at start.",
    "Le dossier à créer.": "The folder to create.",
    "Le nom de l'espace de travail.": "The workspace's name.",
    "Recommence à zéro sur une démo neuve.": "Starts again from zero on a new demo.",
    "Le dossier du tutoriel (sinon $XDG_DATA_HOME/oesh/tutorial).":
      "The tutorial's folder (else $XDG_DATA_HOME/oesh/tutorial).",
    "Ajoute un type au filtre (répétable).": "Adds a type to the filter (repeatable).",
    "Ajoute une commune au filtre (nom, code INSEE ou id ; répétable).":
      "Adds a commune to the filter (name, INSEE code or id; repeatable).",
    "Aussi ce qui est déjà arrivé.": "What already happened too.",
    "Code de sortie (par défaut : le pire rencontré dans un script, 0 au terminal).":
      "Exit status (by default: the worst met in a script, 0 at a terminal).",
    "Commune : nom, code INSEE ou id.": "Commune: name, INSEE code or id.",
    "Commune : nom, code INSEE ou id ; répétée : l'une ou l'autre.":
      "Commune: name, INSEE code or id; repeated: one or the other.",
    "Type Apidae (HOTELLERIE, RESTAURATION…) ; répété : l'un ou l'autre.":
      "Apidae type (HOTELLERIE, RESTAURATION…); repeated: one or the other.",
    "Texte du nom (casse et accents ignorés) ; répété : chacun, comme des mots dans une recherche.":
      "Text of the name (case and accents ignored); repeated: each, as words in a search box.",
    "Seulement les membres de cette sélection (id ou nom) ; répétée : de l'une ou l'autre.":
      "Only the members of this sélection (id or name); repeated: of one or the other.",
    "Deux exports (A plus ancien que B), ou « pending ».": "Two exports (A older than B), or \"pending\".",
    "Filtre sur le propriétaire (id ou nom ; \"\" l'enlève).": "Filters on the owner (id or name; \"\" removes it).",
    "Filtre sur une partie du nom (\"\" l'enlève).": "Filters on a part of the name (\"\" removes it).",
    "L'adresse e-mail (« Mél »).": "The e-mail address («Mél»).",
    "L'id ou le nom de la sélection.": "The sélection's id or name.",
    "La fiche : son id, ou son nom (ou son début, ou une partie).":
      "The fiche: its id, or its name (or its start, or a part of it).",
    "L'intitulé (unique).": "The title (unique).",
    "L'intitulé ou l'id.": "The title or the id.",
    "La campagne (sinon la campagne ouverte, ou la seule qui existe).":
      "The campaign (else the open campaign, or the only one there is).",
    "La commande (plusieurs mots pour une sous-commande).": "The command (several words for a subcommand).",
    "La commande et ses arguments.": "The command and its arguments.",
    "La commune : nom, code INSEE ou id.": "The commune: name, INSEE code or id.",
    "La nouvelle adresse e-mail (« Mél »).": "The new e-mail address («Mél»).",
    "La nouvelle valeur.": "The new value.",
    "Le JSON de la fiche tel que l'export l'a donné.": "The fiche's JSON as the export gave it.",
    "Le fichier ; un chemin relatif est cherché ici, puis dans scripts/ de l'espace de travail.":
      "The file; a relative path is looked for here, then in the workspace's scripts/.",
    "Le fichier du script (*.oesh), ou stop.": "The script's file (*.oesh), or stop.",
    "Le nom.": "The name.",
    "Le nombre attendu.": "The expected number.",
    "Le nommer à cette date : AAAA-MM-JJ HH:MM, ou lue comme clock set la lit (10:30, demain, +2h).":
      "Name it at this date: YYYY-MM-DD HH:MM, or read as clock set reads it (10:30, tomorrow, +2h).",
    "Le nouveau nom.": "The new name.",
    "Le nouvel intitulé.": "The new title.",
    "Le réglage.": "The setting.",
    "Le statut attendu (« Email transmis », « Email à transmettre »…).":
      "The expected status («Email transmis», «Email à transmettre»…).",
    "Le texte.": "The text.",
    "Le zip ou le dossier de l'export.": "The export's zip or folder.",
    "Les N dernières seulement.": "The last N only.",
    "Les fiches dont envoyer l'offre (id, ou nom).": "The fiches whose offre to send (id, or name).",
    "Montre ce que l'export emporterait, sans l'écrire.": "Shows what the export would carry, without writing it.",
    "Montre ce qui changerait, sans rien changer.": "Shows what would change, changing nothing.",
    "Montre ce qui serait envoyé, sans rien écrire.": "Shows what would be sent, writing nothing.",
    "Montre ce qui serait importé, sans rien changer.": "Shows what would be imported, changing nothing.",
    "Montre ce qui serait supprimé, sans rien changer.": "Shows what would be removed, changing nothing.",
    "Ne demande pas de confirmation.": "Does not ask for confirmation.",
    "Retire cette fiche à la main (id ; répétable).": "Removes this fiche by hand (id; repeatable).",
    "Retire l'e-mail de la fiche.": "Removes the fiche's e-mail.",
    "Retire un type du filtre (répétable).": "Removes a type from the filter (repeatable).",
    "Retire une commune du filtre (répétable).": "Removes a commune from the filter (repeatable).",
    "Seulement ce statut (libellé ou clé : a_transmettre, transmis…) ; répété : l'un ou l'autre.":
      "Only this status (label or key: a_transmettre, transmis…); repeated: one or the other.",
    "Seulement cette campagne (intitulé ou id).": "Only this campaign (title or id).",
    "Seulement ce genre d'entrée (mail.sent ; mail pour tous les mail.…).":
      "Only this kind of entry (mail.sent; mail for every mail.…).",
    "Seulement cette fiche (id, ou nom).": "Only this fiche (id, or name).",
    "Seulement les N dernières entrées.": "Only the last N entries.",
    "Seulement les fiches changées depuis le dernier export.": "Only the fiches changed since the last export.",
    "Seulement les fiches qu'aucun e-mail valide n'atteint.": "Only the fiches no valid e-mail reaches.",
    "Seulement les offres de ce statut.": "Only the offres of this status.",
    "Seulement les offres qu'aucun e-mail valide n'atteint.": "Only the offres no valid e-mail reaches.",
    "Texte du nom (casse et accents ignorés).": "Text of the name (case and accents ignored).",
    "Texte du nom, de la commune ou de l'e-mail.": "Text of the name, the commune or the e-mail.",
    "Toutes les offres « Email à transmettre » qui peuvent l'être.":
      "Every offre «Email à transmettre» that can be sent.",
    "Type Apidae (HOTELLERIE, RESTAURATION…).": "Apidae type (HOTELLERIE, RESTAURATION…).",
    "Type Apidae.": "Apidae type.",
    "Une sélection, par id ou par nom (répétable).": "A sélection, by id or by name (repeatable).",
    "on ou off (sans rien : l'état actuel).": "on or off (nothing: the current state).",
    "set QUAND, ou real.": "set WHEN, or real.",
    "status (la progression) ou next (passer une étape d'observation).":
      "status (the progress) or next (skip a step that only looks).",
    "subject, body ou from.": "subject, body or from.",
    "Format du rapport ; un rapport n'a pas de CSV.": "Format of the report; a report has no CSV.",
    "Format des résultats.": "Format of the results.",
  ]

  /// The examples of `help COMMAND` whose words are French ones the shell reads in either language
  /// (`demain`), as an English-speaking user writes them; the others are shown as declared. The
  /// examples tests run these too.
  static let englishExamples: [String: String] = [
    "clock set demain": "clock set tomorrow",
    "import export.zip --as-of \"demain 02:00\"": "import export.zip --as-of \"tomorrow 02:00\"",
  ]
}

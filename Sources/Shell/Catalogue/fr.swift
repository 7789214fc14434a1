extension Catalogue {
  /// Les messages en français (la langue par défaut).
  static let french: [String: String] = [
    // MARK: Bases
    "repl.welcome": "oesh {0} — le shell des campagnes Open Edit. « help » pour l'aide, Ctrl-D pour quitter.",
    "init.created": "Espace de travail créé : {0}",
    "launcher.empty_directory": "{0} : le nom du dossier est vide : donnez le dossier à créer",
    "error.prefix": "erreur : ",
    "punct.colon": " : ",
    "error.from": "depuis {0}",
    "error.levels_skipped": "… {0} autres niveaux",
    "error.empty": "commande vide",
    "error.unknown_command": "commande inconnue « {0} ».",
    "error.did_you_mean": "Vouliez-vous dire « {0} » ?",
    "error.unknown_subcommand": "« {1} » n'a pas de sous-commande « {0} » : {2}.",
    "error.needs_subcommand": "« {0} » attend une sous-commande : {1}.",
    "error.bad_arguments": "{0} : {1} (voir « {2} »)",
    "parser.invalid_value": "valeur « {0} » impossible pour {1}",
    "parser.reason": " : {0}",
    "parser.values": " (valeurs : {0})",
    "parser.missing_argument": "argument manquant : {0}",
    "parser.missing_one_of": "il manque l'un de : {0}",
    "parser.unexpected_argument": "argument en trop : « {0} »",
    "parser.unexpected_arguments": "{0} arguments en trop : {1}",
    "parser.dash_hint": " ; un texte qui commence par un tiret se donne après « -- » : {0}",
    "parser.quote_hint": " ; un texte avec des espaces se met entre guillemets : {0}",
    "parser.unknown_option": "option inconnue : {0}",
    "parser.glued_value": " ; une option courte et sa valeur se séparent par une espace : {0}",
    "parser.did_you_mean": " ; vouliez-vous dire {0} ?",
    "parser.missing_value": "valeur manquante pour {0}",
    "parser.takes_no_value": "l'option {0} ne prend pas de valeur (« {1} » donné)",
    "parser.invalid_option": "option invalide : {0}",
    "parser.missing_subcommand": "sous-commande manquante",
    "error.unterminated_quote": "guillemet {0} non refermé (colonne {1})",
    "error.trailing_backslash": "barre oblique inverse en fin de ligne",
    "error.redirect_no_file": "« > » sans fichier après (colonne {0})",
    "error.redirect_no_command": "« > » sans commande avant (colonne {0})",
    "error.redirect_twice": "une seule redirection « > » par commande (colonne {0})",
    "error.redirect_stream":
      "« {0} » : oesh ne redirige que sa sortie standard, avec > ou >> (colonne {1}) ; mettez « {0} » entre guillemets pour l'écrire",
    "error.redirect_stderr":
      "« {0} » : oesh ne redirige pas la sortie d'erreur (colonne {1}) ; les erreurs y vont déjà : redirigez celle d'oesh dans le shell qui le lance (oesh -c … 2> erreurs.log), ou mettez « {0} » entre guillemets pour l'écrire",
    "error.redirect_unknown":
      "« {0} » : oesh ne connaît que « > » et « >> » (colonne {1}) ; « > » remplace déjà un fichier qui existe",
    "redirect.cannot_open": "impossible d'écrire dans {0} : {1}",
    "redirect.no_format":
      "{0} : pas de format {1}, rien n'est écrit dans {2} ; pour son texte, un fichier .txt ou sans extension : {3}",
    "redirect.no_folder": "son dossier n'existe pas",
    "output.cannot_write": "impossible d'écrire les résultats sur la sortie standard : {0}",
    "redirect.running_script": "c'est un script en cours d'exécution, oesh n'y écrit pas de résultats",
    "redirect.workspace_file": "{0} appartient à l'espace de travail, oesh n'y écrit pas de résultats",
    "quit.bad_status": "quit : code de sortie {0} impossible (de 0 à 255)",
    "source.folder": "{0} est un dossier, pas un script",
    "source.unreadable": "impossible de lire le script {0} : {1}",
    "script.input_unreadable": "impossible de lire l'entrée standard : {0} ; rien de plus n'est exécuté",
    "script.line_too_long":
      "cette ligne dépasse {0} Mo sans fin de ligne : ce n'est pas un script de commandes, rien n'en est exécuté",
    "script.line_not_utf8": "cette ligne n'est pas en UTF-8 : rien n'en est exécuté (enregistrez le script en UTF-8)",
    "script.command_not_utf8":
      "cette ligne n'est pas en UTF-8 : rien n'en est exécuté (elle vient ainsi du terminal, ou du programme qui a lancé oesh : réglez-le en UTF-8)",
    "import.no_path": "aucun export donné : un chemin vide n'en nomme aucun",
    "source.no_file": "aucun fichier de script donné : un chemin vide n'en nomme aucun",
    "source.too_large": "le script {0} dépasse {1} Mo : ce n'est pas un script de commandes, rien n'en est exécuté",
    "source.too_deep": "trop de scripts imbriqués : plus de {0} niveaux de source",
    "source.missing": "script introuvable : {0}",
    "source.recursive": "le script {0} s'appelle lui-même",
    "script.interrupted": "script arrêté (Ctrl-C) après cette ligne : la suite n'est pas exécutée",
    "set.bad_value": "valeur « {0} » impossible pour {1} (valeurs : {2})",
    "set.missing_value": "valeur manquante pour {0} (valeurs : {1})",
    "set.unknown": "réglage inconnu « {0} » (réglages : {1}).",
    "col.setting": "Réglage",
    "col.value": "Valeur",
    "settings.project_differs":
      "attention : oesh.toml suit le projet Apidae {0} (project_id), mais les exports importés dans cet espace de travail sont du projet {1} : ses fiches en viennent, et ses exports sont ignorés ; corrigez project_id, ou faites un autre espace de travail pour le projet {0}",
    "workspace.settings_too_large":
      "{0} fait {1} octets, quand des réglages en font quelques centaines (oesh en lit 1 Mio au plus) : ce n'est pas le fichier de réglages, rien n'en est lu",
    "workspace.from_environment": "$OESH_WORKSPACE : {0}",
    "workspace.empty_path": "-w (--workspace) est vide : donnez le dossier de l'espace de travail",
    "workspace.missing": "le dossier {0} n'existe pas ; créez un espace de travail avec : oesh init {1}",
    "workspace.inside_a_workspace":
      "{0} n'est pas un espace de travail oesh (pas de oesh.toml), mais un dossier de celui de {1} : oesh -w {2}",
    "workspace.not_a_workspace":
      "{0} n'est pas un espace de travail oesh (pas de oesh.toml) ; créez-en un avec : oesh init {1}",

    "explain.prefix": "↳ ",
    "timing.took": "Durée : {0}",
    // MARK: Aide
    "help.intro": "Commandes d'oesh (« help COMMANDE » pour le détail) :",
    "help.outro":
      "Arguments avec espaces entre guillemets (\"…\" ou '…'), # commente, ; sépare deux commandes, > FICHIER écrit les résultats dans un fichier (>> les ajoute ; un fichier .csv ou .json les a dans ce format).",
    "help.procedure":
      "La procédure « Ajouter une fiche dans une campagne en cours » : sync, open campaign, audience, actualiser, send ; « tutorial » l'enseigne pas à pas, « why ID » dit où une fiche en est.",
    "help.procedure.sync":
      "Dans la procédure « Ajouter une fiche dans une campagne en cours » : une fois la sélection changée dans Apidae et exportée (la nuit, ou par un calcul exceptionnel), « sync » met à jour les fiches et les sélections d'Open Edit, jamais l'audience des campagnes (R3). Ensuite : open campaign TITRE, puis actualiser.",
    "help.procedure.open.campaign":
      "Dans la procédure « Ajouter une fiche dans une campagne en cours » : Campagnes › intitulé de la campagne. Les commandes « audience », « actualiser », « send » et « why » travaillent sur la campagne ouverte ; « campaigns » en liste les intitulés. Ensuite : audience, puis actualiser.",
    "help.procedure.audience":
      "Dans la procédure « Ajouter une fiche dans une campagne en cours » : le bouton Audience. Une fiche qui vient d'entrer dans une sélection de la campagne n'y est qu'après « sync » puis « actualiser ».",
    "help.procedure.actualiser":
      "Dans la procédure « Ajouter une fiche dans une campagne en cours » : Audience › Actualiser. Relit les sélections de la campagne telles que le dernier « sync » les a importées : un changement fait dans Apidae n'y est qu'après son export et « sync ». Rien n'est envoyé, aucun statut déjà là n'est remis à zéro. Ensuite : send ID, le picto enveloppe.",
    "help.procedure.send":
      "Dans la procédure « Ajouter une fiche dans une campagne en cours » : le picto enveloppe de l'offre, la dernière étape. Seule une offre de l'audience en « Email à transmettre », dont la fiche a un e-mail valide, s'envoie, une fois : elle passe en « Email transmis ». Une fiche nouvelle dans la sélection entre dans l'audience par « actualiser » d'abord.",
    "help.procedure.why":
      "Dans la procédure « Ajouter une fiche dans une campagne en cours » : dit à quelle étape la fiche s'est arrêtée (Apidae, export, sync, actualiser, send) et la commande suivante, dans la campagne ouverte.",
    "help.usage": "Usage :",
    "help.arguments": "Arguments :",
    "help.options": "Options :",
    "help.subcommands": "Sous-commandes :",
    "help.help_flag": "Affiche l'aide.",
    "help.version_flag": "Affiche la version.",
    "help.values": "(valeurs : ",
    "punct.semicolon": " ; ",
    "help.mentions": "Pas de commande « {0} » ; les commandes qui en parlent :",
    "help.default": "(par défaut : ",
    "help.see_subcommand": "Voir « {0} SOUS-COMMANDE » pour le détail.",
    "help.aliases": "Alias :",
    "help.examples": "Exemples :",
    "group.basics": "Bases",
    "group.exports": "Exports Apidae et synchronisation",
    "group.fiches": "Fiches et sélections",
    "group.campaigns": "Campagnes",
    "group.apidae": "Côté Apidae (simulé)",
    "group.teaching": "Apprendre",

    // MARK: Teaching: the Apidae side, demo, tutorial, explain, record, expect
    "apidae.not_yet":
      "Open Edit ne le saura qu'au prochain export du projet : cette nuit (« nuit »), ou tout de suite avec un calcul exceptionnel (« apidae calcul ») puis « sync ».",
    "apidae.filter.none": "aucun (liste faite à la main)",
    "apidae.filter.types": "types {0}",
    "apidae.filter.communes": "communes {0}",
    "apidae.filter.owner": "propriétaire {0}",
    "apidae.filter.text": "nom contenant « {0} »",
    "apidae.never_exported": "jamais exportée",
    "apidae.fiche.entering": "oui (entre)",
    "apidae.col.pending": "À exporter",
    "apidae.col.filter": "Filtre",
    "apidae.col.to_export": "À exporter",
    "apidae.event_unreadable":
      "attention : {0}, table apidae_event, ligne {1} : changement prévu illisible, laissé de côté (à {2} : {3})",
    "apidae.col.at": "Quand",
    "apidae.col.change": "Dans Apidae",
    "apidae.col.done": "Fait",
    "apidae.selection.title": "Sélection {0} « {1} » dans Apidae : {2} {2|fiche|fiches}",
    "apidae.selection.filter": "Filtre : {0}",
    "apidae.selection.included": "Ajoutées à la main : {0}",
    "apidae.selection.excluded": "Retirées à la main : {0}",
    "apidae.selection.never_exported": "Jamais exportée : Open Edit ne la connaît pas encore.",
    "apidae.selection.pending":
      "Depuis le dernier export (Open Edit ne le sait pas encore) : entrent {0} ; sortent {1}",
    "apidae.selection.exported": "Open Edit a les mêmes fiches depuis le dernier export.",
    "apidae.selection.changed":
      "Sélection « {0} » modifiée dans Apidae : {1} {1|fiche entre|fiches entrent}, {2} {2|sort|sortent}.",
    "apidae.fiche.changed": "Fiche {0} modifiée dans Apidae.",
    "apidae.fiche.pending": "oui : modifiée depuis le dernier export",
    "apidae.fiche.exported": "non : Open Edit a la même chose",
    "apidae.hidden": "Fiche {0} « {1} » masquée dans Apidae.",
    "apidae.published": "Fiche {0} « {1} » publiée dans Apidae.",
    "apidae.deleted": "Fiche {0} « {1} » supprimée dans Apidae.",
    "apidae.created": "Fiche {0} « {1} » créée dans Apidae ({2}, {3}).",
    "apidae.created.enters": "Elle entre dans la sélection « {0} ».",
    "apidae.calcul.nothing": "Rien à exporter : aucune modification dans Apidae depuis le dernier export.",
    "apidae.calcul.would": "Le calcul exceptionnel exporterait :",
    "apidae.calcul.fiches": "fiches ({0}) : {1}",
    "apidae.calcul.deleted": "suppressions ({0}) : {1}",
    "apidae.calcul.selection": "sélection « {0} » : entrent {1} ; sortent {2}",
    "apidae.calcul.next": "Open Edit l'importera à la prochaine synchronisation (« sync »).",
    "apidae.export.ponctuel":
      "Apidae : calcul exceptionnel, export {0} ({1}) écrit dans snapshots/ : {2} {2|fiche|fiches}, {3} {3|suppression|suppressions}",
    "apidae.export.nightly":
      "Apidae : export nocturne {0} ({1}) : {2} {2|fiche|fiches}, {3} {3|suppression|suppressions}",
    "apidae.export.selection": "« {0} » +{1} −{2}",
    "apidae.change.created": "nouvelle fiche {0} « {1} » ({2})",
    "apidae.change.name": "nom « {0} »",
    "apidae.change.email": "e-mail {0}",
    "apidae.change.no_email": "e-mail retiré",
    "apidae.change.hidden": "masquée",
    "apidae.change.deleted": "supprimée",
    "apidae.change.published": "publiée",
    "apidae.change.selection": "sélection {0} : filtres modifiés",
    "apidae.why.hidden_pending": "Côté Apidae : la fiche a été masquée depuis le dernier export.",
    "apidae.why.deleted_pending": "Côté Apidae : la fiche a été supprimée depuis le dernier export.",
    "apidae.why.entering":
      "Côté Apidae : la sélection « {0} » la contient déjà, mais aucun export ne l'a encore apportée à Open Edit.",
    "apidae.actualiser_first":
      "Dans Apidae, la sélection « {0} » a changé depuis le dernier export ({1} {1|fiche entre|fiches entrent}, {2} {2|sort|sortent}) : Open Edit ne le sait pas encore. Un export d'abord (« apidae calcul », le calcul exceptionnel, ou « nuit »), puis « sync » et « actualiser ».",
    "apidae.why.next_export_actualiser":
      "Étape suivante : un export qui l'apporte (« apidae calcul », le calcul exceptionnel, ou « nuit »), puis « sync » et « actualiser ».",
    "apidae.why.next_export":
      "Étape suivante : un export qui l'apporte (« apidae calcul », le calcul exceptionnel, ou « nuit »), puis « sync ».",
    "apidae.why.unknown":
      "pas de fiche {0} : ni Open Edit, ni les exports de snapshots/, ni le projet Apidae ne l'ont (voir « apidae fiches »)",
    "apidae.why.leaving":
      "Côté Apidae : la fiche n'est plus dans la sélection « {0} » ; le prochain export l'en sortira.",
    "apidae.why.fiche_pending":
      "Côté Apidae : la fiche a changé depuis le dernier export ; le prochain export l'apportera.",
    "apidae.already": "Rien à faire : la fiche {0} « {1} » est déjà dans cet état dans Apidae.",
    "apidae.agenda.none": "Rien de prévu.",
    "apidae.error.unknown_fiche": "Apidae n'a pas de fiche {0}",
    "apidae.error.unknown_fiche_name": "Apidae n'a pas de fiche « {0} » (voir « apidae fiches »)",
    "apidae.error.unknown_selection": "Apidae n'a pas de sélection « {0} » (voir « apidae selections »)",
    "apidae.error.ambiguous": "« {0} » peut désigner : {1}",
    "apidae.error.unknown_commune": "commune inconnue du projet : « {0} »",
    "apidae.error.unknown_type": "type Apidae inconnu « {0} » (types : {1})",
    "apidae.error.clock_before_export":
      "l'horloge ({0}) est avant l'export {1} ({2}) : Apidae ne date pas un export d'avant le dernier (le « sync » n'en prendrait pas les sélections) ; rien n'est écrit, les changements attendent. Avancez l'horloge jusqu'à lui : clock set \"{2}\"",
    "apidae.error.included_and_excluded":
      "la fiche {0} est à la fois dans --include et dans --exclude : ajoutée ou retirée à la main, elle ne peut être les deux ; rien n'est changé",
    "apidae.fiche.email_conflict":
      "--email et --no-email ensemble : l'un donne une adresse, l'autre la retire ; donnez l'un ou l'autre",
    "apidae.error.unknown_owner":
      "aucune fiche du projet n'a pour propriétaire « {0} » : le filtre n'en retiendrait aucune (« apidae fiche ID » montre le propriétaire d'une fiche)",
    "apidae.fiche.unchanged": "Rien à faire : dans Apidae, la fiche {0} « {1} » {2}.",
    "apidae.fiche.unchanged.name": "a déjà ce nom",
    "apidae.fiche.unchanged.email": "a déjà cette adresse e-mail",
    "apidae.fiche.unchanged.no_email": "n'a déjà pas d'e-mail",
    "apidae.fiche.unchanged.name_email": "a déjà ce nom et cette adresse e-mail",
    "apidae.fiche.unchanged.name_no_email": "a déjà ce nom, et pas d'e-mail",
    "apidae.error.deleted": "la fiche {0} est supprimée dans Apidae",
    "apidae.error.empty_name": "une fiche a besoin d'un nom",
    "apidae.error.too_long":
      "{0} de {1} octets : oesh ne lit pas de texte de plus de {2} octets dans un export (ceux d'Apidae en font quelques centaines), et le prochain « sync » refuserait l'export qui le porterait ; rien n'est changé",
    "apidae.error.empty": "le projet Apidae est vide : aucun export dans snapshots/",
    "demo.created":
      "Espace de démonstration créé : {0}\nLa campagne « {1} » est en cours ; l'horloge est au lundi {2}. Essayez : oesh -w {3}, puis « help », « campaigns », « apidae agenda », « source procedure.oesh ».",
    "explain.on":
      "Explications activées : chaque commande dira aussi les clics qu'elle représente dans Open Edit ou Apidae.",
    "explain.off": "Explications désactivées.",
    "explain.apidae.selections": "Apidae › Projet › Sélections",
    "explain.apidae.selection": "Apidae › Sélections › « {0} »",
    "explain.apidae.filters": "Apidae › Sélections › « {0} » › modifier le ou les filtres associés",
    "explain.apidae.fiche": "Apidae › la fiche « {0} »",
    "explain.apidae.fiche_edit": "Apidae › la fiche « {0} » › Modifier",
    "explain.apidae.fiche_email": "Apidae › la fiche « {0} » › Modifier › Moyens de communication (Mél)",
    "explain.apidae.hide": "Apidae › la fiche « {0} » › Masquer",
    "explain.apidae.publish": "Apidae › la fiche « {0} » › Publier",
    "explain.apidae.delete": "Apidae › la fiche « {0} » › Supprimer",
    "explain.apidae.new_fiche": "Apidae › Créer une fiche",
    "explain.apidae.calcul": "Apidae › Projet › demander un calcul exceptionnel du projet",
    "history.unreadable":
      "attention : l'historique de cette session ne sera pas enregistré : impossible de lire {0} : {1}",
    "history.not_a_history":
      "attention : l'historique de cette session ne sera pas enregistré : {0} n'est pas un historique d'oesh, il est laissé tel quel",
    "history.unwritable": "attention : l'historique n'est plus enregistré : impossible d'écrire {0} : {1}",
    "history.locked_at_start":
      "attention : l'historique de cette session ne sera pas enregistré : un autre programme garde {0} verrouillé",
    "history.locked": "attention : l'historique n'est plus enregistré : un autre programme garde {0} verrouillé",
    "record.none": "Aucun enregistrement en cours.",
    "record.stopped": "Enregistrement arrêté : {0} {0|commande|commandes} dans {1}.",
    "record.already": "un enregistrement est déjà en cours dans {0} (« record stop » l'arrête)",
    "record.clock_real": "{0} (temps réel)",
    "record.clock_simulated": "{0} (horloge simulée)",
    "record.header": "Enregistré par oesh le {0}.",
    "record.header_workspace": "Espace de travail : {0}",
    "record.header_clock": "Horloge au départ : {0}",
    "record.header_replay": "Rejouer sur le même espace de départ : oesh -w {0} -f {1}",
    "record.script_running":
      "{0} est un script en cours d'exécution : y enregistrer l'effacerait ; enregistrez dans un autre fichier",
    "record.source_refused":
      "{0} est en cours d'enregistrement : le lire maintenant l'écrirait dans lui-même (« record stop » d'abord)",
    "record.broken":
      "attention : enregistrement arrêté, impossible d'écrire {0} : {1} ; la commande a bien été exécutée, mais n'y est pas (le script garde {2} {2|commande|commandes} d'avant)",
    "record.gone":
      "attention : enregistrement arrêté, impossible d'écrire {0} : {1} ; la commande a bien été exécutée, mais le script n'est plus là, ni ce qu'il gardait ({2} {2|commande|commandes} d'avant)",
    "record.no_file": "aucun fichier où enregistrer : un chemin vide n'en nomme aucun",
    "record.cannot_write": "impossible d'écrire {0} : {1}",
    "record.started":
      "Enregistrement dans {0} : les commandes qui réussissent y seront écrites (« record stop » pour arrêter).",
    "expect.no_campaign": "aucune campagne ouverte : ouvrez-en une (open campaign) ou précisez --campaign",
    "expect.status.absent": "attendu : la fiche {0} en « {1} » dans « {2} » ; trouvé : pas dans l'audience",
    "expect.status.failed": "attendu : la fiche {0} en « {1} » ; trouvé : « {2} »",
    "expect.with_status": " en « {0} »",
    "expect.audience.failed": "attendu : {0} {0|offre|offres}{1} ; trouvé : {2}",
    "expect.outbox.failed": "attendu : {0} {0|e-mail|e-mails} dans outbox/ ; trouvé : {1}",
    "expect.fails.empty": "« expect fails » attend une commande",
    "expect.fails.help": "« expect fails {0} » : la commande a affiché son aide au lieu d'échouer",
    "expect.fails.quit": "« {0} » quitte le shell : ce n'est pas un échec à vérifier",
    "expect.fails.succeeded": "attendu : l'échec de « {0} » ; trouvé : elle a réussi",
    "expect.ok.status": "ok : {0} « {1} » est en « {2} »",
    "expect.ok.audience": "ok : {0} {0|offre|offres}{1}",
    "expect.ok.outbox": "ok : {0} {0|e-mail|e-mails} dans outbox/",
    "expect.ok.fails": "ok : « {0} » échoue comme prévu ({1})",
    "tutorial.lesson": "━━ Leçon {0}/{1} : {2} ━━",
    "tutorial.goal": "But : {0}",
    "tutorial.screen": "Écran : {0}",
    "tutorial.step": "Étape {0}/{1} :",
    "tutorial.not_yet": "(Pas encore : {0}. « hint » donne la commande.)",
    "tutorial.look_at": "(Pas encore : cette étape regarde « {0} ».)",
    "tutorial.not_yet_plain": "(Pas encore : {0})",
    "tutorial.fiche_deleted":
      "{0} est supprimée dans Apidae : aucune étape ne la ramène. Quittez (Ctrl-D) et recommencez sur une démo neuve : « {1} ».",
    "tutorial.refused": "cette étape n'est pas faite : {0}. La commande : {1}",
    "tutorial.finished":
      "Bravo, le tutoriel est fini : vous avez fait toute la procédure, des deux côtés. L'espace reste à vous pour essayer ; « oesh tutorial --reset » recommence à zéro.",
    "tutorial.none_here":
      "pas de tutoriel en cours ici : « tutorial » le commence sur cette démo, « oesh tutorial » sur une démo à lui",
    "tutorial.hint": "Indice : {0}",
    "tutorial.welcome":
      "Bienvenue dans le tutoriel d'oesh. Pas à pas, vous allez faire la procédure « Ajouter une fiche dans une campagne en cours », côté Apidae (simulé) et côté Open Edit, sur un territoire de démonstration. Tapez les vraies commandes ; « hint » donne la commande de l'étape, « tutorial status » la progression ; Ctrl-D pour partir, « {0} » pour reprendre.",
    "tutorial.created": "Tutoriel : nouvel espace de démonstration {0}",
    "tutorial.left":
      "Tutoriel laissé à la leçon {0}/{1}, étape {2}/{3} : sa progression est gardée ; « {4} » le reprend là.",
    "tutorial.resumed": "Tutoriel : reprise dans {0}",
    "tutorial.not_demo":
      "le tutoriel se fait sur un espace de démonstration : lancez « oesh tutorial » (ou créez une démo avec « oesh demo DOSSIER »)",
    "tutorial.check_failed": "(le tutoriel n'a pas pu vérifier l'étape : {0})",
    "tutorial.status.title": "Tutoriel ({0}) :",
    "tutorial.status.step": "(étape {0}/{1})",
    "tutorial.status.count": "{0} {0|leçon terminée|leçons terminées} sur {1}.",
    "tutorial.usage": "« tutorial {0} » : écrivez tutorial, tutorial status ou tutorial next",
    "tutorial.l1.title": "Faire le tour : la campagne et son audience",
    "tutorial.l1.goal":
      "voir la campagne en cours, « Mise à jour 2027 », et les fiches (les offres) qu'elle touche, avec leur statut.",
    "tutorial.l1.screen": "Open Edit › Campagnes, puis l'intitulé de la campagne › Audience",
    "tutorial.l1.s1": "Listez les campagnes : « campaigns ».",
    "tutorial.l1.s1.done":
      "C'est le menu Campagnes : une campagne, « Mise à jour 2027 », sur la sélection Apidae « Hébergements ».",
    "tutorial.l1.s2": "Ouvrez la campagne « Mise à jour 2027 » (c'est cliquer sur son intitulé).",
    "tutorial.l1.s2.done": "La campagne est ouverte : l'invite la montre entre crochets.",
    "tutorial.l1.s2.not_yet": "la campagne « Mise à jour 2027 » n'est pas ouverte",
    "tutorial.l1.s3": "Regardez son audience : les offres et leur statut (le bouton Audience).",
    "tutorial.l1.s3.done":
      "Chaque fiche de la sélection est une offre : « Email transmis » pour les 5 déjà envoyées, « Email à transmettre » pour les autres.",
    "tutorial.l1.s3.done.filtered":
      "Ce n'est qu'une partie de l'audience, filtrée. Sans option, « audience » montre chaque fiche de la sélection comme une offre : « Email transmis » pour les 5 déjà envoyées, « Email à transmettre » pour les autres.",
    "tutorial.l2.title": "Dans Apidae, ajouter une fiche à la sélection",
    "tutorial.l2.goal":
      "faire entrer le « Camping La Buidonnière » (5100021) dans la campagne. D'abord côté Apidae : la sélection de la campagne doit le contenir.",
    "tutorial.l2.screen":
      "Apidae › Sélections › Hébergements › filtres (une sélection se définit par des critères : types, communes…)",
    "tutorial.l2.s1": "Demandez d'abord à oesh où en est le camping : « why 5100021 ».",
    "tutorial.l2.s1.done":
      "Open Edit connaît la fiche, mais aucune sélection de la campagne ne la contient : il faut modifier la sélection dans Apidae.",
    "tutorial.l2.s2":
      "Dans Apidae, ajoutez le type HOTELLERIE_PLEIN_AIR (les campings) aux filtres de la sélection « Hébergements ».",
    "tutorial.l2.s2.done": "Dans Apidae, la sélection « Hébergements » contient maintenant les campings.",
    "tutorial.l2.s2.not_yet":
      "dans Apidae, la sélection « Hébergements » ne contient pas encore le Camping La Buidonnière (5100021)",
    "tutorial.l3.title": "Open Edit ne le sait pas encore",
    "tutorial.l3.goal":
      "constater que le changement fait dans Apidae n'est pas dans Open Edit : il n'y arrive que par un export du projet.",
    "tutorial.l3.screen": "Open Edit › la sélection telle qu'importée ; Apidae › le projet et ses exports",
    "tutorial.l3.s1": "Regardez la sélection côté Open Edit : « selection Hébergements ».",
    "tutorial.l3.s1.done":
      "Côté Open Edit, la sélection n'a pas bougé : pas de camping. Open Edit ne voit que ce que les exports lui apportent.",
    "tutorial.l3.s1.done.synced":
      "Côté Open Edit, la sélection a déjà le camping : vous l'avez fait venir par un export et une synchronisation. Open Edit ne voit que ce que les exports lui apportent.",
    "tutorial.l3.s2": "Voyez ce que le prochain export emporterait : « apidae calcul --dry-run ».",
    "tutorial.l3.s2.done":
      "Le changement attend un export : l'export nocturne (cette nuit) ou un calcul exceptionnel du projet.",
    "tutorial.l3.s2.done.exported":
      "Le changement de la sélection est déjà dans un export (votre « apidae calcul ») : il attend la synchronisation d'Open Edit.",
    "tutorial.l3.s2.done.synced":
      "Le changement de la sélection a déjà fait son chemin : un export l'a emporté, la synchronisation l'a importé dans Open Edit.",
    "tutorial.l4.title": "Calcul exceptionnel, puis synchronisation",
    "tutorial.l4.goal": "faire arriver le changement dans Open Edit sans attendre la nuit.",
    "tutorial.l4.screen":
      "Apidae › Projet › demander un calcul exceptionnel du projet ; Open Edit se synchronise ensuite seul (ici : sync)",
    "tutorial.l4.s1":
      "Demandez un calcul exceptionnel du projet : « apidae calcul » (ou attendez la nuit : « nuit » fait l'export nocturne et la synchronisation).",
    "tutorial.l4.s1.done": "Apidae a écrit un export dans snapshots/ : la sélection y est, avec le camping.",
    "tutorial.l4.s1.not_yet": "aucun export ne porte encore la nouvelle sélection : demandez le calcul exceptionnel",
    "tutorial.l4.s2": "Synchronisez Open Edit : « sync » importe les exports dont l'heure est venue.",
    "tutorial.l4.s2.done": "Open Edit a importé l'export : le camping est dans sa sélection « Hébergements ».",
    "tutorial.l4.s2.not_yet": "la sélection « Hébergements » d'Open Edit n'a pas encore le camping : synchronisez",
    "tutorial.l5.title": "La campagne ne l'a toujours pas",
    "tutorial.l5.goal":
      "voir que la synchronisation met à jour fiches et sélections, mais jamais l'audience d'une campagne (pour éviter toute erreur).",
    "tutorial.l5.screen": "Open Edit › Campagnes › Mise à jour 2027 › Audience",
    "tutorial.l5.s1": "Regardez les offres à transmettre : « audience --status \"Email à transmettre\" ».",
    "tutorial.l5.s1.done": "Pas de camping dans l'audience : la synchronisation ne touche pas aux campagnes.",
    "tutorial.l5.s1.done.actualised":
      "Le camping est déjà dans l'audience : vous avez actualisé la campagne. La synchronisation seule ne l'y aurait pas mis.",
    "tutorial.l5.s2": "Demandez pourquoi : « why 5100021 ».",
    "tutorial.l5.s2.done": "La fiche est dans la sélection, pas dans l'audience : il faut actualiser la campagne.",
    "tutorial.l5.s2.done.actualised":
      "La fiche est dans la sélection et dans l'audience : c'est « actualiser », déjà fait, qui l'y a mise.",
    "tutorial.l5.s2.done.hidden":
      "La fiche est dans la sélection, mais masquée : « actualiser » n'ajoute que les fiches visibles. Publiez-la d'abord dans Apidae (« hint » donne la commande).",
    "tutorial.l6.title": "Actualiser l'audience",
    "tutorial.l6.goal": "faire entrer dans la campagne les fiches nouvelles de ses sélections.",
    "tutorial.l6.screen": "Open Edit › Campagnes › Mise à jour 2027 › Audience › Actualiser",
    "tutorial.l6.s1": "Actualisez l'audience : « actualiser » (la campagne doit être ouverte).",
    "tutorial.l6.s1.done":
      "Les nouvelles fiches sont dans l'audience en « Email à transmettre » ; rien n'a été renvoyé aux autres.",
    "tutorial.l6.s1.not_yet":
      "le camping n'est pas encore dans l'audience de « Mise à jour 2027 » : actualisez la campagne ouverte",
    "tutorial.l7.title": "Envoyer l'e-mail : l'enveloppe",
    "tutorial.l7.goal": "envoyer au camping l'e-mail qui l'invite à mettre sa fiche à jour.",
    "tutorial.l7.screen": "Open Edit › Campagnes › Mise à jour 2027 › Audience › picto enveloppe de l'offre",
    "tutorial.l7.s1": "Envoyez l'e-mail du camping : « send 5100021 » (il est écrit dans outbox/, rien ne part).",
    "tutorial.l7.s1.done": "L'offre passe en « Email transmis » ; l'e-mail est dans outbox/.",
    "tutorial.l7.s1.not_yet": "l'offre du camping n'est pas en « Email transmis »",
    "tutorial.l8.title": "Une fiche sans e-mail",
    "tutorial.l8.goal":
      "l'« Auberge de l'Écureuil » (5100005) est dans l'audience mais n'a pas d'e-mail : l'enveloppe ne peut rien envoyer. L'adresse se corrige dans Apidae et arrive par un export.",
    "tutorial.l8.screen":
      "Open Edit › Audience (l'offre sans e-mail) ; Apidae › la fiche › Moyens de communication (Mél)",
    "tutorial.l8.s1": "Demandez pourquoi l'auberge n'a pas eu d'e-mail : « why 5100005 ».",
    "tutorial.l8.s1.done": "Pas d'e-mail, pas d'envoi possible. La correction se fait dans Apidae.",
    "tutorial.l8.s2": "Dans Apidae, donnez une adresse à la fiche : « apidae fiche 5100005 --email ADRESSE ».",
    "tutorial.l8.s2.done": "La fiche a une adresse valide dans Apidae ; pas encore dans Open Edit.",
    "tutorial.l8.s2.not_yet":
      "la fiche 5100005 n'a toujours pas d'adresse valide dans Apidae (« nom@domaine.example », comme send l'exige)",
    "tutorial.l8.s3": "Demandez un calcul exceptionnel du projet (ou attendez la nuit : « nuit »).",
    "tutorial.l8.s3.done": "L'export emporte la fiche corrigée.",
    "tutorial.l8.s3.not_yet": "aucun export n'emporte encore la correction de la fiche 5100005 : apidae calcul",
    "tutorial.l8.s4": "Synchronisez Open Edit : « sync ».",
    "tutorial.l8.s4.done":
      "Open Edit a l'adresse : les données d'une fiche sont partagées, seule l'audience attend « actualiser ».",
    "tutorial.l8.s4.not_yet": "Open Edit n'a pas encore d'adresse valide pour la fiche 5100005",
    "tutorial.l8.s5": "Envoyez-lui l'e-mail : « send 5100005 ».",
    "tutorial.l8.s5.done": "L'auberge a reçu son e-mail.",
    "tutorial.l8.s5.not_yet": "l'offre de la fiche 5100005 n'est pas en « Email transmis »",

    // MARK: Exports, fiches, sélections
    "yes": "oui",
    "no": "non",
    "changes.created": "créations ({0}) :",
    "field.name": "nom",
    "field.type": "type",
    "field.state": "état",
    "field.commune": "commune",
    "field.email": "e-mail",
    "field.owner": "propriétaire",
    "field.other": "autres données",
    "changes.modified": "modifications ({0}) :",
    "changes.hidden": "masquages ({0}) :",
    "changes.published": "republications ({0}) :",
    "changes.deleted": "suppressions ({0}) :",
    "changes.none": "aucun changement",
    "changes.selection": "sélection {0} « {1} » :",
    "changes.selection_new": "(nouvelle)",
    "changes.selection_dropped": "(disparue de l'export)",
    "diff.unreadable_export":
      "{0} ne se lit pas : {1}. « diff » rejoue les exports dans leur ordre jusqu'à {2} et ne peut pas passer celui-ci ; corrigez-le ou retirez-le de snapshots/.",
    "diff.unreadable_target":
      "{0} ne se lit pas : {1}. « diff » ne peut pas le comparer ; corrigez-le, ou comparez un autre export (voir « snapshots »).",
    "changes.selection_renamed": "sélection {0} renommée : « {1} » → « {2} »",
    "clicks.import": "aucun clic : dans la réalité, Apidae dépose l'export et Open Edit le reçoit seul",
    "clicks.sync":
      "aucun clic : la synchronisation Apidae → Open Edit est automatique, chaque nuit (ou après un calcul exceptionnel du projet)",
    "clicks.night": "aucun clic : c'est la nuit, Apidae calcule le projet et Open Edit se synchronise",
    "clock.bad_time":
      "heure « {0} » illisible : écrivez AAAA-MM-JJ HH:MM (par exemple 2027-03-01 09:00), HH:MM (le même jour), demain [HH:MM], ou +2h, +30min, +1j (-1j en arrière)",
    "clock.before_import":
      "attention : l'horloge ({0}) est avant l'export {1} ({2}), déjà importé : Open Edit a des données d'après l'horloge",
    "clock.corrupt": "l'heure simulée enregistrée est illisible : {0} ; remettez-la avec « clock set »",
    "clock.no_morning_after": "pas de nuit après {0} : l'horloge va de l'an 0001 à l'an 9999 et ne bouge pas",
    "clock.out_of_range": "heure « {0} » hors limites : l'horloge va de l'an 0001 à l'an 9999",
    "clock.skipped":
      "« {0} » n'existe pas dans le fuseau {1} : le {2}, les horloges passent de {3} à {4} ; écrivez {4} ou plus tard",
    "clock.real": "{0} (temps réel, fuseau {1})",
    "clock.simulated": "{0} (horloge simulée, fuseau {1})",
    "clock.real_clock":
      "l'horloge suit le temps réel : « nuit » ne peut pas l'avancer ; simulez-la d'abord avec « clock set AAAA-MM-JJ HH:MM »",
    "clock.set_needs_time": "« clock set » attend une date : clock set \"2027-03-01 09:00\"",
    "clock.usage": "« clock {0} » : écrivez clock, clock set QUAND ou clock real",
    "col.campaigns": "Campagne",
    "col.commune": "Commune",
    "col.created_in": "Créée par",
    "col.date": "Date",
    "col.deleted": "Suppr.",
    "col.email": "E-mail",
    "col.export": "Export",
    "col.absent": "Absentes",
    "col.fiches": "Fiches",
    "col.id": "Id",
    "col.identifier": "Identifiant",
    "col.imported": "Importé",
    "col.imported_at": "Importé le",
    "col.modified": "Modifiée (Apidae)",
    "col.name": "Nom",
    "col.objects": "Fiches",
    "col.owner": "Propriétaire",
    "col.ponctuel": "Ponctuel",
    "col.project": "Projet",
    "col.reinit": "Réinit.",
    "col.selections": "Sélections",
    "col.state": "État",
    "col.type": "Type",
    "col.updated_in": "Mise à jour par",
    "diff.between": "De {0} à {1} :",
    "diff.pending": "Ce que le prochain « sync » changerait dans Open Edit ({0}) :",
    "diff.pending_none_due":
      "Aucun export dont l'heure est venue (l'horloge est au {0}) : le prochain « sync » ne changerait rien.",
    "diff.pending_not_due": "Pas encore {1|dû|dus} (le prochain « sync » {1|le|les} laisse) : {0}",
    "diff.pending_none": "Aucun export en attente : Open Edit est à jour des exports de snapshots/.",
    "diff.usage": "écrivez « diff A B » (deux exports, A plus ancien) ou « diff pending »",
    "email.none": "— pas d'e-mail",
    "email.none_long": "aucun (ni sur la fiche, ni chez un contact) : la fiche ne peut pas recevoir de message",
    "email.invalid_long":
      "« {0} » : e-mail invalide, la fiche ne peut pas recevoir de message (à corriger dans Apidae)",
    "export.place.export": "export {0}",
    "export.place.entry": ", entrée {0}",
    "export.place.sidecar": ", fichier de notification {0}",
    "export.place.line": ", ligne {0}",
    "export.place.column": ", colonne {0}",
    "export.reason.bad_name": "le nom ne suit pas le modèle <projetId>_<AAAAMMJJ>-<HHMM>_<code>",
    "export.reason.checksum": "entrée corrompue (somme CRC-32 fausse)",
    "export.reason.damaged": "données compressées endommagées",
    "export.reason.damaged_directory":
      "répertoire du zip endommagé : ses entrées ne sont pas toutes où il le dit (lu tel quel, il en manquerait à l'export)",
    "export.reason.duplicate_entry": "l'entrée apparaît deux fois",
    "export.reason.encrypted": "entrée chiffrée : oesh ne peut pas la lire, et Apidae n'en chiffre aucune",
    "export.reason.malformed": "JSON mal formé : {0}",
    "export.reason.missing_selections": "selections.json manque",
    "export.reason.selections_in_folder":
      "selections.json doit être à la racine de l'export, pas dans le dossier « {0} » : l'export est ce que ce dossier contient (zippez son contenu, pas le dossier)",
    "export.reason.not_a_zip": "ce n'est pas une archive zip",
    "export.reason.not_found": "fichier ou dossier introuvable",
    "export.reason.not_a_regular_file": "ce n'est pas un fichier ordinaire (un tube nommé, un périphérique…)",
    "export.reason.dangling_link": "lien symbolique vers « {0} », qui n'existe pas",
    "export.reason.link_loop": "liens symboliques qui mènent l'un à l'autre, jamais à un fichier",
    "export.reason.link_to_enclosing_folder":
      "lien symbolique vers un dossier qui le contient : l'export se contiendrait lui-même",
    "export.reason.sidecar_too_large":
      "notification de {0} octets, quand celles d'Apidae en font quelques centaines (oesh en lit 64 Kio au plus)",
    "export.reason.truncated": "archive zip tronquée (son répertoire central manque)",
    "export.reason.unexpected_entry": "fichier inattendu (seuls des .json vont dans objets_modifies/)",
    "export.reason.unsupported_compression": "méthode de compression non prise en charge (ni Deflate ni stockée)",
    "export.reason.unreadable": "illisible : {0}",
    "export.reason.unwritable": "écriture impossible : {0}",
    "export.reason.too_large":
      "entrée trop grande : {0} une fois décompressée, quand oesh lit au plus 1 Go par entrée (une « bombe zip » ?)",
    "export.reason.symbolic_link": "lien symbolique : un export doit contenir ses propres fichiers",
    "size.kilobytes": "{0} ko",
    "journal.pruned": "{0} {0|export|exports} ({1}) avant la réinitialisation {2} : {3}",
    "journal.kind.snapshots.pruned": "Exports supprimés de snapshots/",
    "prune.confirm":
      "Supprimer de snapshots/ {0} {0|export importé|exports importés} avant la dernière réinitialisation ({1}) ? Apidae ne {0|le|les} renverra pas.",
    "prune.cancelled": "Rien n'est supprimé.",
    "prune.needs_yes": "snapshots prune hors d'un terminal demande --yes (ou --dry-run pour voir)",
    "prune.no_reinit":
      "Rien à supprimer : aucune réinitialisation n'est importée. Seuls les exports importés avant la dernière réinitialisation importée peuvent partir : elle porte toutes les fiches et toutes les sélections.",
    "prune.nothing": "Rien à supprimer : aucun export avant la réinitialisation {0}, la dernière importée.",
    "prune.would_remove":
      "{0} {0|export serait supprimé|exports seraient supprimés} de snapshots/ ({1}), {0|importé|importés} avant la réinitialisation {2} :",
    "prune.removed":
      "{0} {0|export supprimé|exports supprimés} de snapshots/ ({1} libérés), {0|importé|importés} avant la réinitialisation {2} :",
    "prune.row": "{0}  {1}  {2}",
    "prune.would_repoint": "Le JSON de {0} {0|fiche|fiches} se lirait dans la réinitialisation.",
    "prune.would_copy":
      "Celui de {0} {0|fiche|fiches}, {0|absente|absentes} de la réinitialisation, serait gardé dans state.sqlite.",
    "prune.repointed": "Le JSON de {0} {0|fiche|fiches} se lit désormais dans la réinitialisation.",
    "prune.copied":
      "Celui de {0} {0|fiche|fiches}, {0|absente|absentes} de la réinitialisation, est gardé dans state.sqlite.",
    "prune.none_removed": "Rien n'est supprimé avant la réinitialisation {0}, la dernière importée :",
    "prune.kept": "Gardé : {0} — {1}",
    "prune.kept.not_imported": "pas encore importé : le prochain sync le prend, ou dit pourquoi il ne le peut pas",
    "prune.kept.unreadable": "le JSON de fiches y est, et il ne se lit plus ({0})",
    "prune.kept.changed": "le JSON de fiches y est, et l'export n'a plus les octets importés (il a été remplacé)",
    "prune.kept.still_needed":
      "le JSON de fiches y est encore (un import d'un autre shell entre-temps) : relancez « snapshots prune »",
    "prune.kept.not_removed": "la suppression a échoué ({0})",
    "prune.not_removed":
      "la suppression de {0} {0|export|exports} de snapshots/ a échoué ({1}) : {0|il est gardé|ils sont gardés}, rien n'en est perdu",
    "prune.kept.linked": "l'export {0} y mène par un lien symbolique : le supprimer casserait celui-là",
    "prune.reinit_missing":
      "la réinitialisation {0}, la dernière importée, n'est plus dans snapshots/ : rien n'est supprimé. Remettez-la : le JSON des fiches se lirait dans elle, et un state.sqlite reconstruit par sync repartirait d'elle.",
    "prune.reinit_unreadable":
      "la réinitialisation {0}, la dernière importée, ne se lit plus ({1}) : rien n'est supprimé. Remettez-la telle qu'importée : le JSON des fiches se lirait dans elle, et un state.sqlite reconstruit par sync repartirait d'elle.",
    "prune.reinit_changed":
      "la réinitialisation {0}, la dernière importée, n'a plus les octets importés (elle a été remplacée) : rien n'est supprimé. Remettez-la telle qu'importée : le JSON des fiches se lirait dans elle, et un state.sqlite reconstruit par sync repartirait d'elle.",
    "size.megabytes": "{0} Mo",
    "export.reason.wrong_shape": "forme JSON inattendue : {0}",
    "export.refused": "export refusé, rien n'en est appliqué — {0}",
    "report.no_csv":
      "{0} : un rapport n'a pas de format CSV : --format json pour un script (un document JSON), ou --format table pour le texte",
    "fiche.raw_csv":
      "--raw donne le JSON de l'export, qui n'a pas de CSV : écrivez fiche ID --raw (le JSON tel quel) ou fiche ID --raw --format json (la fiche avec ce JSON en « raw »)",
    "fiche.no_selection": "aucune",
    "fiche.commune_unnamed": "id Apidae {0}, nom inconnu : aucun communes.json importé ne le donne",
    "fiche.since": "depuis {0}",
    "fiches.count": "{0} {0|fiche|fiches}",
    "ignored.bad_pattern": "le nom ne suit pas le modèle Apidae <projetId>_<AAAAMMJJ>-<HHMM>_<code>",
    "ignored.duplicate": "doublon de {0}",
    "ignored.failed": "Apidae a notifié cet export en erreur (statut ERROR)",
    "ignored.impossible_date": "la date ou l'heure du nom n'existe pas",
    "ignored.other_project": "export d'un autre projet Apidae ({0})",
    "ignored.sidecar": "notification sans export de ce nom",
    "import.already": "{0} est déjà dans snapshots/",
    "import.already_other":
      "{0} est déjà dans snapshots/, avec un autre contenu que celui-ci : rien n'est copié, celui de snapshots/ reste",
    "import.copy_failed": "copie de {0} impossible : {1}",
    "import.cannot_write": "impossible d'écrire dans {0}, où l'export doit être copié : {1} ; rien n'est importé",
    "import.done": "Copié dans snapshots/ : {0} ({1} {1|fiche|fiches}, {2} {2|suppression|suppressions}).",
    "import.imported_already": "Déjà importé le {0} : « sync » ne l'importera pas de nouveau.",
    "import.due": "Son heure est venue : le prochain « sync » l'importera.",
    "import.not_due": "Son heure n'est pas venue : « sync » l'importera à partir du {0} (l'horloge est au {1}).",
    "import.impossible_date":
      "la date ou l'heure du nom « {0} » n'existe pas : donnez celle de l'export avec --as-of \"AAAA-MM-JJ HH:MM\"",
    "import.needs_as_of":
      "le nom « {0} » ne suit pas le modèle Apidae : donnez sa date avec --as-of \"AAAA-MM-JJ HH:MM\"",
    "import.other_project": "cet export est du projet {0}, l'espace de travail suit le projet {1}",
    "import.unknown_project":
      "le nom « {0} » ne dit pas le projet Apidae, et l'espace de travail n'en suit encore aucun : écrivez "
      + "project_id dans oesh.toml, ou importez d'abord un export nommé comme Apidae les nomme "
      + "(<projetId>_<AAAAMMJJ>-<HHMM>_<code>.zip)",
    "kind.differential": "différentiel",
    "kind.nightly": "nocturne",
    "kind.ponctuel": "calcul exceptionnel",
    "kind.reinit": "réinitialisation",
    "night.morning": "La nuit passe… Horloge : {0}.",
    "query.ambiguous_export": "« {0} » désigne plusieurs exports : {1} ; précisez",
    "query.unknown_commune": "pas de commune « {0} » parmi celles qu'Open Edit connaît",
    "query.ambiguous_commune": "« {0} » désigne plusieurs communes : {1} ; précisez le nom ou le code INSEE",
    "query.ambiguous_selection": "« {0} » désigne plusieurs sélections : {1} ; précisez l'id",
    "query.out_of_order": "{0} est plus récent que {1} : écrivez diff {1} {0}",
    "query.same_export": "« {0} » et « {1} » désignent le même export, {2} : diff compare deux exports différents",
    "query.unknown_export": "pas d'export « {0} » dans snapshots/ (voir « snapshots »)",
    "query.ignored_export":
      "{0} est dans snapshots/, mais ce n'est pas un export qu'oesh prend : {1}",
    "query.raw_missing":
      "le JSON de la fiche {0} est dans l'export {1}, qui n'est plus dans snapshots/ : remettez-le pour le voir",
    "query.raw_unreadable": "le JSON de la fiche {0} ne se lit plus dans snapshots/ : {1}",
    "query.raw_changed":
      "{1} dans snapshots/ ne contient plus le JSON de la fiche {0} importé de lui : il a été remplacé après l'import",
    "query.unknown_fiche": "Open Edit n'a pas de fiche {0} (voir « fiches », ou « why {0} » dans une campagne)",
    "query.blank_fiche": "nom de fiche vide : donnez l'id de la fiche, ou une partie de son nom",
    "query.blank_selection":
      "nom de sélection vide : donnez l'id de la sélection, ou une partie de son nom (voir « selections »)",
    "query.unknown_fiche_name": "Open Edit n'a pas de fiche « {0} » (voir « fiches --search {1} », ou donnez l'id)",
    "query.ambiguous_fiche": "« {0} » désigne plusieurs fiches : {1} ; donnez l'id",
    "query.unknown_selection": "pas de sélection « {0} » (voir « selections »)",
    "query.unknown_type": "type « {0} » inconnu ; types Apidae : {1}",
    "selection.missing": "Absentes d'Open Edit (supprimées ou jamais reçues) : {0}",
    "selection.title": "Sélection {0} « {1} » : {2} {2|fiche|fiches}",
    "selections.absent":
      "Absentes : les fiches que la sélection compte dans Apidae mais qu'Open Edit n'a pas (supprimées ou jamais reçues) ; « selection ID » les nomme.",
    "selections.none": "Aucune sélection : importez un export avec « sync ».",
    "snapshots.ignored": "Ignoré : {0} — {1}",
    "snapshots.prunable":
      "{0} {0|export importé|exports importés} avant la réinitialisation {1} {0|peut|peuvent} quitter snapshots/ : « snapshots prune --dry-run » dit lesquels.",
    "snapshots.none": "Aucun export dans snapshots/ : déposez-y les zips d'Apidae, ou « import CHEMIN ».",
    "snapshots.unreadable": "Illisible : {0}",
    "system.ENOENT": "fichier ou dossier introuvable",
    "system.EACCES": "permission refusée",
    "system.EPERM": "opération non permise",
    "system.ENOSPC": "plus de place sur le disque",
    "system.EROFS": "système de fichiers en lecture seule",
    "system.EEXIST": "le fichier existe déjà",
    "system.EISDIR": "c'est un dossier",
    "system.ENOTDIR": "un élément du chemin n'est pas un dossier",
    "system.EIO": "erreur d'entrée-sortie",
    "system.EDQUOT": "quota disque dépassé",
    "system.ENAMETOOLONG": "nom trop long",
    "system.ENOTEMPTY": "le dossier n'est pas vide",
    "system.EBADF": "flux fermé",
    "system.EXDEV": "déplacement impossible d'un disque à un autre",
    "system.EBUSY": "fichier ou dossier occupé par le système",
    "system.ELOOP": "trop de liens symboliques enchaînés",
    "system.EMFILE": "trop de fichiers ouverts par oesh",
    "system.ENFILE": "trop de fichiers ouverts sur la machine",
    "system.EFBIG": "fichier trop gros",
    "system.ETXTBSY": "fichier en cours d'utilisation",
    "system.ENXIO": "rien ne répond derrière ce fichier spécial",
    "system.ENOMEM": "mémoire insuffisante",
    "system.EPIPE": "le programme qui lisait s'est arrêté",
    "system.ESTALE": "fichier d'un partage réseau qui n'est plus valable",
    "system.EAGAIN": "ressource momentanément indisponible, réessayez",
    "system.EINVAL": "opération impossible sur ce fichier",
    "system.unexpected": "erreur inattendue (détail : {0})",
    "system.SQLITE_NOTADB": "ce n'est pas une base de données",
    "system.SQLITE_CORRUPT": "la base est endommagée",
    "system.SQLITE_CANTOPEN": "impossible de l'ouvrir",
    "launcher.bad_arguments": "{0} (voir « oesh --help »)",
    "store.locked":
      "l'espace de travail est occupé par un autre oesh (base {0} verrouillée en écriture) ; réessayez quand il aura fini",
    "store.unreadable": "la base {0} est illisible : {1}",
    "store.disk_full":
      "le disque est plein ({0}) : rien de cette commande n'est gardé ; libérez de la place, puis recommencez",
    "store.read_only":
      "l'espace de travail ne peut pas être écrit ({0} ou son dossier est en lecture seule) : vérifiez les droits du dossier",
    "store.newer_version":
      "cet espace de travail a été mis à jour par une version d'oesh plus récente que celle-ci ({2}) : pour l'ouvrir, installez la version qui l'a mis à jour ou une plus récente ; rien n'y est changé (détail : {0}, migrations inconnues {1})",
    "store.file_missing": "{0} manquait",
    "store.file_empty": "{0} était vide",
    "store.created_beside_sent_mail":
      "attention : {0} : une base neuve, vide, est créée, alors que outbox/ garde {1} {1|e-mail envoyé|e-mails envoyés}. « sync » réimporte les fiches et les sélections des exports de snapshots/, mais les campagnes, leurs offres, l'horloge simulée et le journal n'étaient que dans l'ancienne base : si elle a été déplacée ou sauvegardée, quittez et remettez-la à sa place",
    "store.unexpected": "erreur inattendue de la base {0} (détail : {1})",
    "store.io_error": "erreur d'entrée-sortie du système sur {0} : rien de cette commande n'est gardé",
    "sync.bad_export":
      "{0} : {1}. Les exports d'avant restent importés ({2} {2|importé|importés} par cette synchronisation) ; corrigez ou retirez celui-ci de snapshots/.",
    "sync.bad_export.first":
      "{0} : {1}. Rien n'est importé : corrigez ou retirez cet export de snapshots/, puis « sync ».",
    "sync.bad_export.dry_run":
      "{0} : {1}. La synchronisation s'arrêterait là, après {2} {2|export|exports} ; corrigez ou retirez celui-ci de snapshots/.",
    "sync.store_failed":
      "{0} n'est pas importé : {1}. Les exports d'avant, eux, restent importés ({2} {2|importé|importés} par cette synchronisation).",
    "sync.disk_full": "le disque est plein ({0}) ; libérez de la place, puis « sync »",
    "sync.interrupted":
      "interrompu (Ctrl-C) pendant l'import de {0} : rien de cet export n'est gardé ; les exports d'avant restent importés ({1} {1|importé|importés} par cette synchronisation). « sync » reprend où elle s'est arrêtée.",
    "sync.interrupted.first":
      "interrompu (Ctrl-C) pendant l'import de {0} : rien n'en est gardé, et rien n'est importé par cette synchronisation. « sync » reprend où elle s'est arrêtée.",
    "sync.dry_run": "(simulation : rien n'est changé)",
    "sync.imported": "Import de {0} ({1}) : {2} {2|fiche|fiches} et {3} {3|suppression|suppressions} dans l'export",
    "sync.would_import":
      "Importerait {0} ({1}) : {2} {2|fiche|fiches} et {3} {3|suppression|suppressions} dans l'export",
    "sync.late":
      "(arrivé en retard : un export plus récent était déjà importé ; ses sélections, plus anciennes, ne sont pas appliquées, ni ses versions des fiches qu'un export plus récent avait apportées : {0})",
    "sync.late_superseded":
      "(arrivé en retard : la réinitialisation {0}, plus récente, était déjà importée ; rien n'est appliqué de cet export, qu'elle a remplacé : {1})",
    "sync.next": "Prochain export : {0}, à {1}.",
    "sync.nothing_due_next":
      "Rien à importer à {0}. Prochain export : {1}, à {2} — Apidae calcule le projet chaque nuit ; « nuit » avance l'horloge simulée, ou demandez un calcul exceptionnel du projet dans Apidae.",
    "sync.nothing_due_next_real":
      "Rien à importer à {0}. Prochain export : {1}, à {2} — Apidae calcule le projet chaque nuit ; pour l'avoir plus tôt, demandez un calcul exceptionnel du projet dans Apidae.",
    "sync.nothing_pending":
      "Rien à importer à {0} : aucun export en attente. Le prochain arrivera avec le calcul nocturne du projet ; pour l'avoir plus tôt, demandez un calcul exceptionnel dans Apidae.",
    "sync.simulated_hint":
      "Ici, Apidae est simulé : « apidae calcul » écrit un calcul exceptionnel dans snapshots/, « nuit » l'export nocturne.",
    "sync.unknown_deletions": "suppressions de fiches inconnues d'Open Edit ({0}) : {1}",
    "workspace.already": "{0} est déjà un espace de travail oesh",
    "workspace.bad_settings": "{0}: réglage illisible : {1}",
    "settings.syntax": "ce n'est pas du TOML correct (colonne {0})",
    "settings.syntax_redefined": "« {1} » est déjà réglé plus haut (colonne {0}) : un réglage ne se donne qu'une fois",
    // less's prompt syntax: «?e…:….» is «at the end … otherwise …», «\:» a colon; no apostrophe (quoted).
    "pager.prompt": "?e(fin)   q \\: revenir au shell:espace \\: la suite   b \\: retour   q \\: revenir au shell.",
    "pager.prompt.short": "?e(fin)  q \\: shell:espace \\: suite  b \\: retour  q \\: shell.",
    "pager.not_started":
      "attention : le pager « {0} » n'a pas pu être lancé : les résultats sont écrits sans lui (« set pager off » pour ne plus l'essayer)",
    "settings.unknown_key": "attention : oesh.toml : réglage inconnu « {0} », ignoré (réglages : {1})",
    "settings.not_utf8": "ce n'est pas du texte UTF-8",
    "settings.not_a_string": "{0} doit être une chaîne entre guillemets",
    "settings.not_a_positive_integer": "{0} doit être un entier positif",
    "settings.not_a_table": "{0} doit être une table ([{0}])",
    "settings.unknown_time_zone": "fuseau horaire inconnu {0} (par exemple Europe/Paris)",
    "workspace.cannot_create": "impossible de créer {0} : {1}",
    "workspace.not_a_directory": "{0} n'est pas un dossier",
    "workspace.snapshots_unusable": "le dossier snapshots/ est inutilisable ({0}) : {1}",
    "workspace.moved":
      "l'espace de travail {0} n'est plus là (renommé, déplacé ou supprimé pendant que oesh tournait) : rien n'est fait ; quittez, puis ouvrez-le là où il est maintenant",
    "workspace.snapshots_missing":
      "le dossier snapshots/ n'est plus là ({0}) : remettez-le ; s'il est perdu, recréez-le vide (les fiches importées restent dans state.sqlite, mais pas leur JSON)",
    "workspace.unreadable": "{0} est illisible : {1}",

    // MARK: Campagnes
    "actualiser.added": "Ajoutées à l'audience ({0}), statut « {1} » :",
    "actualiser.would_add": "Seraient ajoutées ({0}), statut « {1} » :",
    "actualiser.changed": "Passent à « {1} » ({0}) :",
    "actualiser.nothing": "Rien à actualiser : l'audience de « {0} » suit déjà ses sélections.",
    "actualiser.sync_first":
      "Mais {0} {0|export arrivé n'est|exports arrivés ne sont} pas encore {0|importé|importés} ({1}) : « actualiser » relit les sélections telles qu'importées. « sync » d'abord ; « actualiser » y ajoutera ensuite {2} {2|fiche|fiches} et changera {3} {3|offre|offres}.",
    "actualiser.now": "Audience : {0} {0|offre|offres} — {1}.",
    "audience.footer": "« {0} » : {1} {1|offre affichée|offres affichées} ; audience : {2}.",
    "campaign.ambiguous": "« {0} » désigne plusieurs campagnes : {1} ; donnez l'id",
    "campaign.none_to_close": "Aucune campagne n'est ouverte : rien à fermer.",
    "campaign.closed": "Campagne « {0} » fermée.",
    "campaign.created":
      "Campagne {0} « {1} » créée sur {2} : {3} {3|fiche|fiches} dans son audience, « Email à transmettre ».",
    "campaign.left_out.hidden":
      "{0} {0|fiche|fiches} de ses sélections {0|laissée|laissées} de côté, {0|masquée|masquées} (R6 ne prend que les fiches visibles ; « actualiser » les ajoute une fois publiées de nouveau) :",
    "campaign.left_out.deleted":
      "{0} {0|fiche|fiches} de ses sélections {0|laissée|laissées} de côté, {0|supprimée|supprimées} dans Apidae :",
    "campaign.left_out.not_imported":
      "{0} {0|fiche|fiches} de ses sélections {0|laissée|laissées} de côté, qu'aucun export importé n'a {0|apportée|apportées} (« actualiser » les ajoute une fois importées) :",
    "campaign.created_next": "Pour y travailler : open campaign {0}",
    "campaign.invalid_from": "expéditeur « {0} » invalide : écrivez « Nom <adresse@domaine> » ou une adresse",
    "campaign.invalid_title": "intitulé « {0} » impossible (vide ou avec des caractères de contrôle)",
    "campaign.numeric_title":
      "intitulé « {0} » impossible : fait de chiffres seuls, « open campaign {0} » le prendrait pour l'id d'une campagne",
    "campaign.body_without_link":
      "le corps doit contenir {lien} : c'est le lien du formulaire où le socio-pro met sa fiche à jour (\"\" remet le corps par défaut)",
    "campaign.set.reset": "{0} de « {1} » remis par défaut.",
    "campaign.part.subject": "Objet",
    "campaign.part.body": "Corps",
    "campaign.part.from": "Expéditeur",
    "campaign.needs_selection": "une campagne porte sur au moins une sélection : --selection ID_OU_NOM",
    "campaign.none_open.one": "aucune campagne ouverte : ouvrez-la avec « open campaign {0} »",
    "campaign.none_open":
      "aucune campagne ouverte : ouvrez-en une avec « open campaign INTITULÉ » (voir « campaigns »)",
    "campaign.not_found": "pas de campagne « {0} » (voir « campaigns »)",
    "campaign.opened": "Campagne « {0} » ouverte : {1} {1|offre|offres} — {2}.",
    "campaign.renamed": "Campagne « {0} » renommée « {1} ».",
    "campaign.set.done": "{0} de « {1} » changé.",
    "campaign.set.usage": "« {0} » : écrivez campaign set subject|body|from TEXTE",
    "campaign.show.audience": "Audience : {0} {0|offre|offres} — {1}",
    "campaign.show.body": "Corps :",
    "campaign.show.from": "Expéditeur : {0}",
    "campaign.show.selections": "Sélections : {0}",
    "campaign.show.subject": "Objet : {0}",
    "campaign.show.title": "Campagne {0} « {1} », créée le {2}",
    "campaign.title_taken": "une campagne s'appelle déjà « {0} » : les intitulés sont uniques",
    "campaign.unknown_placeholder": "« {0} » n'est pas un champ connu ; champs : {1}",
    "campaigns.none": "Aucune campagne : « new campaign INTITULÉ --selection S ».",
    "clicks.actualiser": "Open Edit › Campagnes › {0} › Audience › Actualiser",
    "clicks.audience": "Open Edit › Campagnes › {0} › Audience",
    "clicks.campaigns": "Open Edit › Campagnes (barre de navigation)",
    "clicks.new_campaign": "Open Edit › Campagnes › Nouvelle campagne › choisir les sélections",
    "clicks.open_campaign": "Open Edit › Campagnes › cliquer sur l'intitulé « {0} »",
    "clicks.send": "Open Edit › Campagnes › {0} › Audience › picto enveloppe de l'offre",
    "col.at": "Quand",
    "col.audience": "Audience",
    "col.campaign": "Campagne",
    "col.command": "Commande",
    "col.detail": "Détail",
    "col.fiche": "Fiche",
    "col.kind": "Quoi",
    "col.sent_at": "Envoyé le",
    "col.status": "Statut",
    "col.title": "Intitulé",
    "snapshots.due": "non, au prochain sync",
    "snapshots.unreadable_row": "non, illisible (voir dessous)",
    "snapshots.future": "non, pas encore l'heure",
    "journal.unknown_kind": "le journal n'a pas d'entrée « {0} » (genres : {1})",
    "journal.empty": "Journal vide.",
    "history.count": "-n {0} : le nombre de lignes à montrer ne peut pas être négatif",
    "journal.limit": "--limit {0} : le nombre d'entrées à montrer doit être au moins 1",
    "journal.import": "{0} ({1}) : {2}",
    "journal.n.created": "{0} {0|création|créations}",
    "journal.n.modified": "{0} {0|modification|modifications}",
    "journal.n.hidden": "{0} {0|masquage|masquages}",
    "journal.n.published": "{0} {0|republication|republications}",
    "journal.n.deleted": "{0} {0|suppression|suppressions}",
    "journal.n.unknown": "{0} {0|suppression de fiche inconnue|suppressions de fiches inconnues}",
    "journal.n.selections": "{0} {0|sélection changée|sélections changées}",
    "journal.n.renamed": "{0} {0|sélection renommée|sélections renommées}",
    "journal.n.objects": "{0} {0|fiche|fiches}",
    "journal.n.deleted_ids": "{0} {0|suppression|suppressions} dans l'export",
    // What each kind of journal entry is (`JournalDetail.label`): one per kind the code writes.
    "journal.mail_sent": "{0} (outbox/{1})",
    "journal.kind.import": "Export importé",
    "journal.kind.fiche.created": "Fiche créée",
    "journal.kind.fiche.modified": "Fiche modifiée",
    "journal.kind.fiche.hidden": "Fiche masquée",
    "journal.kind.fiche.published": "Fiche republiée",
    "journal.kind.fiche.deleted": "Fiche supprimée",
    "journal.kind.selection.created": "Nouvelle sélection",
    "journal.kind.selection.entered": "Entre dans la sélection",
    "journal.kind.selection.left": "Sort de la sélection",
    "journal.kind.selection.dropped": "Sélection supprimée",
    "journal.kind.selection.renamed": "Sélection renommée",
    "journal.kind.campaign.created": "Campagne créée",
    "journal.kind.campaign.renamed": "Campagne renommée",
    "journal.kind.campaign.template": "E-mail de la campagne modifié",
    "journal.kind.offre.created": "Offre ajoutée",
    "journal.kind.offre.status": "Statut d'offre",
    "journal.kind.mail.sent": "E-mail écrit",
    "journal.kind.clock.set": "Horloge réglée",
    "journal.kind.clock.real": "Horloge au temps réel",
    "journal.kind.clock.night": "Nuit passée",
    "journal.kind.apidae.fiche.created": "Fiche créée dans Apidae",
    "journal.kind.apidae.fiche.changed": "Fiche modifiée dans Apidae",
    "journal.kind.apidae.fiche.hidden": "Fiche masquée dans Apidae",
    "journal.kind.apidae.fiche.published": "Fiche publiée dans Apidae",
    "journal.kind.apidae.fiche.deleted": "Fiche supprimée dans Apidae",
    "journal.kind.apidae.selection.changed": "Sélection modifiée dans Apidae",
    "journal.kind.apidae.export": "Export écrit par Apidae",
    "journal.kind.apidae.event.skipped": "Changement prévu non appliqué",
    "journal.part.subject": "objet",
    "journal.part.body": "corps",
    "journal.part.from": "expéditeur",
    "command.interrupted":
      "interrompu (Ctrl-C) : la commande s'est arrêtée et ce qu'elle n'avait pas terminé est annulé",
    "outbox.finished": "outbox/ : envoi interrompu terminé ({0})",
    "outbox.removed": "outbox/ : e-mail inachevé retiré ({0}), son offre n'avait pas changé",
    "outbox.repair_failed":
      "outbox/ : e-mail inachevé laissé tel quel ({0}) : le dossier ne peut pas être écrit (vérifiez ses droits)",
    "outbox.finished_many": "outbox/ : envoi interrompu terminé pour {0} e-mails ({1})",
    "outbox.removed_many": "outbox/ : {0} e-mails inachevés retirés, leurs offres n'avaient pas changé ({1})",
    "outbox.repair_failed_many":
      "outbox/ : {0} e-mails inachevés laissés tels quels ({1}) : le dossier ne peut pas être écrit (vérifiez ses droits)",
    "refusal.actualiser_first":
      "depuis le dernier actualiser, la fiche ou les sélections ont changé, et actualiser passerait l'offre en « {1} » ; « actualiser » d'abord",
    "refusal.invalid_email": "e-mail invalide « {1} » (à corriger dans Apidae, puis calcul du projet et sync)",
    "refusal.needs_actualiser":
      "pas encore dans l'audience de cette campagne, mais dans ses sélections ({0}) : « actualiser » d'abord (la synchronisation ne touche pas aux campagnes)",
    "refusal.no_email": "pas d'e-mail (à ajouter dans Apidae, puis calcul du projet et sync)",
    "refusal.not_in_audience": "pas dans l'audience de cette campagne (voir « why {0} »)",
    "refusal.sync_first":
      ", mais {1|un export pas encore importé change|des exports pas encore importés changent} la fiche ({0}) : « sync » d'abord",
    "refusal.wrong_status": "statut « {1} », seul « Email à transmettre » s'envoie",
    "send.cancelled": "Envoi annulé.",
    "confirm.choices": "[o/N]",
    "confirm.yes": "o,oui,y,yes",
    "send.usage": "send ID… ou send --all",
    "send.confirm": "Écrire {0} {0|e-mail|e-mails} pour « {1} » ?",
    "send.confirm_refused":
      "Écrire {0} {0|e-mail|e-mails} pour « {1} » ({2} {2|autre offre ne peut|autres offres ne peuvent} pas l'être, la liste suivra) ?",
    "send.invalid_setting.from":
      "rien n'est envoyé : l'expéditeur « {0} » de oesh.toml ([mail] from) est invalide : écrivez « Nom <adresse@domaine> » ou une adresse",
    "send.invalid_setting.redirect":
      "rien n'est envoyé : l'adresse de redirection « {0} » de oesh.toml ([mail] redirect) est invalide : écrivez une adresse, comme moi@office.example",
    "send.invalid_setting.form_base_url":
      "rien n'est envoyé : le lien du formulaire « {0} » de oesh.toml ([mail] form_base_url) n'est pas une adresse web : écrivez https://…, chaque e-mail y ajoutant /JETON",
    "send.needs_yes": "send --all hors d'un terminal demande --yes (ou --dry-run pour voir)",
    "send.nothing": "Aucun e-mail à écrire pour « {0} ».",
    "send.outbox": "impossible d'écrire dans {0} : {1}",
    "send.outbox_unlisted":
      "rien n'est envoyé : impossible de lister {0}, où chaque e-mail doit prendre un nom libre : {1}",
    "send.unsupported_transport":
      "rien n'est envoyé : oesh.toml demande le transport « {0} » ([mail] transport), mais oesh n'a que « {1} » (un fichier .eml par e-mail dans outbox/)",
    "send.refused": "rien n'est envoyé — {0}",
    "send.refused_header": "Non envoyés ({0}) :",
    "send.pending_exports":
      "attention : {2|un export pas encore importé change|des exports pas encore importés changent} la fiche {0} : {1} ; son e-mail suit ce qu'Open Edit en sait avant {2|lui|eux} (adresse comprise). « sync » d'abord pour l'envoyer à jour.",
    "send.pending_exports_all":
      "attention : {3|un export pas encore importé change|des exports pas encore importés changent} {0} {0|fiche|fiches} de cet envoi ({1}) : {2} ; {0|son e-mail suit|leurs e-mails suivent} ce qu'Open Edit en sait avant {3|lui|eux} ({0|adresse comprise|adresses comprises}). « sync » d'abord pour {0|l'envoyer|les envoyer} à jour.",
    "send.redirected": "{0} (redirigé, au lieu de {1})",
    "send.redirect_all":
      "oesh.toml redirige chaque e-mail vers {0} ([mail] redirect) : aucun ne part à l'adresse de sa fiche.",
    "send.sent": "E-mail écrit pour {0} → {1} (outbox/{2}) : « Email transmis ».",
    "send.would": "Écrirait l'e-mail de {0} → {1} (outbox/{2})",
    "status.did_you_mean": "Vouliez-vous dire {0} ?",
    "status.unknown": "statut « {0} » inconnu ; statuts : {1}",
    "sync.campaign_note.audience":
      "Campagne « {0} » : des fiches de son audience ou de ses sélections ont été masquées, supprimées ou republiées ; « actualiser » y ajouterait {1} {1|fiche|fiches} et changerait {2} {2|offre|offres} (la synchronisation ne touche pas aux campagnes).",
    "sync.campaign_note":
      "Campagne « {0} » : une de ses sélections a changé ; « actualiser » y ajouterait {1} {1|fiche|fiches} et changerait {2} {2|offre|offres} (la synchronisation ne touche pas aux campagnes).",
    "why.cannot_send": "{0} est dans l'audience, « Email à transmettre », mais ne peut pas être envoyée : {1}.",
    "why.cannot_send.next":
      "Étape suivante : corriger la fiche dans Apidae ; Open Edit l'aura après le prochain export du projet (la nuit, ou un calcul exceptionnel) et « sync ».",
    "why.deleted": "{0} a été supprimée dans Apidae (export {1}).",
    "why.deleted.next": "Elle ne peut plus entrer dans une campagne.",
    "why.hidden": "{0} est masquée dans Apidae (export {1}) : actualiser n'ajoute que les fiches visibles.",
    "why.hidden.next":
      "Étape suivante : la publier dans Apidae ; après le prochain export du projet (la nuit, ou un calcul exceptionnel), sync et actualiser.",
    "why.hors":
      "{0} est « Hors sélection » depuis {1} (statut d'avant : « {2} ») : elle a quitté les sélections de la campagne.",
    "why.hors.next": "Si elle revient dans une sélection, « actualiser » lui rend son statut d'avant.",
    "why.masquee": "{0} est « Fiche masquée » depuis {1} (masquée par l'export {2} ; statut d'avant : « {3} »).",
    "why.needs_actualiser":
      "{0} est dans les sélections de « {2} » ({1}), mais pas encore dans son audience : la synchronisation ne touche pas aux campagnes.",
    "why.needs_actualiser.next": "Étape suivante : actualiser (Campagnes › {0} › Audience › Actualiser).",
    "why.not_in_selections":
      "{0} est dans Open Edit (sélections : {1}) mais n'est dans aucune sélection de « {2} » ({3}).",
    "why.not_in_selections.next":
      "Étape suivante : dans Apidae, ajouter la fiche à la sélection en modifiant ses filtres ; puis calcul exceptionnel ou nuit, sync, actualiser.",
    "why.ready": "{0} est dans l'audience, « Email à transmettre », e-mail {1}.",
    "why.ready.next": "Étape suivante : send {0} (picto enveloppe de l'offre).",
    "why.sent": "{0} : « Email transmis » le {1} à {2} (outbox/{3}).",
    "why.supprimee": "{0} est « Fiche supprimée » depuis {1} (supprimée par l'export {2}).",
    "why.unknown": "Aucun export importé ni en attente ne contient la fiche {0}.",
    "why.unknown.next":
      "Étape suivante : dans Apidae, vérifier les filtres de la sélection ({0}) ; la fiche arrivera au prochain calcul du projet.",
    "why.waiting": "{0} est dans {2|un export pas encore importé|des exports pas encore importés} : {1}.",
    "why.pending_change":
      "{0} est dans l'audience (« {1} »), mais {3|un export pas encore importé change|des exports pas encore importés changent} la fiche : {2}.",
    "why.blocked":
      "Étape suivante : corriger ou retirer de snapshots/ l'export {0}, qui ne se lit pas (« snapshots » dit pourquoi) : la synchronisation s'arrête à lui ; puis « sync ».",
    "why.waiting.next_due": "Étape suivante : « sync » (l'heure de {0|cet export|ces exports} est venue).",
    "why.waiting.next_some_due":
      "Étape suivante : « sync » (l'heure de {0} est venue ; {1} {3|n'est dû|ne sont dus} qu'à partir de {2}).",
    "why.waiting.next_at":
      "Étape suivante : « sync » à partir de {0}, quand {1|cet export est dû|le premier d'entre eux est dû} (une horloge simulée y va par « clock set » ou « nuit »).",
    "why.would_change":
      "{0} est dans l'audience en « {1} », mais les sélections ou la fiche ont changé : actualiser la passerait en « {2} ».",
    "send.would_more": "… et {0} {0|autre|autres} : {1} {1|e-mail|e-mails} en tout.",
    "send.sent_more": "… et {0} {0|autre|autres} : {1} {1|e-mail écrit|e-mails écrits} en tout (voir « journal »).",
  ]
}

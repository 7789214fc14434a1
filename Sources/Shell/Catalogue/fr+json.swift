extension Catalogue {
  /// What the export readers write about bad JSON (English, in the `Apidae` layer), in French: their
  /// fixed messages, what they say was expected (with «attendu» agreeing), and the templates of the forms
  /// `JSONMessage` recognises. A test checks that every fixed syntax message of the readers is here.
  static let frenchJSON: [String: String] = [
    // Fixed messages.
    "empty entry": "entrée vide",
    "invalid UTF-8": "UTF-8 invalide",
    "nested too deeply": "imbrication trop profonde",
    "unterminated string": "chaîne non terminée",
    "invalid escape in string": "échappement invalide dans une chaîne",
    "invalid \\u escape": "échappement \\u invalide",
    "invalid \\u escape (lone high surrogate)": "échappement \\u invalide (demi-paire haute seule)",
    "invalid \\u escape (lone low surrogate)": "échappement \\u invalide (demi-paire basse seule)",
    "invalid number": "nombre invalide",
    "control character in string (must be escaped)": "caractère de contrôle dans une chaîne (il doit être échappé)",
    "expected ':'": "« : » attendu",
    "expected ',' or ']'": "« , » ou « ] » attendu",
    "expected ',' or '}'": "« , » ou « } » attendu",
    "expected a string key": "clé (une chaîne) attendue",
    "expected a value": "valeur attendue",
    "expected a string key or '}'": "clé (une chaîne) ou « } » attendue",
    "expected a value or ']'": "valeur ou « ] » attendue",
    "unexpected data after the end of the JSON value": "données en trop après la fin de la valeur JSON",
    // What was expected.
    "a string": "une chaîne attendue", "an integer": "un entier attendu",
    "a positive integer": "un entier positif attendu", "an array": "un tableau attendu",
    "an object": "un objet attendu", "true or false": "true ou false attendu", "a number": "un nombre attendu",
    "a value": "une valeur attendue", "one object": "un seul objet attendu",
    "an array of objects or one object": "un tableau d'objets ou un objet attendu",
    "a boolean": "true ou false attendu",
    "one of {0}": "l'une des valeurs {0} attendue",
    // The forms' templates.
    "top level": "niveau supérieur",
    "unexpected end of data, {0}": "fin des données inattendue, {0}",
    "invalid literal (expected {0})": "littéral invalide ({0} attendu)",
    "[{0}].id: sélection {1} given twice (first at [{2}])":
      "[{0}].id : sélection {1} donnée deux fois (la première en [{2}])",
    "{0}: key given twice (first at line {1}, column {2})":
      "{0} : clé donnée deux fois (la première à la ligne {1}, colonne {2})",
    "{0}: missing": "{0} : absent",
    "{0}: a text of {1} bytes, longer than oesh takes ({2} at most)":
      "{0} : texte de {1} octets, plus long qu'oesh n'en prend ({2} au plus)",
    "{0}: expected {1} (the project in the export's name), found {2}":
      "{0} : {1} attendu (le projet du nom de l'export), trouvé {2}",
    "{0}: expected {1}, found \"{2}\"": "{0} : {1}, trouvé « {2} »",
    "{0}: expected {1}": "{0} : {1}",
    "{0}: expected {1}, found null": "{0} : {1}, trouvé null",
  ]
}

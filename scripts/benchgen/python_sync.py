"""The Python reference for scripts/bench: a full sync of one export done the plain way.

zipfile (which checks every entry's CRC-32) + json + sqlite3 `executemany` in one transaction, with the
same extraction as oesh: id, identifier, type, name (libelleFr, else another language), state, owner,
commune, the e-mail rule (object-level 204, else the referent contact's, else any contact's), the
place of the object's raw JSON in the export (entry, byte offset and length) with a hash of its bytes,
communes, deletions and sélection memberships.

    python3 python_sync.py EXPORT.zip STATE.sqlite
"""
import json, sqlite3, sys, zipfile, zlib

LANGS = ["libelleFr", "libelleEn", "libelleDe", "libelleEs", "libelleIt", "libelleNl", "libellePtBR",
         "libelleRu", "libelleZh", "libelleJa", "libelleKo"]
SHORT = ["fr", "en", "de", "es", "it", "nl", "ptBR", "ru", "zh", "ja", "ko"]


def best(d, keys):
    if not isinstance(d, dict):
        return None
    for k in keys:
        v = d.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip() if keys is SHORT else v
    return None


def email_of(moyens):
    for m in moyens or ():
        if (m.get("type") or {}).get("id") == 204:
            e = best(m.get("coordonnees"), SHORT)
            if e:
                return e
    return None


def email(obj):
    e = email_of((obj.get("informations") or {}).get("moyensCommunication"))
    if e:
        return e
    contacts = obj.get("contacts") or []
    for c in contacts:
        if c.get("referent") is True:
            e = email_of(c.get("moyensCommunication"))
            if e:
                return e
    for c in contacts:
        e = email_of(c.get("moyensCommunication"))
        if e:
            return e
    return None


def objects(text):
    """Each object of a top-level array (or the one object) with its exact JSON text and its byte offset.

    Between objects there are only ASCII blanks and commas, so byte offsets advance by characters there."""
    decoder = json.JSONDecoder()
    ws = " \t\r\n"
    i = 0
    while text[i] in ws:
        i += 1
    if text[i] == "{":
        obj, end = decoder.raw_decode(text, i)
        yield obj, text[i:end].encode(), len(text[:i].encode())
        return
    assert text[i] == "[", "expected an array"
    byte = len(text[:i].encode())
    i += 1
    byte += 1
    while True:
        start = i
        while text[i] in ws:
            i += 1
        byte += i - start
        if text[i] == "]":
            return
        obj, end = decoder.raw_decode(text, i)
        raw = text[i:end].encode()
        yield obj, raw, byte
        byte += len(raw)
        i = end
        start = i
        while text[i] in ws:
            i += 1
        if text[i] == ",":
            i += 1
        byte += i - start


def row(obj, entry, raw, offset):
    gestion = obj.get("gestion") or {}
    owner = gestion.get("membreProprietaire") or {}
    commune = ((obj.get("localisation") or {}).get("adresse") or {}).get("commune") or {}
    state = obj.get("state") or "PUBLISHED"
    return (obj["id"], obj.get("identifier"), obj["type"], best(obj.get("nom"), LANGS) or "",
            "DELETED" if state == "TRASH" else state, owner.get("id"), owner.get("nom"),
            gestion.get("dateModification"), commune.get("id"), commune.get("nom"), email(obj), entry, offset, len(raw), zlib.crc32(raw))


def main(export, db_path):
    db = sqlite3.connect(db_path, isolation_level=None)
    db.executescript("""
        PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;
        CREATE TABLE IF NOT EXISTS commune (id INTEGER PRIMARY KEY, code TEXT, name TEXT, postal_code TEXT);
        CREATE TABLE IF NOT EXISTS fiche (id INTEGER PRIMARY KEY, identifier TEXT, type TEXT NOT NULL,
          name TEXT NOT NULL, state TEXT NOT NULL, owner_id INTEGER, owner_name TEXT, date_modification TEXT,
          commune_id INTEGER, commune_name TEXT, email TEXT, raw_entry TEXT NOT NULL, raw_offset INTEGER NOT NULL,
          raw_length INTEGER NOT NULL, raw_hash INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS fiche_type ON fiche(type);
        CREATE INDEX IF NOT EXISTS fiche_commune ON fiche(commune_id);
        CREATE TABLE IF NOT EXISTS selection (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS selection_member (selection_id INTEGER NOT NULL, fiche_id INTEGER NOT NULL,
          PRIMARY KEY (selection_id, fiche_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS selection_member_fiche ON selection_member(fiche_id);
    """)
    db.execute("BEGIN IMMEDIATE")
    with zipfile.ZipFile(export) as zf:
        names = sorted((i.filename for i in zf.infolist()), key=lambda n: (len(n), n))
        for name in names:
            if name.startswith("__MACOSX/") or name.endswith("/"):
                continue
            if name == "communes.json":
                db.executemany("INSERT OR REPLACE INTO commune VALUES (?, ?, ?, ?)",
                               [(c["id"], c.get("code"), c.get("nom") or "", c.get("codePostal"))
                                for c in json.loads(zf.read(name))])
            elif name.startswith("objets_modifies/") and name.endswith(".json"):
                text = zf.read(name).decode()
                db.executemany("INSERT OR REPLACE INTO fiche VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               [row(obj, name, raw, offset) for obj, raw, offset in objects(text)])
        deleted = json.loads(zf.read("objets_supprimes.json")) if "objets_supprimes.json" in names else []
        db.executemany("UPDATE fiche SET state = 'DELETED' WHERE id = ?", [(i,) for i in deleted])
        selections = json.loads(zf.read("selections.json"))
    db.execute("DELETE FROM selection_member")
    db.execute("DELETE FROM selection")
    for s in selections:
        name = (s.get("libelle") or {}).get("libelleFr") or s.get("nom") or best(s.get("libelle"), LANGS) or ""
        db.execute("INSERT OR REPLACE INTO selection VALUES (?, ?)", (s["id"], name))
        db.executemany("INSERT OR IGNORE INTO selection_member VALUES (?, ?)",
                       [(s["id"], o["id"]) for o in s.get("objetsTouristiques") or ()])
    db.execute("COMMIT")
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

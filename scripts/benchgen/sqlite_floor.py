"""A floor for scripts/bench's nightly differential: what SQLite alone takes to touch the fiches an export
names in a synced store, with nothing read, decoded or compared.

One immediate transaction updating one column (not in any index) of every stored fiche the export carries
or deletes, then its commit, under the store's own settings (WAL, synchronous = NORMAL, the same page
cache): the commit writes each page it changed to the WAL, and the checkpoint that follows copies them
into state.sqlite. The export is read before the clock starts; the figure printed (seconds) is opening
the store, the transaction and closing it.

    python3 sqlite_floor.py STATE.sqlite EXPORT.zip
"""
import json, sqlite3, sys, time, zipfile


def named_ids(export):
    with zipfile.ZipFile(export) as z:
        ids = []
        for name in z.namelist():
            if name.startswith("objets_modifies/") and name.endswith(".json"):
                objects = json.loads(z.read(name))
                ids += [o["id"] for o in (objects if isinstance(objects, list) else [objects])]
        if "objets_supprimes.json" in z.namelist():
            ids += json.loads(z.read("objets_supprimes.json"))
        return ids


def main(db_path, export):
    ids = named_ids(export)
    t0 = time.perf_counter()
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -16384")
    db.execute("BEGIN IMMEDIATE")
    db.executemany("UPDATE fiche SET updated_in = 'floor' WHERE id = ?", [(i,) for i in ids])
    touched = db.total_changes
    db.execute("COMMIT")
    db.close()
    print(time.perf_counter() - t0)
    print(f"{len(ids)} ids named, {touched} stored fiches updated", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:])

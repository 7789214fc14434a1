import GRDB

/// The simulated Apidae project's part of the schema (`apidae …` commands, the demo's scripted life).
///
/// These tables are Apidae's side, not Open Edit's: nothing in them reaches the `fiche` or `selection`
/// tables except through an export written into `snapshots/` and imported by `sync` (R1–R3).
func registerApidaeMigrations(_ m: inout DatabaseMigrator) {
  m.registerMigration("v3-apidae") { db in
    try db.execute(
      sql: """
        CREATE TABLE apidae_fiche (
          id INTEGER PRIMARY KEY,
          identifier TEXT,
          type TEXT NOT NULL,
          name TEXT NOT NULL,
          name_folded TEXT NOT NULL,
          state TEXT NOT NULL,            -- PUBLISHED, HIDDEN or DELETED
          owner_id INTEGER,
          owner_name TEXT,
          commune_id INTEGER,
          email TEXT,
          raw BLOB NOT NULL,              -- the object as the next export will carry it
          pending INTEGER NOT NULL,       -- changed here since the last export written or read
          changed_at TEXT                 -- clock time of the last change made here
        );
        CREATE TABLE apidae_commune (
          id INTEGER PRIMARY KEY, code TEXT, name TEXT NOT NULL, postal_code TEXT, name_folded TEXT NOT NULL);
        CREATE TABLE apidae_selection (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          types TEXT NOT NULL,            -- filter: object types, space-separated ('' = no criterion)
          communes TEXT NOT NULL,         -- filter: commune ids, space-separated
          owner TEXT,                     -- filter: owner id or name
          text TEXT,                      -- filter: part of the name
          included TEXT NOT NULL,         -- fiche ids added by hand, space-separated
          excluded TEXT NOT NULL,         -- fiche ids taken out by hand
          exported TEXT                   -- members in the last export written or read; NULL: never exported
        );
        CREATE TABLE apidae_export (
          name TEXT PRIMARY KEY,          -- the stem
          origin TEXT NOT NULL,           -- 'written' here, or 'read' from snapshots/
          at TEXT NOT NULL,               -- clock time it was written or read
          ponctuel INTEGER NOT NULL,
          reinitialisation INTEGER NOT NULL,
          objects INTEGER NOT NULL,
          deleted INTEGER NOT NULL
        );
        -- The territory's scripted life: changes that happen in Apidae at their time (the demo).
        CREATE TABLE apidae_event (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,               -- local time, 'YYYY-MM-DD HH:MM:SS'
          change TEXT NOT NULL,           -- an ApidaeChange, JSON
          done INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX apidae_event_due ON apidae_event(done, at);
        """)
  }
}

import GRDB

/// The exports' part of the schema: fiches, sélections, communes, imported exports, journal.
///
/// Deleted or removed fiches keep their row with `state = 'DELETED'` so that offres and
/// `why` can still say what happened and since which export (`state_since`).
/// Times are local times of the workspace (`LocalDateTime.description`).
func registerExportMigrations(_ m: inout DatabaseMigrator) {
  m.registerMigration("v1-exports") { db in
    try db.execute(
      sql: """
        CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE commune (
          id INTEGER PRIMARY KEY, code TEXT, name TEXT NOT NULL, postal_code TEXT,
          name_folded TEXT NOT NULL);
        CREATE TABLE fiche (
          id INTEGER PRIMARY KEY,
          identifier TEXT,
          type TEXT NOT NULL,
          name TEXT NOT NULL,
          name_folded TEXT NOT NULL,      -- lowercased, accents removed: for --search
          state TEXT NOT NULL,            -- PUBLISHED, HIDDEN, NEW or DELETED (TRASH too)
          state_since TEXT,               -- export name where the state last changed
          owner_id INTEGER,
          owner_name TEXT,
          date_modification TEXT,
          commune_id INTEGER,
          commune_name TEXT,              -- when the object came expanded (API format)
          commune_code TEXT,
          email TEXT,
          raw_hash INTEGER NOT NULL,      -- of the raw JSON: a re-sent unchanged object is not a modification
          created_in TEXT NOT NULL,       -- export name that created it
          updated_in TEXT NOT NULL        -- export name that last touched it
        );
        -- The fiche's raw JSON as the export had it, beside the fiche rather than in it, so that
        -- listing or scanning fiches never reads a gigabyte of JSON.
        CREATE TABLE fiche_raw (fiche_id INTEGER PRIMARY KEY, raw BLOB NOT NULL);
        CREATE INDEX fiche_type ON fiche(type);
        CREATE INDEX fiche_commune ON fiche(commune_id);
        CREATE TABLE selection (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          -- Of the sorted member ids, so that an import skips reading an unchanged membership. Only
          -- imports write selection_member; 0 (unknown) makes the next import compare the members.
          members_hash INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE selection_member (
          selection_id INTEGER NOT NULL REFERENCES selection(id) ON DELETE CASCADE,
          fiche_id INTEGER NOT NULL,
          PRIMARY KEY (selection_id, fiche_id)) WITHOUT ROWID;
        CREATE INDEX selection_member_fiche ON selection_member(fiche_id);
        CREATE TABLE export (
          name TEXT PRIMARY KEY,          -- the stem, <projetId>_<YYYYMMDD>-<HHMM>_<code>
          project_id INTEGER NOT NULL,
          exported_at TEXT NOT NULL,      -- local time of the workspace, 'YYYY-MM-DD HH:MM'
          ponctuel INTEGER NOT NULL,
          reinitialisation INTEGER NOT NULL,
          objects INTEGER NOT NULL,
          deleted INTEGER NOT NULL,
          imported_at TEXT NOT NULL       -- clock time of the import, 'YYYY-MM-DD HH:MM:SS'
        );
        -- Object and deletion counts of exports not imported yet, so that listing them is cheap.
        CREATE TABLE export_count (
          name TEXT PRIMARY KEY,          -- file or folder name in snapshots/
          size INTEGER NOT NULL,
          mtime REAL NOT NULL,
          objects INTEGER NOT NULL,
          deleted INTEGER NOT NULL);
        CREATE TABLE journal (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,               -- clock time, 'YYYY-MM-DD HH:MM:SS'
          command TEXT,                   -- the command line that did it
          kind TEXT NOT NULL,             -- e.g. import, offre.created, offre.status, mail.sent
          campaign_id INTEGER,
          fiche_id INTEGER,
          detail TEXT
        );
        CREATE INDEX journal_fiche ON journal(fiche_id);
        """)
  }
}

/// Raw JSON stays in the export it came from: the fiche points at its bytes in `snapshots/`.
///
/// Storing a full export's gigabyte of raw JSON a second time made the import write twice as much
/// as it read (half of a full sync's time went into copying it through the WAL) and made a nightly
/// import rewrite megabytes of pages. Older rows keep their copy in `fiche_raw` (raw_export NULL).
func registerRawSourceMigration(_ m: inout DatabaseMigrator) {
  m.registerMigration("v4-raw-in-snapshots") { db in
    try db.execute(
      sql: """
        -- The current version's JSON: bytes raw_offset ..< raw_offset + raw_length of entry raw_entry
        -- of the export raw_export (a stem) in snapshots/, checked against raw_hash when read.
        ALTER TABLE fiche ADD COLUMN raw_export TEXT;
        ALTER TABLE fiche ADD COLUMN raw_entry TEXT;
        ALTER TABLE fiche ADD COLUMN raw_offset INTEGER;
        ALTER TABLE fiche ADD COLUMN raw_length INTEGER;
        """)
  }
}

/// Listings (`fiches`, `--search`) read this index alone, in their order: the name scanned for the
/// searched text, then the listed columns, without a lookup per fiche in the table.
func registerListingIndexMigration(_ m: inout DatabaseMigrator) {
  m.registerMigration("v6-fiche-listing") { db in
    try db.execute(
      sql: """
        CREATE INDEX fiche_listing ON fiche(
          name_folded, id, state, name, type, commune_id, commune_name, commune_code, email, owner_name)
        """)
  }
}

/// Names folded before typographic apostrophes and quotes were folded (`punctuationFold`) are folded
/// again: only the rows whose name holds one of them, found by a scan of the names (no fold per row).
func registerPunctuationFoldMigration(_ m: inout DatabaseMigrator) {
  m.registerMigration("v7-fold-punctuation") { db in
    try refoldNames(db) { text, _ in
      punctuationFold.keys.sorted().map { "instr(\(text), char(\($0))) > 0" }.joined(separator: " OR ")
    }
  }
}

/// Names folded before ligatures and compatibility forms were folded (`ﬁ` as `fi`, `ẞ` as `ss`) are
/// folded again: only the rows whose fold still holds a character past ASCII, the only ones it changes.
func registerCompatibilityFoldMigration(_ m: inout DatabaseMigrator) {
  m.registerMigration("v11-fold-compatibility") { db in
    // More bytes than characters: a character past ASCII.
    try refoldNames(db) { _, fold in "length(CAST(\(fold) AS BLOB)) > length(\(fold))" }
  }
}

/// Folds again, after `folded(_:)` changed, the names of fiches and communes (Open Edit's and the
/// simulated Apidae's) and the campaign titles that `holds` keeps, given the SQL of the columns of a
/// row's text and of its fold.
private func refoldNames(_ db: Database, holds: (_ text: String, _ fold: String) -> String) throws {
  for table in ["fiche", "commune", "apidae_fiche", "apidae_commune"] {
    try db.execute(sql: "UPDATE \(table) SET name_folded = oesh_fold(name) WHERE \(holds("name", "name_folded"))")
  }
  // Titles are unique once folded: of two made before that now fold alike («L'été» and «L’été»), the
  // second keeps its old fold.
  for row in try Row.fetchAll(db, sql: "SELECT id, title FROM campaign WHERE \(holds("title", "title_folded"))") {
    try db.execute(
      sql: "UPDATE OR IGNORE campaign SET title_folded = ? WHERE id = ?",
      arguments: [Campaign.folded(row[1]), row[0] as Int])
  }
}

/// Communes that API-format objects named before an import recorded them (`ExportApplier.nameCommune`):
/// the fiches of the same commune id that carry only `{id}` showed no commune.
func registerNamedCommuneMigration(_ m: inout DatabaseMigrator) {
  m.registerMigration("v8-communes-named-by-fiches") { db in
    try db.execute(
      sql: """
        INSERT OR IGNORE INTO commune(id, code, name, postal_code, name_folded)
        SELECT commune_id, commune_code, commune_name, NULL, oesh_fold(commune_name) FROM fiche
        WHERE commune_id IS NOT NULL AND commune_name IS NOT NULL AND commune_id NOT IN (SELECT id FROM commune)
        GROUP BY commune_id
        """)
  }
}

/// The journal grows by a few hundred rows a night, tens of thousands a year: what reads it by kind
/// (`journal --kind`, the kinds it holds, a fiche's first import) finds those rows by this index rather
/// than by reading every row since the workspace began.
func registerJournalKindMigration(_ m: inout DatabaseMigrator) {
  m.registerMigration("v9-journal-kind") { db in
    try db.execute(sql: "CREATE INDEX journal_kind ON journal(kind)")
  }
}

/// The notification sidecars of imported exports as last read, by their file's stamp: a listing of
/// `snapshots/` (every `sync`, `snapshots`, `why`) reads again only a sidecar changed since, not a year of them.
func registerSidecarMigration(_ m: inout DatabaseMigrator) {
  m.registerMigration("v10-export-sidecar") { db in
    try db.execute(
      sql: """
        CREATE TABLE export_sidecar (
          name TEXT PRIMARY KEY,          -- stem of the export, as in the export table
          size INTEGER NOT NULL,          -- the sidecar's stat: size, inode, mtime and ctime in ns
          inode INTEGER NOT NULL,
          mtime INTEGER NOT NULL,
          ctime INTEGER NOT NULL,
          project_id INTEGER,             -- what it said
          statut TEXT,
          ponctuel INTEGER NOT NULL,
          reinitialisation INTEGER)
        """)
  }
}

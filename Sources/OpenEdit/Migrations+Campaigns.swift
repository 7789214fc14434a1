import GRDB

/// The campaigns' part of the schema: campaigns, the sélections they use, their offres.
///
/// `campaign_selection.selection_id` has no foreign key: a réinitialisation may remove a
/// sélection that a campaign still names, and the campaign must survive it (its offres then
/// go «Hors sélection» at the next actualiser). The name is kept for display.
/// An offre's `message_file` is written in the same transaction that makes it «Email
/// transmis»: it is how `reconcileOutbox` tells a committed e-mail from an abandoned one.
/// `token` has no index: random keys land on random index pages, and at 50,000 offres that index made
/// `actualiser` write four times as much (measured 2.25 s against 0.60 s); only the rare reconcile
/// looks a token up.
func registerCampaignMigrations(_ m: inout DatabaseMigrator) {
  m.registerMigration("v2-campaigns") { db in
    try db.execute(
      sql: """
        CREATE TABLE campaign (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          title TEXT NOT NULL UNIQUE,
          title_folded TEXT NOT NULL UNIQUE,   -- lowercased, accents removed: titles differ beyond that
          created_at TEXT NOT NULL,            -- clock time, 'YYYY-MM-DD HH:MM:SS'
          subject TEXT,                        -- NULL: the default template
          body TEXT,
          mail_from TEXT                       -- NULL: the workspace's mail.from
        );
        CREATE TABLE campaign_selection (
          campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
          selection_id INTEGER NOT NULL,
          selection_name TEXT NOT NULL,        -- as when the campaign was created
          PRIMARY KEY (campaign_id, selection_id));
        CREATE TABLE offre (
          campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
          fiche_id INTEGER NOT NULL,
          status TEXT NOT NULL,                -- OffreStatus.key
          previous_status TEXT,                -- the working status to return to from a set-aside one
          status_since TEXT NOT NULL,          -- clock time of the last status change
          added_at TEXT NOT NULL,              -- clock time it entered the audience
          token TEXT NOT NULL,                 -- 128 random bits, for the form link and the Message-ID
          sent_at TEXT,                        -- clock time of the e-mail
          sent_to TEXT,                        -- the address it was written to
          message_file TEXT,                   -- its file name in outbox/
          PRIMARY KEY (campaign_id, fiche_id));
        CREATE INDEX offre_fiche ON offre(fiche_id);
        CREATE INDEX journal_campaign ON journal(campaign_id);
        """)
  }
}

/// Offres are read by campaign, in fiche order (audience, counts, actualiser, send). Kept in a rowid
/// table, each offre cost a seek from the primary key's index into the table; clustered on that key
/// (WITHOUT ROWID), a campaign's offres lie together in key order. The counts by status, shown after
/// most campaign commands, read a small index in status order instead of every offre.
func registerClusteredOffreMigration(_ m: inout DatabaseMigrator) {
  m.registerMigration("v5-offre-clustered") { db in
    try db.execute(
      sql: """
        CREATE TABLE offre_clustered (
          campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
          fiche_id INTEGER NOT NULL,
          status TEXT NOT NULL,
          previous_status TEXT,
          status_since TEXT NOT NULL,
          added_at TEXT NOT NULL,
          token TEXT NOT NULL,
          sent_at TEXT,
          sent_to TEXT,
          message_file TEXT,
          PRIMARY KEY (campaign_id, fiche_id)) WITHOUT ROWID;
        INSERT INTO offre_clustered
          SELECT campaign_id, fiche_id, status, previous_status, status_since, added_at, token, sent_at, sent_to,
            message_file
          FROM offre ORDER BY campaign_id, fiche_id;
        DROP TABLE offre;
        ALTER TABLE offre_clustered RENAME TO offre;
        CREATE INDEX offre_fiche ON offre(fiche_id);
        CREATE INDEX offre_status ON offre(campaign_id, status);
        """)
  }
}

import GRDB

/// The campaigns' part of the schema (issue 4 fills it in).
func registerCampaignMigrations(_ m: inout DatabaseMigrator) {
}

package sqlite

import (
	"embed"

	"github.com/cepaim/senderos/store/sqldb"
)

// migrations are the schema changes, applied in file name order (see
// sqldb.Migrate); the writer's transactions begin IMMEDIATE, so two
// processes opening the same file cannot both apply one.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrationSet is how SQLite keeps track of migrations.
var migrationSet = sqldb.Migrations{
	Files: migrations,
	Table: `CREATE TABLE IF NOT EXISTS schema_migrations (
		name       TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL
	) STRICT`,
}

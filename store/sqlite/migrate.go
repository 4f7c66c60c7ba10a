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

// migrationSet is how SQLite keeps track of migrations: times as text.
var migrationSet = sqldb.Migrations{Files: migrations, TimeType: "TEXT", TableOptions: " STRICT"}

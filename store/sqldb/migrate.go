package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"time"
)

// Migrations is an engine's set of schema changes: its files
// migrations/*.sql, applied in name order, each once, and how the engine
// keeps track of them.
type Migrations struct {
	// Files holds migrations/*.sql.
	Files fs.FS
	// TimeType is the type of the column applied_at of the table
	// schema_migrations (name, applied_at) that records the files applied.
	TimeType string
	// TableOptions follow the table's definition (SQLite's STRICT).
	TableOptions string
	// Lock, if set, is run first in each migration's transaction, so
	// that two processes starting at once do not both apply one; SQLite's
	// writer transactions lock the file when they begin.
	Lock string
}

// Migrate applies on db, each in its own transaction, the migrations of m
// that schema_migrations does not record yet. The engine's Dialect
// converts the time recorded.
func Migrate(ctx context.Context, db *sql.DB, d *Dialect, m Migrations) error {
	names, err := fs.Glob(m.Files, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	h := handle{db, d}
	for _, name := range names {
		if err := migrateFile(ctx, h, m, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// migrateFile applies one migration unless it is recorded as applied.
func migrateFile(ctx context.Context, h handle, m Migrations, name string) error {
	tx, err := h.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if m.Lock != "" {
		if _, err := tx.ExecContext(ctx, m.Lock); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name       TEXT PRIMARY KEY,
		applied_at `+m.TimeType+` NOT NULL
	)`+m.TableOptions); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}

	src, err := fs.ReadFile(m.Files, name)
	if err != nil {
		return err
	}
	// Without arguments, a file of several statements runs as it is
	// (pgx sends it by the simple protocol).
	if _, err := tx.tx.ExecContext(ctx, string(src)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, time.Now()); err != nil {
		return err
	}
	return tx.Commit()
}

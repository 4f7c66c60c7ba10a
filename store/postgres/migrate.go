package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations are the schema changes, applied in file name order.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock key that keeps two processes starting
// at once from applying the same migration.
const migrationLock = 0x53454e44 // "SEND"

// migrate applies, each in its own transaction, the migrations that the
// schema_migrations table does not record yet.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			return migrateFile(ctx, tx, name)
		}); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// migrateFile applies one migration in tx unless it is recorded as applied.
func migrateFile(ctx context.Context, tx pgx.Tx, name string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name       TEXT PRIMARY KEY,
		applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`); err != nil {
		return err
	}

	var applied bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = $1)`, name).Scan(&applied); err != nil {
		return err
	} else if applied {
		return nil
	}

	src, err := fs.ReadFile(migrations, name)
	if err != nil {
		return err
	}
	// Exec without arguments uses the simple protocol, which runs a
	// file of several statements.
	if _, err := tx.Exec(ctx, string(src)); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO schema_migrations (name) VALUES ($1)`, name)
	return err
}

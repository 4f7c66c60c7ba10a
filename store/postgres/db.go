// Package postgres opens the portal's store (see store/sqldb) on
// PostgreSQL, through pgx and its connection pool: it applies its own
// migrations and gives sqldb what PostgreSQL does differently (numbered
// placeholders, typed *pgconn.PgError codes, row locks, plans made for each
// list's values). Personal data is sealed (see store/seal) before it is
// sent to the server.
//
// Every connection runs with synchronous_commit=on, whatever the server's
// default, so a commit has reached the server's write-ahead log on disk
// before a reference is shown to a person.
//
// New submissions are written by group commit: those that arrive while a
// transaction is being committed are inserted together in the next one,
// all sent in one round trip (a pgx batch), which waits for one
// write-ahead log flush instead of one each, and each caller is answered
// once that transaction is durable.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// DB is an open PostgreSQL database: a pgx connection pool, used through
// database/sql by the services written once (see store/sqldb) and
// directly by the group commit of new submissions.
type DB = sqldb.DB

// Open connects to the database at databaseURL (a postgres:// URL or a
// key=value string; pool_max_conns and other pgxpool settings may be
// given in it), applies any migrations not yet applied, seals the
// personal data of rows stored before it was sealed and fills in the
// family rows of those stored before migration 0007. keys seal and open
// personal data.
func Open(ctx context.Context, databaseURL string, keys *seal.Keyring) (*DB, error) {
	if keys.Len() == 0 {
		return nil, errors.New("postgres: data keys are required")
	}
	config, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse database URL: %w", err)
	}
	config.ConnConfig.RuntimeParams["synchronous_commit"] = "on"

	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	// database/sql takes its connections from pool and keeps at most 2
	// idle (its default): keeping more would leave the group commit,
	// which takes its connections from pool itself, none to take.
	sqlDB := stdlib.OpenDBFromPool(pool)
	d := newDialect(pool)
	if err := sqldb.Migrate(ctx, sqlDB, d, migrationSet); err != nil {
		err = errors.Join(err, sqlDB.Close())
		pool.Close()
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	db, err := sqldb.New(ctx, sqldb.Config{
		Write: sqlDB, Read: sqlDB, Dialect: d, Keys: keys,
		Close: func() error {
			err := sqlDB.Close()
			pool.Close()
			return err
		},
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	return db, nil
}

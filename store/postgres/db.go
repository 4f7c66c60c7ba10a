// Package postgres stores the portal's submissions, staff accounts,
// sessions, audit log and published profiles in PostgreSQL, through pgx and
// its connection pool. Personal data is sealed (see store/seal) before it
// is sent to the server.
//
// Every connection runs with synchronous_commit=on, whatever the server's
// default, so a commit has reached the server's write-ahead log on disk
// before a reference is shown to a person.
//
// New submissions are written by group commit: those that arrive while a
// transaction is being committed are inserted together in the next one,
// which waits for one write-ahead log flush instead of one each, and each
// caller is answered once that transaction is durable.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/cepaim/senderos/store/internal/batch"
	"github.com/cepaim/senderos/store/seal"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DB is an open PostgreSQL database.
type DB struct {
	pool *pgxpool.Pool
	keys *seal.Keyring // seals and opens personal data

	// inserts groups new submissions into shared transactions, on one
	// connection of pool at a time.
	inserts *batch.Committer[*insertion]
}

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
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	db := &DB{pool: pool, keys: keys}
	if err := db.sealLegacy(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: seal personal data: %w", err)
	}
	if err := db.fillFamilies(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: fill families: %w", err)
	}
	db.inserts = batch.New(maxGroup, db.insertGroup)
	return db, nil
}

// Close commits the submissions already queued, then closes every
// connection in the pool.
func (db *DB) Close() error {
	db.inserts.Close()
	db.pool.Close()
	return nil
}

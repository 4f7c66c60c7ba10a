package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/jackc/pgx/v5"
)

// rekeyBatch is how many values Rekey re-seals per transaction.
const rekeyBatch = 100

// sealLegacy seals the personal data of submissions stored before it was
// sealed (migration 0001 kept the whole payload in clear) and moves into the
// sealed part what migration 0004 took out of the clear one (a family's
// languages and children), in one transaction. Rows already in today's
// shape are left alone, so it runs at every Open; FOR UPDATE keeps replicas
// starting at once from re-sealing the same row.
func (db *DB) sealLegacy(ctx context.Context) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, kind, data, sealed FROM submissions WHERE sealed IS NULL
			OR (kind = 'interest' AND (data ? 'languages' OR data ? 'children')) FOR UPDATE`)
		if err != nil {
			return err
		}
		var subs []*senderos.Submission
		for rows.Next() {
			var s senderos.Submission
			var kind string
			var data, sealed []byte
			if err := rows.Scan(&s.ID, &kind, &data, &sealed); err != nil {
				rows.Close()
				return err
			}
			s.Kind = senderos.Kind(kind)
			if sealed != nil && !record.NeedsReseal(s.Kind, data) {
				continue // "languages": null, say: nothing to move
			}
			if err := record.Open(db.keys, &s, data, sealed); err != nil {
				rows.Close()
				return err
			}
			subs = append(subs, &s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, s := range subs {
			data, sealed, err := record.Seal(db.keys, s)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE submissions SET data = $1, sealed = $2 WHERE id = $3`, data, sealed, s.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// staleValue is a sealed value not sealed with the primary key.
type staleValue struct {
	col record.SealedColumn
	id  int64
}

// Rekey re-seals with the primary key every sealed value sealed with
// another key, a batch per transaction, calling progress (if not nil)
// after each batch, and returns how many it re-sealed. Once it returns
// without error the older keys can be dropped.
func (db *DB) Rekey(ctx context.Context, progress func(done, total int)) (int, error) {
	var stale []staleValue
	for _, col := range record.SealedColumns {
		rows, err := db.pool.Query(ctx, `SELECT `+col.Key+`, `+col.Column+` FROM `+col.Table+` WHERE `+col.Column+` IS NOT NULL`)
		if err != nil {
			return 0, fmt.Errorf("postgres: rekey %s: %w", col.Table, err)
		}
		var id int64
		var value []byte
		if _, err := pgx.ForEachRow(rows, []any{&id, &value}, func() error {
			if !db.keys.IsPrimary(value) {
				stale = append(stale, staleValue{col, id})
			}
			return nil
		}); err != nil {
			return 0, fmt.Errorf("postgres: rekey %s: %w", col.Table, err)
		}
	}

	done := 0
	for len(stale) > done {
		n := min(rekeyBatch, len(stale)-done)
		if err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
			return db.rekeyBatch(ctx, tx, stale[done:done+n])
		}); err != nil {
			return done, err
		}
		done += n
		if progress != nil {
			progress(done, len(stale))
		}
	}
	return done, nil
}

// rekeyBatch re-seals values in tx.
func (db *DB) rekeyBatch(ctx context.Context, tx pgx.Tx, values []staleValue) error {
	for _, v := range values {
		c := v.col
		var old []byte
		err := tx.QueryRow(ctx, `SELECT `+c.Column+` FROM `+c.Table+` WHERE `+c.Key+` = $1 FOR UPDATE`, v.id).Scan(&old)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && (old == nil || db.keys.IsPrimary(old))) {
			continue // deleted or re-sealed meanwhile
		} else if err != nil {
			return fmt.Errorf("postgres: rekey %s: %w", c.Table, err)
		}
		plain, err := db.keys.Open(c.Label, old)
		if err != nil {
			return fmt.Errorf("postgres: rekey %s %d: %w", c.Table, v.id, err)
		}
		sealed, err := db.keys.Seal(c.Label, plain)
		if err != nil {
			return fmt.Errorf("postgres: rekey %s: %w", c.Table, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE `+c.Table+` SET `+c.Column+` = $1 WHERE `+c.Key+` = $2`, sealed, v.id); err != nil {
			return fmt.Errorf("postgres: rekey %s: %w", c.Table, err)
		}
	}
	return nil
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// rekeyBatch is how many values Rekey re-seals per transaction.
const rekeyBatch = 100

// sealLegacy seals the personal data of submissions stored before it was
// sealed (migration 0001 kept the whole payload in clear) and moves into the
// sealed part what migration 0004 took out of the clear one (a family's
// languages and children), in one transaction. Rows already in today's
// shape are left alone, so it runs at every Open; the rows are locked, so
// that replicas starting at once do not re-seal the same row.
func (db *DB) sealLegacy(ctx context.Context) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, `SELECT id, kind, data, sealed FROM submissions WHERE sealed IS NULL
		OR (kind = 'interest' AND (data -> 'languages' IS NOT NULL OR data -> 'children' IS NOT NULL))`+db.dialect.ForUpdate)
	if err != nil {
		return err
	}
	var subs []*senderos.Submission
	for rows.Next() {
		var s senderos.Submission
		var kind, data string
		var sealed []byte
		if err := rows.Scan(&s.ID, &kind, &data, &sealed); err != nil {
			rows.Close()
			return err
		}
		s.Kind = senderos.Kind(kind)
		if sealed != nil && !record.NeedsReseal(s.Kind, []byte(data)) {
			continue // "languages": null, say: nothing to move
		}
		if err := record.Open(db.keys, &s, []byte(data), sealed); err != nil {
			rows.Close()
			return err
		}
		subs = append(subs, &s)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, s := range subs {
		data, sealed, err := record.Seal(db.keys, s)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET data = ?, sealed = ? WHERE id = ?`, string(data), sealed, s.ID); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if len(subs) > 0 {
		return db.scrub(ctx)
	}
	return nil
}

// staleValue is a sealed value not sealed with the primary key.
type staleValue struct {
	col record.SealedColumn
	id  any
}

// Rekey re-seals with the primary key every sealed value sealed with
// another key, a batch per transaction, calling progress (if not nil)
// after each batch, and returns how many it re-sealed. Once it returns
// without error the older keys can be dropped.
func (db *DB) Rekey(ctx context.Context, progress func(done, total int)) (int, error) {
	var stale []staleValue
	for _, col := range record.SealedColumns {
		rows, err := db.read.QueryContext(ctx, `SELECT `+col.Key+`, `+col.Column+` FROM `+col.Table+` WHERE `+col.Column+` IS NOT NULL`)
		if err != nil {
			return 0, db.errorf("rekey "+col.Table, err)
		}
		for rows.Next() {
			var id any
			var value []byte
			if err := rows.Scan(&id, &value); err != nil {
				rows.Close()
				return 0, db.errorf("rekey "+col.Table, err)
			}
			if !db.keys.IsPrimary(value) {
				stale = append(stale, staleValue{col, id})
			}
		}
		if err := rows.Close(); err != nil {
			return 0, db.errorf("rekey "+col.Table, err)
		}
	}

	done := 0
	for len(stale) > done {
		n := min(rekeyBatch, len(stale)-done)
		if err := db.rekeyBatch(ctx, stale[done:done+n]); err != nil {
			return done, err
		}
		done += n
		if progress != nil {
			progress(done, len(stale))
		}
	}
	if done > 0 {
		if err := db.scrub(ctx); err != nil {
			return done, err
		}
	}
	return done, nil
}

// rekeyBatch re-seals values in one transaction.
func (db *DB) rekeyBatch(ctx context.Context, values []staleValue) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.errorf("rekey", err)
	}
	defer tx.Rollback()
	for _, v := range values {
		c := v.col
		var old []byte
		err := tx.QueryRowContext(ctx, `SELECT `+c.Column+` FROM `+c.Table+` WHERE `+c.Key+` = ?`+db.dialect.ForUpdate, v.id).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (old == nil || db.keys.IsPrimary(old))) {
			continue // deleted or re-sealed meanwhile
		} else if err != nil {
			return db.errorf("rekey "+c.Table, err)
		}
		plain, err := db.keys.Open(c.Label, old)
		if err != nil {
			return db.errorf(fmt.Sprintf("rekey %s %v", c.Table, v.id), err)
		}
		sealed, err := db.keys.Seal(c.Label, plain)
		if err != nil {
			return db.errorf("rekey "+c.Table, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+c.Table+` SET `+c.Column+` = ? WHERE `+c.Key+` = ?`, sealed, v.id); err != nil {
			return db.errorf("rekey "+c.Table, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return db.errorf("rekey", err)
	}
	return nil
}

// scrub has the engine take out any copy left of rows holding personal
// data that were deleted or re-sealed.
func (db *DB) scrub(ctx context.Context) error {
	if db.dialect.Scrub == nil {
		return nil
	}
	return db.dialect.Scrub(ctx, db)
}

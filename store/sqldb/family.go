package sqldb

import (
	"context"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// fillFamilies adds the rows of migration 0007 for the families' submissions
// stored without them (before it), in one transaction. It opens their
// sealed part, which the school-age column is computed from. Rows that
// have them are left alone, so it runs at every Open.
func (db *DB) fillFamilies(ctx context.Context) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, `SELECT id, reference, data, sealed FROM submissions s
		WHERE kind = 'interest' AND NOT EXISTS (SELECT 1 FROM families f WHERE f.submission_id = s.id)`)
	if err != nil {
		return err
	}
	var subs []*senderos.Submission
	for rows.Next() {
		s := senderos.Submission{Kind: senderos.KindInterest}
		var data string
		var sealed []byte
		if err := rows.Scan(&s.ID, &s.Reference, &data, &sealed); err != nil {
			rows.Close()
			return err
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
		if err := insertFamily(ctx, tx, s); err != nil {
			return err
		}
	}
	return tx.Commit()
}

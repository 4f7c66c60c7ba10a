package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// MatchWeights returns the coordinator's weights, DefaultWeights until
// set.
func (svc *MatchService) MatchWeights(ctx context.Context) (senderos.Weights, error) {
	return svc.db.matchWeights(ctx, svc.db.read)
}

// matchWeights reads the weights in q.
func (db *DB) matchWeights(ctx context.Context, q querier) (senderos.Weights, error) {
	rows, err := q.QueryContext(ctx, `SELECT criterion, weight FROM match_weights`)
	if err != nil {
		return nil, db.errorf("match weights", err)
	}
	defer rows.Close()
	w := senderos.Weights{}
	for rows.Next() {
		var c string
		var v int
		if err := rows.Scan(&c, &v); err != nil {
			return nil, db.errorf("match weights", err)
		}
		w[c] = v
	}
	if err := rows.Err(); err != nil {
		return nil, db.errorf("match weights", err)
	}
	if len(w) == 0 {
		return senderos.DefaultWeights(), nil
	}
	return w, nil
}

// SetMatchWeights stores w in place of the weights set before, a
// criterion w leaves out weighing 0, with an audit entry naming the old
// and the new values, in one transaction. EINVALID for what
// Weights.Validate finds.
func (svc *MatchService) SetMatchWeights(ctx context.Context, w senderos.Weights, by int64, now time.Time) error {
	if p := w.Validate(); len(p) > 0 {
		return p
	}
	return svc.db.inTx(ctx, "set match weights", func(tx *Tx) error {
		// Lock the weights: SQLite's writer holds the database; PostgreSQL
		// serialises two coordinators on the table's rows.
		if _, err := tx.ExecContext(ctx, `UPDATE match_weights SET weight = weight`); err != nil {
			return svc.db.errorf("set match weights", err)
		}
		old, err := svc.db.matchWeights(ctx, tx)
		if err != nil {
			return err
		}
		now = record.Time(now)
		if _, err := tx.ExecContext(ctx, `DELETE FROM match_weights`); err != nil {
			return svc.db.errorf("set match weights", err)
		}
		var changes []string
		for _, c := range senderos.Criteria {
			if _, err := tx.ExecContext(ctx, `INSERT INTO match_weights (criterion, weight, updated_at, updated_by) VALUES (?, ?, ?, ?)`,
				c, w[c], now, nullID(by)); err != nil {
				return svc.db.offerErr("set match weights", err)
			}
			changes = append(changes, fmt.Sprintf("%s %d→%d", c, old[c], w[c]))
		}
		return svc.db.auditMatchWeights(ctx, tx, by, strings.Join(changes, ", "), now)
	})
}

// auditMatchWeights records the change of the weights by staff account by.
func (db *DB) auditMatchWeights(ctx context.Context, tx *Tx, by int64, detail string, now time.Time) error {
	var actor string
	if err := tx.QueryRowContext(ctx, `SELECT email FROM staff WHERE id = ?`, by).Scan(&actor); err != nil {
		return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	}
	return insertAudit(ctx, tx, db.dialect, &senderos.AuditEntry{At: now, StaffID: by, Actor: actor, Action: senderos.AuditWeights,
		Target: senderos.AuditTargetWeights, Outcome: senderos.OutcomeOK, Detail: detail})
}

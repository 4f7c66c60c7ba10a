package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// AddVisit stores v, its notes sealed, linked to goals of the case's
// current revision, with an audit entry, in one transaction; a visit done
// counts as contact on its day. See senderos.CaseService.
func (svc *CaseService) AddVisit(ctx context.Context, v *senderos.Visit, now time.Time) error {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("add visit", err)
	}
	defer tx.Rollback()

	c, err := svc.db.lockCase(ctx, tx, v.CaseID)
	if err != nil {
		return err
	}
	goals, err := currentGoals(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	if p := v.Validate(c, goals, now); len(p) > 0 {
		return p
	}
	sealed, err := record.SealJSON(svc.db.keys, record.LabelVisit, record.VisitPrivate{
		Place: v.Place, Participants: v.Participants, Outcome: v.Outcome, NextSteps: v.NextSteps})
	if err != nil {
		return err
	}
	now = record.Time(now)
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO visits (case_id, kind, visit_on, done, recorded_by, recorded_at, sealed)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, v.Kind, dayOf(v.On), v.Done, nullID(v.RecordedBy), now, sealed).Scan(&id)
	if svc.db.Is(err, ForeignKeyViolation) {
		return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	} else if err != nil {
		return svc.db.errorf("add visit", err)
	}
	for _, n := range v.Goals {
		if _, err := tx.ExecContext(ctx, `INSERT INTO visit_goals (visit_id, goal_number) VALUES (?, ?)
			ON CONFLICT DO NOTHING`, id, n); err != nil {
			return svc.db.errorf("add visit", err)
		}
	}
	var contact time.Time
	if v.Done {
		contact = senderos.Day(v.On)
	}
	if err := touchCase(ctx, tx, c.ID, now, contact); err != nil {
		return err
	}
	if err := svc.db.auditCase(ctx, tx, v.RecordedBy, senderos.AuditCaseChange, c, "visit "+strconv.FormatInt(id, 10), now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("add visit", err)
	}
	v.ID, v.CaseID, v.On, v.RecordedAt = id, c.ID, senderos.Day(v.On), now
	return nil
}

// currentGoals returns the numbers of the goals of case caseID's current
// revision.
func currentGoals(ctx context.Context, q querier, caseID int64) ([]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT number FROM goals WHERE case_id = ? AND current ORDER BY number`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// FindVisits lists the visits of case caseID, by day, newest first.
// Returns ENOTFOUND as FindCase.
func (svc *CaseService) FindVisits(ctx context.Context, caseID int64) ([]*senderos.Visit, error) {
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, svc.db.errorf("find visits", err)
	}
	defer tx.Rollback()
	if _, err := svc.db.findCase(ctx, tx, `c.id = ?`, caseID); err != nil {
		return nil, err
	}
	visits, err := svc.db.findVisits(ctx, tx, caseID)
	if err != nil {
		return nil, svc.db.errorf("find visits", err)
	}
	return visits, nil
}

// findVisits lists the visits of case caseID, newest first, with the goals
// they serve.
func (db *DB) findVisits(ctx context.Context, q querier, caseID int64) ([]*senderos.Visit, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, kind, visit_on, done, recorded_by, recorded_at, sealed
		FROM visits WHERE case_id = ? ORDER BY visit_on DESC, id DESC`, caseID)
	if err != nil {
		return nil, err
	}
	visits, byID := []*senderos.Visit{}, map[int64]*senderos.Visit{}
	for rows.Next() {
		var v senderos.Visit
		var by sql.NullInt64
		var sealed []byte
		var p record.VisitPrivate
		if err := rows.Scan(&v.ID, &v.CaseID, &v.Kind, day(&v.On), &v.Done, &by, at(&v.RecordedAt), &sealed); err != nil {
			rows.Close()
			return nil, err
		}
		if err := record.OpenJSON(db.keys, record.LabelVisit, sealed, &p); err != nil {
			rows.Close()
			return nil, err
		}
		v.RecordedBy, v.Place, v.Participants, v.Outcome, v.NextSteps = by.Int64, p.Place, p.Participants, p.Outcome, p.NextSteps
		visits, byID[v.ID] = append(visits, &v), &v
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT g.visit_id, g.goal_number FROM visit_goals g JOIN visits v ON v.id = g.visit_id
		WHERE v.case_id = ? ORDER BY g.visit_id, g.goal_number`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		if v := byID[id]; v != nil {
			v.Goals = append(v.Goals, n)
		}
	}
	return visits, rows.Err()
}

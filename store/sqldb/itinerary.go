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

// revisionColumns are the columns scanRevision reads, in its order.
const revisionColumns = `r.id, r.case_id, r.number, r.staff_id, r.at, r.superseded_at, r.why,
	a.agreed_on, a.how, a.recorded_by, a.recorded_at`

// revisionFrom joins revisions r with their agreements a and their case's
// record, hidden once erased.
const revisionFrom = ` FROM itinerary_revisions r LEFT JOIN agreements a ON a.revision_id = r.id
	JOIN cases c ON c.id = r.case_id JOIN submissions s ON s.id = c.submission_id WHERE s.blocked_at IS NULL AND `

// superseded is the problem of a change to a revision a newer one replaced.
func superseded() senderos.Problems {
	var p senderos.Problems
	p.Add("revision", senderos.ProblemSuperseded)
	return p
}

// ReviseItinerary stores next as the newest revision of its case and
// supersedes base, in one transaction, with an audit entry; the first
// revision also moves an interviewed family's record to
// StatusItinerary, in its history. The case's row is locked first, so that
// of two staff revising one base at once the second finds it superseded;
// the unique current revision per case backs that up. See
// senderos.CaseService.
func (svc *CaseService) ReviseItinerary(ctx context.Context, next *senderos.Revision, base int, now time.Time) (*senderos.Revision, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("revise itinerary", err)
	}
	defer tx.Rollback()

	c, err := svc.db.lockCase(ctx, tx, next.CaseID)
	if err != nil {
		return nil, err
	}
	var prev *senderos.Revision
	if base > 0 {
		if prev, err = svc.db.findRevision(ctx, tx, `r.case_id = ? AND r.number = ?`, c.ID, base); err != nil {
			return nil, err
		}
	}
	p := senderos.ValidateRevision(c, prev, next)
	if base == 0 && !p.Has("revision") {
		// A first plan made while someone else made one is superseded too.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM itinerary_revisions WHERE case_id = ?`, c.ID).Scan(&n); err != nil {
			return nil, svc.db.errorf("revise itinerary", err)
		} else if n > 0 {
			p = append(superseded(), p...)
		}
	}
	if len(p) > 0 {
		return nil, p
	}

	now = record.Time(now)
	r := *next
	r.ID, r.Number, r.At, r.SupersededAt, r.Agreement = 0, base+1, now, time.Time{}, nil
	if err := svc.db.supersedePlan(ctx, tx, c.ID, now); err != nil {
		return nil, err
	}
	why, err := record.SealString(svc.db.keys, record.LabelRevisionWhy, r.Why)
	if err != nil {
		return nil, err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO itinerary_revisions (case_id, number, staff_id, at, why)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, c.ID, r.Number, nullID(r.By), now, nullBytes(why)).Scan(&r.ID)
	switch {
	case svc.db.Is(err, UniqueViolation) || svc.db.Is(err, PrimaryKeyViolation):
		return nil, superseded()
	case svc.db.Is(err, ForeignKeyViolation):
		return nil, senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	case err != nil:
		return nil, svc.db.errorf("revise itinerary", err)
	}
	if err := svc.db.insertPlan(ctx, tx, &r); err != nil {
		return nil, err
	}
	if base == 0 {
		if err := svc.db.startItinerary(ctx, tx, c, r.By, now); err != nil {
			return nil, err
		}
	}
	if err := touchCase(ctx, tx, c.ID, now, time.Time{}); err != nil {
		return nil, err
	}
	if err := svc.db.auditCase(ctx, tx, r.By, senderos.AuditCaseChange, c, "revision "+strconv.Itoa(r.Number), now); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("revise itinerary", err)
	}
	return &r, nil
}

// supersedePlan marks case caseID's current revision superseded at now,
// and its goals and tasks no longer current.
func (db *DB) supersedePlan(ctx context.Context, tx *Tx, caseID int64, now time.Time) error {
	for _, u := range []struct {
		stmt string
		arg  any
	}{
		{`UPDATE itinerary_revisions SET superseded_at = ? WHERE case_id = ? AND superseded_at IS NULL`, now},
		{`UPDATE goals SET current = ? WHERE case_id = ? AND current`, false},
		{`UPDATE tasks SET current = ? WHERE case_id = ? AND current`, false},
	} {
		if _, err := tx.ExecContext(ctx, u.stmt, u.arg, caseID); err != nil {
			return db.errorf("revise itinerary", err)
		}
	}
	return nil
}

// insertPlan stores the goals and tasks of r, the case's current
// revision, their texts sealed, their days as days.
func (db *DB) insertPlan(ctx context.Context, tx *Tx, r *senderos.Revision) error {
	for i := range r.Goals {
		g := &r.Goals[i]
		g.Due = senderos.Day(g.Due)
		sealed, err := record.SealJSON(db.keys, record.LabelGoal, record.GoalPrivate{
			What: g.What, Start: g.Start, Target: g.Target, Measure: g.Measure, Evidence: g.Evidence})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO goals (revision_id, case_id, number, current, phase, area,
			responsible, status, due_on, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.CaseID, g.Number, true,
			string(g.Phase), g.Area, g.Responsible, g.Status, dayOf(g.Due), sealed); err != nil {
			return db.errorf("store goal", err)
		}
	}
	for i := range r.Tasks {
		t := &r.Tasks[i]
		t.Due = senderos.Day(t.Due)
		sealed, err := db.keys.Seal(record.LabelTask, []byte(t.What))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO tasks (revision_id, case_id, number, current, phase, owner,
			due_on, done, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.CaseID, t.Number, true,
			string(t.Phase), t.Owner, dayOf(t.Due), t.Done, sealed); err != nil {
			return db.errorf("store task", err)
		}
	}
	return nil
}

// startItinerary moves the record of case c from StatusInterviewed to
// StatusItinerary, in its history, when its first itinerary is written.
// A record in any other status is left as it is.
func (db *DB) startItinerary(ctx context.Context, tx *Tx, c *senderos.Case, by int64, now time.Time) error {
	return db.changeStatus(ctx, tx, c, senderos.StatusInterviewed, senderos.StatusItinerary, by, now, false)
}

// changeStatus moves the record of case c to status to, with an event,
// if it is in status from (any status it may leave for to, if from is
// empty). Otherwise it returns ECONFLICT if must, or does nothing.
func (db *DB) changeStatus(ctx context.Context, tx *Tx, c *senderos.Case, from, to senderos.Status, by int64, now time.Time, must bool) error {
	var cur string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM submissions WHERE id = ?`, c.SubmissionID).Scan(&cur); err != nil {
		return db.errorf("change status", err)
	}
	if (from != "" && senderos.Status(cur) != from) || !senderos.CanChangeStatus(senderos.KindInterest, senderos.Status(cur), to) {
		if must {
			return senderos.Errorf(senderos.ECONFLICT, "The family's record cannot become %s.", to)
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET status = ?, updated_at = ? WHERE id = ?`, string(to), now, c.SubmissionID); err != nil {
		return db.errorf("change status", err)
	}
	return db.insertEvent(ctx, tx, &senderos.Event{SubmissionID: c.SubmissionID, At: now, StaffID: by,
		Type: senderos.EventStatus, From: cur, To: string(to)})
}

// CurrentRevision returns the newest revision of case caseID, or
// ENOTFOUND when it has none or its record is erased.
func (svc *CaseService) CurrentRevision(ctx context.Context, caseID int64) (*senderos.Revision, error) {
	return svc.db.findRevision(ctx, svc.db.read, `r.case_id = ? AND r.superseded_at IS NULL`, caseID)
}

// FindRevisions lists every revision of case caseID, newest first, with
// their goals and tasks. Returns ENOTFOUND as FindCase.
func (svc *CaseService) FindRevisions(ctx context.Context, caseID int64) ([]*senderos.Revision, error) {
	return readCase(ctx, svc.db, caseID, "find revisions", func(tx *Tx) ([]*senderos.Revision, error) {
		return svc.db.findRevisions(ctx, tx, caseID)
	})
}

// findRevisions lists the revisions of case caseID, newest first.
func (db *DB) findRevisions(ctx context.Context, tx *Tx, caseID int64) ([]*senderos.Revision, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+revisionColumns+revisionFrom+`r.case_id = ? ORDER BY r.number DESC`, caseID)
	if err != nil {
		return nil, err
	}
	var out []*senderos.Revision
	for rows.Next() {
		r, err := db.scanRevision(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, err
	}
	for _, r := range out {
		if err := db.loadPlan(ctx, tx, r); err != nil {
			return nil, err
		}
	}
	if out == nil {
		out = []*senderos.Revision{}
	}
	return out, nil
}

// findRevision returns the one revision in q matching where, with its
// goals and tasks, or ENOTFOUND.
func (db *DB) findRevision(ctx context.Context, q querier, where string, args ...any) (*senderos.Revision, error) {
	r, err := db.scanRevision(q.QueryRowContext(ctx, `SELECT `+revisionColumns+revisionFrom+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Revision not found.")
	} else if err != nil {
		return nil, db.errorf("find revision", err)
	}
	if err := db.loadPlan(ctx, q, r); err != nil {
		return nil, err
	}
	return r, nil
}

// scanRevision reads one row of revisionColumns.
func (db *DB) scanRevision(row interface{ Scan(...any) error }) (*senderos.Revision, error) {
	var (
		r              senderos.Revision
		a              senderos.Agreement
		by, recordedBy sql.NullInt64
		how            sql.NullString
		why            []byte
	)
	if err := row.Scan(&r.ID, &r.CaseID, &r.Number, &by, at(&r.At), at(&r.SupersededAt), &why,
		day(&a.On), &how, &recordedBy, at(&a.RecordedAt)); err != nil {
		return nil, err
	}
	r.By = by.Int64
	var err error
	if r.Why, err = record.OpenString(db.keys, record.LabelRevisionWhy, why); err != nil {
		return nil, err
	}
	if how.Valid {
		a.RevisionID, a.How, a.RecordedBy = r.ID, how.String, recordedBy.Int64
		r.Agreement = &a
	}
	return &r, nil
}

// loadPlan reads the goals and tasks of r, by number.
func (db *DB) loadPlan(ctx context.Context, q querier, r *senderos.Revision) error {
	rows, err := q.QueryContext(ctx, `SELECT number, phase, area, responsible, status, due_on, sealed
		FROM goals WHERE revision_id = ? ORDER BY number`, r.ID)
	if err != nil {
		return db.errorf("find goals", err)
	}
	r.Goals = []senderos.Goal{}
	for rows.Next() {
		var g senderos.Goal
		var phase string
		var sealed []byte
		var p record.GoalPrivate
		if err := rows.Scan(&g.Number, &phase, &g.Area, &g.Responsible, &g.Status, day(&g.Due), &sealed); err != nil {
			rows.Close()
			return db.errorf("find goals", err)
		}
		if err := record.OpenJSON(db.keys, record.LabelGoal, sealed, &p); err != nil {
			rows.Close()
			return db.errorf("find goals", err)
		}
		g.Phase, g.What, g.Start, g.Target, g.Measure, g.Evidence = senderos.Phase(phase), p.What, p.Start, p.Target, p.Measure, p.Evidence
		r.Goals = append(r.Goals, g)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return db.errorf("find goals", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT number, phase, owner, due_on, done, sealed FROM tasks WHERE revision_id = ? ORDER BY number`, r.ID)
	if err != nil {
		return db.errorf("find tasks", err)
	}
	r.Tasks = []senderos.Task{}
	for rows.Next() {
		var t senderos.Task
		var phase string
		var sealed []byte
		if err := rows.Scan(&t.Number, &phase, &t.Owner, day(&t.Due), &t.Done, &sealed); err != nil {
			rows.Close()
			return db.errorf("find tasks", err)
		}
		if t.What, err = record.OpenString(db.keys, record.LabelTask, sealed); err != nil {
			rows.Close()
			return db.errorf("find tasks", err)
		}
		t.Phase = senderos.Phase(phase)
		r.Tasks = append(r.Tasks, t)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return db.errorf("find tasks", err)
	}
	return nil
}

// RecordAgreement records the family's agreement a to its revision, with
// an audit entry, in one transaction. The case's row is locked first, so
// that of two agreements recorded at once the second finds the first; the
// agreement's primary key backs that up. See senderos.CaseService.
func (svc *CaseService) RecordAgreement(ctx context.Context, a *senderos.Agreement, now time.Time) error {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("record agreement", err)
	}
	defer tx.Rollback()

	var caseID int64
	err = tx.QueryRowContext(ctx, `SELECT r.case_id`+revisionFrom+`r.id = ?`, a.RevisionID).Scan(&caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return senderos.Errorf(senderos.ENOTFOUND, "Revision not found.")
	} else if err != nil {
		return svc.db.errorf("record agreement", err)
	}
	c, err := svc.db.lockCase(ctx, tx, caseID)
	if err != nil {
		return err
	}
	r, err := svc.db.findRevision(ctx, tx, `r.id = ?`, a.RevisionID)
	if err != nil {
		return err
	}
	if p := senderos.ValidateAgreement(r, a, now); len(p) > 0 {
		return p
	} else if r.Agreement != nil {
		return senderos.Errorf(senderos.ECONFLICT, "The family's agreement to this revision is recorded already.")
	}
	now = record.Time(now)
	_, err = tx.ExecContext(ctx, `INSERT INTO agreements (revision_id, case_id, agreed_on, how, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?)`, r.ID, c.ID, dayOf(a.On), a.How, nullID(a.RecordedBy), now)
	switch {
	case svc.db.Is(err, UniqueViolation) || svc.db.Is(err, PrimaryKeyViolation):
		return senderos.Errorf(senderos.ECONFLICT, "The family's agreement to this revision is recorded already.")
	case svc.db.Is(err, ForeignKeyViolation):
		return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	case err != nil:
		return svc.db.errorf("record agreement", err)
	}
	if err := touchCase(ctx, tx, c.ID, now, time.Time{}); err != nil {
		return err
	}
	if err := svc.db.auditCase(ctx, tx, a.RecordedBy, senderos.AuditCaseChange, c, "agreement "+strconv.Itoa(r.Number), now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("record agreement", err)
	}
	a.On, a.RecordedAt = senderos.Day(a.On), now
	return nil
}

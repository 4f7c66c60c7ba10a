package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// UpdateSubmission applies u in one transaction, recording an Event for
// each change, and returns the updated submission. Returns ENOTFOUND for a
// missing or blocked submission, ECONFLICT for a status change that
// CanChangeStatus does not allow and EINVALID for an unknown assignee or
// author.
func (svc *SubmissionService) UpdateSubmission(ctx context.Context, u senderos.SubmissionUpdate) (*senderos.Submission, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("update submission", err)
	}
	defer tx.Rollback()

	// Locked (FOR UPDATE, or SQLite's write lock): two staff changing one
	// record at once see each other's change, and the workflow rules hold.
	cur, err := svc.db.findOne(ctx, tx, `id = ? AND blocked_at IS NULL`+svc.db.dialect.ForUpdate, u.ID)
	if err != nil {
		return nil, err
	}
	now := svc.Now()
	before := cur.AssigneeID
	events, err := record.Plan(cur, u, now)
	if err != nil {
		return nil, err
	} else if len(events) == 0 {
		return cur, nil
	}
	if cur.AssigneeID != before && cur.AssigneeID != 0 {
		if err := staffExists(ctx, tx, cur.AssigneeID); err != nil {
			return nil, err
		}
	}

	cur.UpdatedAt = record.Time(now)
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET status = ?, assignee_id = ?, updated_at = ? WHERE id = ?`,
		string(cur.Status), sql.NullInt64{Int64: cur.AssigneeID, Valid: cur.AssigneeID != 0}, cur.UpdatedAt, cur.ID); err != nil {
		return nil, svc.db.errorf("update submission", err)
	}
	for _, e := range events {
		if err := svc.db.insertEvent(ctx, tx, e); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("update submission", err)
	}
	return cur, nil
}

// staffExists returns EINVALID unless account id exists.
func staffExists(ctx context.Context, tx *Tx, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE id = ?`, id).Scan(&n); err != nil {
		return tx.errorf("find assignee", err)
	} else if n == 0 {
		return senderos.Errorf(senderos.EINVALID, "Unknown assignee.")
	}
	return nil
}

// insertEvent adds e in tx, its note sealed, and sets its ID.
func (db *DB) insertEvent(ctx context.Context, tx *Tx, e *senderos.Event) error {
	note, err := record.SealString(db.keys, record.LabelNote, e.Note)
	if err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO events (submission_id, at, staff_id, type, from_value, to_value, note)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.SubmissionID, e.At, sql.NullInt64{Int64: e.StaffID, Valid: e.StaffID != 0},
		string(e.Type), e.From, e.To, nullBytes(note)).Scan(&e.ID)
	if db.Is(err, ForeignKeyViolation) {
		return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	} else if err != nil {
		return db.errorf("record event", err)
	}
	return nil
}

// FindEvents returns a submission's history, oldest first, or ENOTFOUND
// when the submission is missing or blocked.
func (svc *SubmissionService) FindEvents(ctx context.Context, submissionID int64) ([]*senderos.Event, error) {
	tx, err := svc.db.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("find events", err)
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM submissions WHERE id = ? AND blocked_at IS NULL`, submissionID).Scan(&n); err != nil {
		return nil, svc.db.errorf("find events", err)
	} else if n == 0 {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, submission_id, at, staff_id, type, from_value, to_value, note
		FROM events WHERE submission_id = ? ORDER BY id`, submissionID)
	if err != nil {
		return nil, svc.db.errorf("find events", err)
	}
	defer rows.Close()
	events := []*senderos.Event{}
	for rows.Next() {
		var (
			e     senderos.Event
			typ   string
			staff sql.NullInt64
			note  []byte
		)
		if err := rows.Scan(&e.ID, &e.SubmissionID, at(&e.At), &staff, &typ, &e.From, &e.To, &note); err != nil {
			return nil, svc.db.errorf("find events", err)
		}
		e.StaffID, e.Type = staff.Int64, senderos.EventType(typ)
		var err error
		if e.Note, err = record.OpenString(svc.db.keys, record.LabelNote, note); err != nil {
			return nil, svc.db.errorf("find events", err)
		}
		events = append(events, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("find events", err)
	}
	return events, nil
}

// EraseSubmission blocks submission id at once, recording who asked: from
// then on no Find or Count returns it, and Purge destroys it once the
// retention period has passed. Returns ENOTFOUND when there is no such
// submission; erasing a blocked one again does nothing.
func (svc *SubmissionService) EraseSubmission(ctx context.Context, id, by int64) error {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("erase submission", err)
	}
	defer tx.Rollback()

	var blocked time.Time
	if err := tx.QueryRowContext(ctx, `SELECT blocked_at FROM submissions WHERE id = ?`+svc.db.dialect.ForUpdate, id).Scan(at(&blocked)); errors.Is(err, sql.ErrNoRows) {
		return senderos.Errorf(senderos.ENOTFOUND, "Submission not found.")
	} else if err != nil {
		return svc.db.errorf("erase submission", err)
	} else if !blocked.IsZero() {
		return nil
	}
	now := record.Time(svc.Now())
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET blocked_at = ? WHERE id = ?`, now, id); err != nil {
		return svc.db.errorf("erase submission", err)
	}
	if err := svc.db.insertEvent(ctx, tx, &senderos.Event{SubmissionID: id, At: now, StaffID: by, Type: senderos.EventErase}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("erase submission", err)
	}
	return nil
}

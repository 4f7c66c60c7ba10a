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

// MarkMoved records the move of case id's family, moves its record to
// StatusRelocated in its history and schedules its follow-ups, with an
// audit entry, in one transaction; the day of the move counts as contact.
// See senderos.CaseService.
func (svc *CaseService) MarkMoved(ctx context.Context, id, by int64, moved time.Time, municipality string, s senderos.Schedule, now time.Time) ([]*senderos.FollowUp, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("mark moved", err)
	}
	defer tx.Rollback()

	c, err := svc.db.lockCase(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p := senderos.ValidateMove(c, moved, now)
	if !ineCode(municipality) {
		p.Add("municipality", senderos.ProblemNotInList)
	}
	if sp := s.Validate(); len(sp) > 0 {
		p = append(p, sp...)
	}
	if len(p) > 0 {
		return nil, p
	} else if c.Moved() {
		return nil, senderos.Errorf(senderos.ECONFLICT, "The family has moved already.")
	}
	now = record.Time(now)
	if err := svc.db.changeStatus(ctx, tx, c, "", senderos.StatusRelocated, by, now, true); err != nil {
		return nil, err
	}
	moved = senderos.Day(moved)
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET moved_on = ?, municipality_code = ? WHERE id = ?`,
		dayOf(moved), municipality, c.ID); err != nil {
		return nil, svc.db.errorf("mark moved", err)
	}
	fs := s.FollowUps(c.ID, moved)
	for _, f := range fs {
		if err := tx.QueryRowContext(ctx, `INSERT INTO followups (case_id, month, due_on) VALUES (?, ?, ?) RETURNING id`,
			c.ID, f.Month, dayOf(f.Due)).Scan(&f.ID); err != nil {
			return nil, svc.db.errorf("schedule follow-up", err)
		}
	}
	if err := touchCase(ctx, tx, c.ID, now, moved); err != nil {
		return nil, err
	}
	if err := svc.db.auditCase(ctx, tx, by, senderos.AuditCaseChange, c, "moved", now); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("mark moved", err)
	}
	return fs, nil
}

// ineCode reports whether s is a municipality's INE code: five digits.
func ineCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// followUpColumns are the columns scanFollowUp reads, in its order.
const followUpColumns = `f.id, f.case_id, f.month, f.due_on, f.done_on, f.staff_id, f.work, f.housing, f.school,
	f.health_care, f.neighbours, f.spanish, f.job_lost, f.housing_problem, f.intends_to_stay, f.good_decision, f.note`

// RecordFollowUp records follow-up f.ID as done, its note sealed, with an
// audit entry, in one transaction; it counts as contact on its day. See
// senderos.CaseService.
func (svc *CaseService) RecordFollowUp(ctx context.Context, f *senderos.FollowUp, now time.Time) error {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("record follow-up", err)
	}
	defer tx.Rollback()

	var caseID int64
	err = tx.QueryRowContext(ctx, `SELECT f.case_id FROM followups f JOIN cases c ON c.id = f.case_id
		JOIN submissions s ON s.id = c.submission_id WHERE s.blocked_at IS NULL AND f.id = ?`, f.ID).Scan(&caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return senderos.Errorf(senderos.ENOTFOUND, "Follow-up not found.")
	} else if err != nil {
		return svc.db.errorf("record follow-up", err)
	}
	c, err := svc.db.lockCase(ctx, tx, caseID)
	if err != nil {
		return err
	}
	cur, err := scanFollowUp(tx.QueryRowContext(ctx, `SELECT `+followUpColumns+` FROM followups f WHERE f.id = ?`, f.ID), svc.db)
	if err != nil {
		return svc.db.errorf("record follow-up", err)
	}
	if p := senderos.ValidateFollowUp(c, f, now); len(p) > 0 {
		return p
	} else if cur.Done() {
		return senderos.Errorf(senderos.ECONFLICT, "The follow-up is recorded already.")
	}
	k := f.Check
	note, err := record.SealString(svc.db.keys, record.LabelFollowUpNote, k.Note)
	if err != nil {
		return err
	}
	now = record.Time(now)
	_, err = tx.ExecContext(ctx, `UPDATE followups SET done_on = ?, staff_id = ?, recorded_at = ?, work = ?, housing = ?,
		school = ?, health_care = ?, neighbours = ?, spanish = ?, job_lost = ?, housing_problem = ?, intends_to_stay = ?,
		good_decision = ?, note = ? WHERE id = ?`, dayOf(f.DoneOn), nullID(f.By), now, k.Work, k.Housing, k.School,
		k.HealthCare, k.Neighbours, k.Spanish, k.JobLost, k.HousingProblem, k.IntendsToStay,
		sql.NullString{String: k.GoodDecision, Valid: k.GoodDecision != ""}, nullBytes(note), f.ID)
	if svc.db.Is(err, ForeignKeyViolation) {
		return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	} else if err != nil {
		return svc.db.errorf("record follow-up", err)
	}
	if err := touchCase(ctx, tx, c.ID, now, senderos.Day(f.DoneOn)); err != nil {
		return err
	}
	if err := svc.db.auditCase(ctx, tx, f.By, senderos.AuditCaseChange, c, "followup "+strconv.Itoa(cur.Month), now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("record follow-up", err)
	}
	f.CaseID, f.Month, f.Due, f.DoneOn = cur.CaseID, cur.Month, cur.Due, senderos.Day(f.DoneOn)
	return nil
}

// FindFollowUps lists the follow-ups of case caseID by due day. Returns
// ENOTFOUND as FindCase.
func (svc *CaseService) FindFollowUps(ctx context.Context, caseID int64) ([]*senderos.FollowUp, error) {
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, svc.db.errorf("find follow-ups", err)
	}
	defer tx.Rollback()
	if _, err := svc.db.findCase(ctx, tx, `c.id = ?`, caseID); err != nil {
		return nil, err
	}
	fs, err := svc.db.findFollowUps(ctx, tx, caseID)
	if err != nil {
		return nil, svc.db.errorf("find follow-ups", err)
	}
	return fs, nil
}

// findFollowUps lists the follow-ups of case caseID by due day.
func (db *DB) findFollowUps(ctx context.Context, q querier, caseID int64) ([]*senderos.FollowUp, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+followUpColumns+` FROM followups f WHERE f.case_id = ? ORDER BY f.due_on, f.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*senderos.FollowUp{}
	for rows.Next() {
		f, err := scanFollowUp(rows, db)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// scanFollowUp reads one row of followUpColumns; the check of a pending
// follow-up is nil.
func scanFollowUp(row interface{ Scan(...any) error }, db *DB) (*senderos.FollowUp, error) {
	var (
		f                                   senderos.FollowUp
		by                                  sql.NullInt64
		work, housing, school, health, ties sql.NullString
		spanish, stay, decision             sql.NullString
		jobLost, housingProblem             sql.NullBool
		note                                []byte
	)
	if err := row.Scan(&f.ID, &f.CaseID, &f.Month, day(&f.Due), day(&f.DoneOn), &by, &work, &housing, &school,
		&health, &ties, &spanish, &jobLost, &housingProblem, &stay, &decision, &note); err != nil {
		return nil, err
	}
	f.By = by.Int64
	if f.Done() {
		k := &senderos.Check{Work: work.String, Housing: housing.String, School: school.String, HealthCare: health.String,
			Neighbours: ties.String, Spanish: spanish.String, JobLost: jobLost.Bool, HousingProblem: housingProblem.Bool,
			IntendsToStay: stay.String, GoodDecision: decision.String}
		var err error
		if k.Note, err = record.OpenString(db.keys, record.LabelFollowUpNote, note); err != nil {
			return nil, err
		}
		f.Check = k
	}
	return &f, nil
}

package sqldb

import (
	"context"
	"database/sql"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// AddFeedback stores f, its comment sealed, with an audit entry (the
// family's own, from its page), in one transaction, and sets its ID, and
// At if zero. See senderos.FamilyService.
func (svc *FamilyService) AddFeedback(ctx context.Context, f *senderos.Feedback) error {
	if p := f.Validate(); len(p) > 0 {
		return p
	}
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("add feedback", err)
	}
	defer tx.Rollback()

	c, err := svc.db.lockCase(ctx, tx, f.CaseID)
	if err != nil {
		return err
	}
	if f.At.IsZero() {
		f.At = svc.Now()
	}
	f.At = record.Time(f.At)
	comment, err := record.SealString(svc.db.keys, record.LabelFeedback, f.Comment)
	if err != nil {
		return err
	}
	score := func(n int) sql.NullInt64 { return sql.NullInt64{Int64: int64(n), Valid: n != 0} }
	err = tx.QueryRowContext(ctx, `INSERT INTO feedback (case_id, at, channel, staff_id, support, information, training,
		village, month, good_decision, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.ID, f.At, f.Channel, nullID(f.By), score(f.Support), score(f.Information), score(f.Training), score(f.Village),
		score(f.Month), sql.NullString{String: f.GoodDecision, Valid: f.GoodDecision != ""}, nullBytes(comment)).Scan(&f.ID)
	if svc.db.Is(err, ForeignKeyViolation) {
		return senderos.Errorf(senderos.EINVALID, "Unknown staff account.")
	} else if err != nil {
		return svc.db.errorf("add feedback", err)
	}
	if err := svc.db.auditCase(ctx, tx, f.By, senderos.AuditCaseChange, c, "feedback "+f.Channel, f.At); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("add feedback", err)
	}
	return nil
}

// FindFeedback lists the feedback of case caseID, newest first. Returns
// ENOTFOUND as FindCase.
func (svc *FamilyService) FindFeedback(ctx context.Context, caseID int64) ([]*senderos.Feedback, error) {
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, svc.db.errorf("find feedback", err)
	}
	defer tx.Rollback()
	if _, err := svc.db.findCase(ctx, tx, `c.id = ?`, caseID); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, case_id, at, channel, staff_id, support, information, training, village,
		month, good_decision, comment FROM feedback WHERE case_id = ? ORDER BY at DESC, id DESC`, caseID)
	if err != nil {
		return nil, svc.db.errorf("find feedback", err)
	}
	defer rows.Close()
	out := []*senderos.Feedback{}
	for rows.Next() {
		var f senderos.Feedback
		var by, support, information, training, village, month sql.NullInt64
		var decision sql.NullString
		var comment []byte
		if err := rows.Scan(&f.ID, &f.CaseID, at(&f.At), &f.Channel, &by, &support, &information, &training, &village,
			&month, &decision, &comment); err != nil {
			return nil, svc.db.errorf("find feedback", err)
		}
		f.By, f.Support, f.Information, f.Training, f.Village, f.Month, f.GoodDecision = by.Int64, int(support.Int64),
			int(information.Int64), int(training.Int64), int(village.Int64), int(month.Int64), decision.String
		if f.Comment, err = record.OpenString(svc.db.keys, record.LabelFeedback, comment); err != nil {
			return nil, svc.db.errorf("find feedback", err)
		}
		out = append(out, &f)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("find feedback", err)
	}
	return out, nil
}

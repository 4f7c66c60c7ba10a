package sqldb

import (
	"context"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// ApproveMunicipality approves the municipality sign-up a names and
// publishes its profile in one transaction, with the status change in the
// sign-up's history and the change and the publication in the audit log;
// after an error nothing of it is stored. Returns ENOTFOUND for a missing
// or blocked sign-up or a family's record, ECONFLICT when the sign-up
// cannot become approved, EINVALID for an incomplete profile or approval.
func (svc *ProfileService) ApproveMunicipality(ctx context.Context, a senderos.Approval) (*senderos.Profile, error) {
	return svc.publish(ctx, a, record.Approve)
}

// PublishAgain publishes the profile of the approved sign-up a names
// again, keeping the job offers added to it, and audits it, in one
// transaction. Returns ENOTFOUND and EINVALID as ApproveMunicipality, and
// ECONFLICT unless the sign-up is approved.
func (svc *ProfileService) PublishAgain(ctx context.Context, a senderos.Approval) (*senderos.Profile, error) {
	return svc.publish(ctx, a, record.PublishAgain)
}

// publish writes in one transaction what plan works out for the sign-up.
// Its row is locked first (SQLite's writer transactions take the write lock
// when they begin), so two staff approving one sign-up at once are
// serialised and the second sees it approved.
func (svc *ProfileService) publish(ctx context.Context, a senderos.Approval,
	plan func(*senderos.Submission, senderos.Approval, time.Time) (*record.Publication, error)) (*senderos.Profile, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("publish profile", err)
	}
	defer tx.Rollback()

	cur, err := svc.db.findOne(ctx, tx, `id = ? AND blocked_at IS NULL`+svc.db.dialect.ForUpdate, a.SubmissionID)
	if err != nil {
		return nil, err
	}
	pub, err := plan(cur, a, svc.Now())
	if err != nil {
		return nil, err
	}
	if len(pub.Events) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET status = ?, updated_at = ? WHERE id = ?`,
			string(cur.Status), cur.UpdatedAt, cur.ID); err != nil {
			return nil, svc.db.errorf("approve submission", err)
		}
	}
	for _, e := range pub.Events {
		if err := svc.db.insertEvent(ctx, tx, e); err != nil {
			return nil, err
		}
	}
	old, err := svc.db.findProfile(ctx, tx, pub.Profile.Code, true)
	if err == nil {
		pub.Keep(old)
	} else if senderos.ErrorCode(err) != senderos.ENOTFOUND {
		return nil, err
	}
	if err := svc.db.writeProfile(ctx, tx, pub.Profile); err != nil {
		return nil, err
	}
	for _, e := range pub.Audit {
		if err := insertAudit(ctx, tx, svc.db.dialect, e); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("publish profile", err)
	}
	return pub.Profile, nil
}

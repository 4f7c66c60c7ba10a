package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/jackc/pgx/v5"
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
// Its row is locked first, so two staff approving one sign-up at once are
// serialised and the second sees it approved.
func (svc *ProfileService) publish(ctx context.Context, a senderos.Approval,
	plan func(*senderos.Submission, senderos.Approval, time.Time) (*record.Publication, error)) (*senderos.Profile, error) {
	var pub *record.Publication
	err := pgx.BeginFunc(ctx, svc.db.pool, func(tx pgx.Tx) error {
		cur, err := findOne(ctx, tx, svc.db.keys, `id = $1 AND blocked_at IS NULL FOR UPDATE`, a.SubmissionID)
		if err != nil {
			return err
		}
		if pub, err = plan(cur, a, svc.Now()); err != nil {
			return err
		}
		if len(pub.Events) > 0 {
			if _, err := tx.Exec(ctx, `UPDATE submissions SET status = $1, updated_at = $2 WHERE id = $3`,
				string(cur.Status), cur.UpdatedAt, cur.ID); err != nil {
				return fmt.Errorf("postgres: approve submission: %w", err)
			}
		}
		for _, e := range pub.Events {
			if err := insertEvent(ctx, tx, svc.db.keys, e); err != nil {
				return err
			}
		}
		old, err := findProfile(ctx, tx, pub.Profile.Code, true)
		if err == nil {
			pub.Keep(old)
		} else if senderos.ErrorCode(err) != senderos.ENOTFOUND {
			return err
		}
		if err := writeProfile(ctx, tx, pub.Profile); err != nil {
			return err
		}
		for _, e := range pub.Audit {
			if err := insertAudit(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return pub.Profile, nil
}

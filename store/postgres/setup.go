package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/jackc/pgx/v5"
)

// SetUpStaff ends account id's set-up from the link whose token hashes to
// tokenHash: one UPDATE conditional on the link being the account's and
// still valid at at. Of two concurrent set-ups with one link, the second
// waits for the first's row lock and then finds, re-checking its
// condition on the updated row, the link void. The failure count and the
// address locks are cleared in the same transaction. Returns ECONFLICT
// when the link is no longer usable, ENOTFOUND for an unknown account.
func (svc *StaffService) SetUpStaff(ctx context.Context, id int64, tokenHash, passwordHash string, totpSecret []byte, step int64, at time.Time) error {
	if tokenHash == "" {
		return senderos.Errorf(senderos.ECONFLICT, "This set-up link is not valid any more.")
	}
	sealed, err := svc.db.keys.Seal(record.LabelTOTP, totpSecret)
	if err != nil {
		return fmt.Errorf("postgres: set up staff: %w", err)
	}
	now := record.Time(svc.Now())
	err = pgx.BeginFunc(ctx, svc.db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE staff SET password_hash = $1, totp_secret = $2,
			totp_last_step = GREATEST(totp_last_step, $3), setup_token_hash = NULL, setup_expires_at = NULL,
			failed_logins = 0, updated_at = $4
			WHERE id = $5 AND setup_token_hash = $6 AND setup_expires_at > $7 AND NOT disabled`,
			passwordHash, sealed, step, now, id, tokenHash, record.Time(at))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return refused(ctx, tx, id, "This set-up link is not valid any more.")
		}
		_, err = tx.Exec(ctx, `DELETE FROM login_locks WHERE staff_id = $1`, id)
		return err
	})
	if code := senderos.ErrorCode(err); code == senderos.ENOTFOUND || code == senderos.ECONFLICT {
		return err
	} else if err != nil {
		return fmt.Errorf("postgres: set up staff: %w", err)
	}
	return nil
}

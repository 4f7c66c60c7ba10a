package sqldb

import (
	"context"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// SetUpStaff ends account id's set-up from the link whose token hashes to
// tokenHash: one UPDATE conditional on the link being the account's and
// still valid at at, on the single writer, so that of two concurrent
// set-ups with one link one changes the row and the other finds the link
// void. The failure count and the address locks are cleared in the same
// transaction. Returns ECONFLICT when the link is no longer usable,
// ENOTFOUND for an unknown account.
func (svc *StaffService) SetUpStaff(ctx context.Context, id int64, tokenHash, passwordHash string, totpSecret []byte, step int64, at time.Time) error {
	if tokenHash == "" {
		return senderos.Errorf(senderos.ECONFLICT, "This set-up link is not valid any more.")
	}
	sealed, err := svc.db.keys.Seal(record.LabelTOTP, totpSecret)
	if err != nil {
		return svc.db.errorf("set up staff", err)
	}
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("set up staff", err)
	}
	defer tx.Rollback()

	now := record.Time(svc.Now())
	res, err := tx.ExecContext(ctx, `UPDATE staff SET password_hash = ?, totp_secret = ?,
		totp_last_step = `+svc.db.dialect.Greatest+`(totp_last_step, ?), setup_token_hash = NULL, setup_expires_at = NULL,
		failed_logins = 0, updated_at = ?
		WHERE id = ? AND setup_token_hash = ? AND setup_expires_at > ? AND NOT disabled`,
		passwordHash, sealed, step, now, id, tokenHash, at)
	if err != nil {
		return svc.db.errorf("set up staff", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return svc.db.errorf("set up staff", err)
	} else if n == 0 {
		return refused(ctx, tx, id, "set up staff", "This set-up link is not valid any more.")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_locks WHERE staff_id = ?`, id); err != nil {
		return svc.db.errorf("set up staff", err)
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("set up staff", err)
	}
	return nil
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure StaffService implements the domain interface.
var _ senderos.StaffService = (*StaffService)(nil)

// StaffService stores staff accounts in a DB, their TOTP secrets sealed.
type StaffService struct {
	db *DB

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// NewStaffService returns a StaffService on db.
func NewStaffService(db *DB) *StaffService {
	return &StaffService{db: db, Now: time.Now}
}

// staffColumns are the columns scanStaff reads, in its order.
// LockedUntil is the latest lock of any address.
const staffColumns = `id, email, name, role, lang, password_hash, totp_secret, totp_last_step,
	setup_token_hash, setup_expires_at, disabled, failed_logins,
	(SELECT MAX(l.locked_until) FROM login_locks l WHERE l.staff_id = staff.id), created_at, updated_at`

// CreateStaff stores st and sets its ID, CreatedAt and UpdatedAt; its
// e-mail is stored in lower case. Returns ECONFLICT when the e-mail is
// taken, EINVALID when st is incomplete.
func (svc *StaffService) CreateStaff(ctx context.Context, st *senderos.Staff) error {
	if err := record.ValidateStaff(st); err != nil {
		return err
	}
	secret, err := svc.sealSecret(st)
	if err != nil {
		return err
	}
	now := record.Time(svc.Now())
	err = svc.db.write.QueryRowContext(ctx, `INSERT INTO staff (
		email, name, role, lang, password_hash, totp_secret, totp_last_step, setup_token_hash,
		setup_expires_at, disabled, created_at, updated_at
	) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		st.Email, st.Name, string(st.Role), st.Lang, st.PasswordHash, nullBytes(secret), st.TOTPLastStep,
		nullString(st.SetupTokenHash), nullTime(st.SetupExpiresAt), st.Disabled, now, now).Scan(&st.ID)
	if svc.db.Is(err, UniqueViolation) {
		return senderos.Errorf(senderos.ECONFLICT, "An account with this e-mail address exists.")
	} else if svc.db.Is(err, UnstorableText) {
		return senderos.Errorf(senderos.EINVALID, "The account contains characters that cannot be stored.")
	} else if err != nil {
		return svc.db.errorf("create staff", err)
	}
	st.CreatedAt, st.UpdatedAt = now, now
	st.SetupExpiresAt = record.OptionalTime(st.SetupExpiresAt)
	st.FailedLogins, st.LockedUntil = 0, time.Time{}
	return nil
}

// sealSecret returns st's TOTP secret sealed, or nil when it has none.
func (svc *StaffService) sealSecret(st *senderos.Staff) ([]byte, error) {
	if len(st.TOTPSecret) == 0 {
		return nil, nil
	}
	return svc.db.keys.Seal(record.LabelTOTP, st.TOTPSecret)
}

// FindStaffByID returns the account with id, or ENOTFOUND.
func (svc *StaffService) FindStaffByID(ctx context.Context, id int64) (*senderos.Staff, error) {
	return svc.findOne(ctx, `id = ?`, id)
}

// FindStaffByEmail returns the account with email, compared in lower case,
// or ENOTFOUND.
func (svc *StaffService) FindStaffByEmail(ctx context.Context, email string) (*senderos.Staff, error) {
	return svc.findOne(ctx, `email = ?`, record.NormalizeEmail(email))
}

// FindStaffBySetupToken returns the account whose set-up token hashes to
// tokenHash, or ENOTFOUND.
func (svc *StaffService) FindStaffBySetupToken(ctx context.Context, tokenHash string) (*senderos.Staff, error) {
	if tokenHash == "" {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Account not found.")
	}
	return svc.findOne(ctx, `setup_token_hash = ?`, tokenHash)
}

// findOne returns the one account matching where, or ENOTFOUND.
func (svc *StaffService) findOne(ctx context.Context, where string, args ...any) (*senderos.Staff, error) {
	st, err := svc.scanStaff(svc.db.read.QueryRowContext(ctx, `SELECT `+staffColumns+` FROM staff WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) || svc.db.Is(err, UnstorableText) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Account not found.")
	} else if err != nil {
		return nil, svc.db.errorf("find staff", err)
	}
	return st, nil
}

// FindStaff lists every account, by name.
func (svc *StaffService) FindStaff(ctx context.Context) ([]*senderos.Staff, error) {
	rows, err := svc.db.read.QueryContext(ctx, `SELECT `+staffColumns+` FROM staff ORDER BY name, id`)
	if err != nil {
		return nil, svc.db.errorf("find staff", err)
	}
	defer rows.Close()
	staff := []*senderos.Staff{}
	for rows.Next() {
		st, err := svc.scanStaff(rows)
		if err != nil {
			return nil, svc.db.errorf("find staff", err)
		}
		staff = append(staff, st)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("find staff", err)
	}
	return staff, nil
}

// UpdateStaff writes every field of st but ID, Email, CreatedAt,
// FailedLogins and LockedUntil, never lowering TOTPLastStep, and sets
// UpdatedAt. Disabling an account ends its sessions in the same
// transaction. Returns ENOTFOUND when there is no such account and
// EINVALID for an unknown role.
func (svc *StaffService) UpdateStaff(ctx context.Context, st *senderos.Staff) error {
	if err := record.ValidateRole(st.Role); err != nil {
		return err
	}
	secret, err := svc.sealSecret(st)
	if err != nil {
		return err
	}
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return svc.db.errorf("update staff", err)
	}
	defer tx.Rollback()

	now := record.Time(svc.Now())
	st.SetupExpiresAt = record.OptionalTime(st.SetupExpiresAt)
	res, err := tx.ExecContext(ctx, `UPDATE staff SET name = ?, role = ?, lang = ?, password_hash = ?,
		totp_secret = ?, totp_last_step = `+svc.db.dialect.Greatest+`(totp_last_step, ?), setup_token_hash = ?, setup_expires_at = ?,
		disabled = ?, updated_at = ?
		WHERE id = ?`,
		st.Name, string(st.Role), st.Lang, st.PasswordHash, nullBytes(secret), st.TOTPLastStep,
		nullString(st.SetupTokenHash), nullTime(st.SetupExpiresAt), st.Disabled, now, st.ID)
	if svc.db.Is(err, UniqueViolation) {
		return senderos.Errorf(senderos.ECONFLICT, "This set-up token is in use.")
	} else if svc.db.Is(err, UnstorableText) {
		return senderos.Errorf(senderos.EINVALID, "The account contains characters that cannot be stored.")
	} else if err != nil {
		return svc.db.errorf("update staff", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return svc.db.errorf("update staff", err)
	} else if n == 0 {
		return senderos.Errorf(senderos.ENOTFOUND, "Account not found.")
	}
	if st.Disabled {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE staff_id = ?`, st.ID); err != nil {
			return svc.db.errorf("end sessions of disabled account", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return svc.db.errorf("update staff", err)
	}
	st.UpdatedAt = now
	return nil
}

// scanStaff reads one row of staffColumns and opens its TOTP secret.
func (svc *StaffService) scanStaff(row interface{ Scan(...any) error }) (*senderos.Staff, error) {
	var (
		st     senderos.Staff
		role   string
		secret []byte
		token  sql.NullString
	)
	if err := row.Scan(&st.ID, &st.Email, &st.Name, &role, &st.Lang, &st.PasswordHash, &secret, &st.TOTPLastStep,
		&token, at(&st.SetupExpiresAt), &st.Disabled, &st.FailedLogins, at(&st.LockedUntil), at(&st.CreatedAt), at(&st.UpdatedAt)); err != nil {
		return nil, err
	}
	st.Role, st.SetupTokenHash = senderos.Role(role), token.String
	var err error
	if secret != nil {
		if st.TOTPSecret, err = svc.db.keys.Open(record.LabelTOTP, secret); err != nil {
			return nil, fmt.Errorf("open TOTP secret of account %d: %w", st.ID, err)
		}
	}
	return &st, nil
}

// nullString returns s, or NULL for the empty string.
func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

package senderos

import (
	"context"
	"time"
)

// Role is what a staff account may do.
type Role string

// Roles. An admin manages accounts and reads the audit log; a coordinator
// works on every record; a technician works on the records assigned to them.
const (
	RoleAdmin       Role = "admin"
	RoleCoordinator Role = "coordinator"
	RoleTechnician  Role = "technician"
)

// Roles lists the roles, most powerful first.
var Roles = []Role{RoleAdmin, RoleCoordinator, RoleTechnician}

// Staff is a programme worker's account for the back-office.
type Staff struct {
	ID    int64
	Email string // lower case; unique
	Name  string
	Role  Role
	Lang  string // the back-office language they prefer

	// PasswordHash is the argon2id hash in PHC form; empty until the
	// account is set up.
	PasswordHash string
	// TOTPSecret is the second factor's shared secret (stored sealed);
	// empty until the account is set up.
	TOTPSecret []byte
	// TOTPLastStep is the last time step a code was accepted for, so
	// that no code is accepted twice. It only grows: UpdateStaff never
	// lowers it, and AcceptLogin raises it atomically.
	TOTPLastStep int64

	// SetupTokenHash is the SHA-256 (hex) of the one-time set-up link's
	// token; SetupExpiresAt is when the link stops working.
	SetupTokenHash string
	SetupExpiresAt time.Time

	Disabled bool
	// FailedLogins counts the failed logins, from any address, since the
	// last login; LockedUntil is the latest time until which some address
	// may not log in to the account (zero when none is locked out). Both
	// are read only: RecordLoginFailure, AcceptLogin and UnlockStaff
	// change them, UpdateStaff does not.
	FailedLogins int
	LockedUntil  time.Time

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Ready reports whether the account is set up and enabled: it can log in.
func (s *Staff) Ready() bool {
	return !s.Disabled && s.PasswordHash != "" && len(s.TOTPSecret) > 0
}

// CanSeeAll reports whether the account may see every record, not only the
// ones assigned to it.
func (s *Staff) CanSeeAll() bool {
	return s.Role == RoleAdmin || s.Role == RoleCoordinator
}

// CanRead reports whether the account may read submission sub.
func (s *Staff) CanRead(sub *Submission) bool {
	return s.CanSeeAll() || (sub.AssigneeID != 0 && sub.AssigneeID == s.ID)
}

// Failed logins lock an account out from the address they came from (never
// from everywhere, so that whoever knows a staff e-mail cannot shut its owner
// out): from the LoginLockFrom-th failure on, for a delay that starts at a
// minute and doubles at each further failure, up to LoginLockMax. The count
// of an address starts again after LoginFailureTTL without a failure.
const (
	LoginLockFrom   = 3
	LoginLockMax    = time.Hour
	LoginFailureTTL = 24 * time.Hour
)

// LoginLockDelay is how long an address is locked out after its failures-th
// consecutive failed login: none before LoginLockFrom, then 1, 2, 4…
// minutes, at most LoginLockMax.
func LoginLockDelay(failures int) time.Duration {
	if failures < LoginLockFrom {
		return 0
	}
	if n := failures - LoginLockFrom; n < 6 {
		return min(time.Minute<<n, LoginLockMax)
	}
	return LoginLockMax
}

// AuditLoginAlert is the audit action that tells admins of an account's
// repeated failed logins.
const AuditLoginAlert = "login.repeated_failures"

// LoginFailure is what RecordLoginFailure counted.
type LoginFailure struct {
	// Failures are the consecutive failures from the address, this one
	// included, and LockedUntil the time until which it is locked out
	// (zero when it is not).
	Failures    int
	LockedUntil time.Time
	// AccountFailures are the failures from any address since the
	// account's last login.
	AccountFailures int
}

// StaffService stores staff accounts.
type StaffService interface {
	// CreateStaff stores st and sets its ID, CreatedAt and UpdatedAt.
	// Returns ECONFLICT when the e-mail is taken, EINVALID when st is
	// incomplete.
	CreateStaff(ctx context.Context, st *Staff) error

	// FindStaffByID, FindStaffByEmail and FindStaffBySetupToken return
	// ENOTFOUND when there is none. The e-mail is compared in lower case.
	FindStaffByID(ctx context.Context, id int64) (*Staff, error)
	FindStaffByEmail(ctx context.Context, email string) (*Staff, error)
	FindStaffBySetupToken(ctx context.Context, tokenHash string) (*Staff, error)

	// FindStaff lists every account, by name.
	FindStaff(ctx context.Context) ([]*Staff, error)

	// UpdateStaff writes every field of st but ID, Email, CreatedAt,
	// FailedLogins and LockedUntil (and never lowers TOTPLastStep), and
	// sets UpdatedAt. Returns ENOTFOUND, or EINVALID for an unknown role.
	UpdateStaff(ctx context.Context, st *Staff) error

	// RecordLoginFailure counts, atomically, a failed login to account id
	// from addr (an opaque key for the client's address) at time at, and
	// locks addr out for LoginLockDelay of the new count. Concurrent
	// failures are all counted. Returns ENOTFOUND for an unknown account.
	RecordLoginFailure(ctx context.Context, id int64, addr string, at time.Time) (*LoginFailure, error)

	// LoginLockedUntil returns the time until which addr may not log in to
	// account id, or the zero time when it may.
	LoginLockedUntil(ctx context.Context, id int64, addr string) (time.Time, error)

	// AcceptLogin ends a login to account id from addr with a second
	// factor for TOTP time step step, atomically: it records step as the
	// last one used and clears the account's failure count and addr's
	// lock. Returns ECONFLICT when step is not after the last step used
	// (the code was used already), EFORBIDDEN when addr is locked out at
	// at, ENOTFOUND for an unknown account.
	AcceptLogin(ctx context.Context, id int64, addr string, step int64, at time.Time) error

	// UnlockStaff clears the failure count of account id and the locks of
	// every address. Returns ENOTFOUND for an unknown account.
	UnlockStaff(ctx context.Context, id int64) error

	// SetUpStaff ends the set-up of account id from the link whose token
	// hashes to tokenHash, atomically, so that a link is used once: while
	// the link is the account's, unused and not expired at at, and the
	// account is not disabled, it stores passwordHash, totpSecret and step
	// as the last TOTP step used, voids the link, and clears the failure
	// count and every address's lock. Returns ECONFLICT when the link is
	// no longer usable (used meanwhile, expired, or the account disabled),
	// ENOTFOUND for an unknown account.
	SetUpStaff(ctx context.Context, id int64, tokenHash, passwordHash string, totpSecret []byte, step int64, at time.Time) error
}

// Session is a logged-in staff member's server-side session. The browser
// holds the token; the store holds only its hash.
type Session struct {
	TokenHash  string // SHA-256 (hex) of the cookie's token
	StaffID    int64
	CSRFToken  string // sent back in every state-changing form
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// SessionService stores sessions.
type SessionService interface {
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns ENOTFOUND when there is none.
	FindSession(ctx context.Context, tokenHash string) (*Session, error)
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteStaffSessions ends every session of an account.
	DeleteStaffSessions(ctx context.Context, staffID int64) error
	// DeleteSessionsBefore deletes sessions last seen before t.
	DeleteSessionsBefore(ctx context.Context, t time.Time) (int, error)
}

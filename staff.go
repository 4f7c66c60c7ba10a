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
	// that no code is accepted twice.
	TOTPLastStep int64

	// SetupTokenHash is the SHA-256 (hex) of the one-time set-up link's
	// token; SetupExpiresAt is when the link stops working.
	SetupTokenHash string
	SetupExpiresAt time.Time

	Disabled     bool
	FailedLogins int       // consecutive failed logins
	LockedUntil  time.Time // no login before this time

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

	// UpdateStaff writes every field of st but ID, Email and CreatedAt,
	// and sets UpdatedAt.
	UpdateStaff(ctx context.Context, st *Staff) error
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

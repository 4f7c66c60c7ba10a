package senderos

import (
	"context"
	"time"
)

// VillageLink is a municipality contact's private link to keep its
// village's offer current: like a family's link (FamilyLink), no account, an
// unguessable token of which the store keeps only the hash
// (HashFamilyToken), shown once when made (NewFamilyToken).
type VillageLink struct {
	ID           int64
	Municipality string // INE code
	TokenHash    string
	CreatedBy    int64
	CreatedAt    time.Time
	ExpiresAt    time.Time
	RevokedAt    time.Time
}

// VillageLinkLifetime is how long a village's link works unless staff say
// otherwise.
const VillageLinkLifetime = 365 * 24 * time.Hour

// Valid reports whether the link opens the village's page at now.
func (l *VillageLink) Valid(now time.Time) bool {
	return l.TokenHash != "" && !now.Before(l.CreatedAt) && now.Before(l.ExpiresAt) &&
		(l.RevokedAt.IsZero() || now.Before(l.RevokedAt))
}

// Kinds of change a municipality proposes by its link.
const (
	ChangeAddJob    = "add_job"
	ChangeCloseJob  = "close_job"
	ChangeAddHome   = "add_home"
	ChangeCloseHome = "close_home"
	ChangeVillage   = "village" // services and distances
)

// Change statuses.
const (
	ChangePending  = "pending"
	ChangeApplied  = "applied"
	ChangeRejected = "rejected"
)

// VillageChange is a change a municipality proposes to its offer by its
// link; staff review it before it is public. Exactly one of Job, Home and
// Village is set for an addition or the village's facts; TargetID names the
// job or home to close.
type VillageChange struct {
	ID           int64
	Municipality string
	Kind         string
	Job          *Job
	Home         *Home
	Village      *Village
	TargetID     int64
	At           time.Time
	Status       string
	ReviewedBy   int64
	ReviewedAt   time.Time
}

// Validate returns what is wrong with c at now: the job, home or village it
// adds, as their own Validate finds; a missing target for a closing.
func (c *VillageChange) Validate(now time.Time) Problems {
	var p Problems
	switch c.Kind {
	case ChangeAddJob:
		if c.Job == nil {
			p.Add("job", ProblemRequired)
		} else {
			p = append(p, c.Job.Validate(now, true)...)
		}
	case ChangeAddHome:
		if c.Home == nil {
			p.Add("home", ProblemRequired)
		} else {
			p = append(p, c.Home.Validate(now)...)
		}
	case ChangeVillage:
		if c.Village == nil {
			p.Add("village", ProblemRequired)
		} else {
			p = append(p, c.Village.Validate()...)
		}
	case ChangeCloseJob, ChangeCloseHome:
		if c.TargetID == 0 {
			p.Add("target", ProblemRequired)
		}
	default:
		p.Add("kind", ProblemNotInList)
	}
	return p
}

// VillageService keeps the villages' links and the changes proposed by
// them.
type VillageService interface {
	// CreateVillageLink stores a link to municipality code's page and
	// returns it with its token, which is not stored. ENOTFOUND for a
	// municipality without an approved sign-up.
	CreateVillageLink(ctx context.Context, code string, by int64, now, expires time.Time) (*VillageLink, string, error)
	RevokeVillageLink(ctx context.Context, id int64, now time.Time) error
	FindVillageLinks(ctx context.Context, code string) ([]*VillageLink, error)
	// OpenVillageLink returns the municipality code whose valid link has
	// the token hashing to tokenHash; ENOTFOUND and nothing else
	// otherwise.
	OpenVillageLink(ctx context.Context, tokenHash string, now time.Time) (string, error)

	// ProposeChange stores c as pending. EINVALID for what Validate
	// finds; ENOTFOUND when a closing names an offer of another
	// municipality or none.
	ProposeChange(ctx context.Context, c *VillageChange, now time.Time) error
	// FindChanges lists a municipality's changes ("" for all), newest
	// first, of the statuses given (all when none).
	FindChanges(ctx context.Context, code string, status ...string) ([]*VillageChange, error)
	// ReviewChange applies (apply) or rejects a pending change, by staff
	// account by, in one transaction with the offer's change. ECONFLICT
	// when it is not pending, or when applying finds what OfferService
	// would refuse (EINVALID).
	ReviewChange(ctx context.Context, id int64, apply bool, by int64, now time.Time) error
}

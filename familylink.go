package senderos

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// FamilyLink is a family's private link to its own page: no account, no
// password, an unguessable token that staff send through the family's
// channel. The store keeps only the token's hash (HashFamilyToken); the
// token itself is shown once, when the link is made.
type FamilyLink struct {
	ID        int64
	CaseID    int64
	TokenHash string
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
	// RevokedAt is when staff revoked the link; zero while it is not.
	RevokedAt time.Time
}

// FamilyLinkLifetime is how long a family's link works unless staff say
// otherwise: long enough for the year of follow-up after a move.
const FamilyLinkLifetime = 400 * 24 * time.Hour

// familyTokenBytes is the token's length: 256 random bits, against which
// guessing (rate-limited and audited besides) has no chance.
const familyTokenBytes = 32

// NewFamilyToken returns a new token for a family's link, from crypto/rand,
// in URL-safe base64 without padding.
func NewFamilyToken() (string, error) {
	b := make([]byte, familyTokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashFamilyToken returns what the store keeps of a family's token, and
// looks it up by: its SHA-256, in hex. The token holds enough randomness
// that a plain hash cannot be reversed by guessing.
func HashFamilyToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Valid reports whether the link opens the family's page at now: made,
// not yet expired, not revoked.
func (l *FamilyLink) Valid(now time.Time) bool {
	return l.TokenHash != "" && !now.Before(l.CreatedAt) && now.Before(l.ExpiresAt) &&
		(l.RevokedAt.IsZero() || now.Before(l.RevokedAt))
}

// Validate returns what is wrong with l as made: an expiry that is not after
// its making.
func (l *FamilyLink) Validate() Problems {
	var p Problems
	if l.ExpiresAt.IsZero() {
		p.Add("expires_at", ProblemRequired)
	} else if !l.ExpiresAt.After(l.CreatedAt) {
		p.Add("expires_at", ProblemDateOrder, "created_at")
	}
	return p
}

// FamilyService serves the family's own page: its private links and its
// feedback.
type FamilyService interface {
	// CreateFamilyLink stores a link to case caseID, made by staff account
	// by at now, working until expires, and returns it with its token,
	// which is not stored and cannot be had again. Returns ENOTFOUND for a
	// missing case or an erased record, EINVALID when FamilyLink.Validate
	// finds a problem (expires not after now).
	CreateFamilyLink(ctx context.Context, caseID, by int64, now, expires time.Time) (link *FamilyLink, token string, err error)

	// RevokeFamilyLink revokes link id at now. Returns ENOTFOUND when
	// there is no such link, ECONFLICT when it is revoked already.
	RevokeFamilyLink(ctx context.Context, id int64, now time.Time) error

	// FindFamilyLinks lists a case's links, newest first.
	FindFamilyLinks(ctx context.Context, caseID int64) ([]*FamilyLink, error)

	// OpenFamilyLink returns the case whose valid link has the token
	// hashing to tokenHash at now. Returns ENOTFOUND, and nothing else,
	// for a wrong, expired or revoked link or an erased record, so that
	// the page reveals nothing.
	OpenFamilyLink(ctx context.Context, tokenHash string, now time.Time) (*Case, error)

	// AddFeedback stores f and sets its ID. Returns EINVALID (Problems)
	// when f.Validate finds a problem, ENOTFOUND for a missing case or an
	// erased record.
	AddFeedback(ctx context.Context, f *Feedback) error

	// FindFeedback lists a case's feedback, newest first.
	FindFeedback(ctx context.Context, caseID int64) ([]*Feedback, error)
}

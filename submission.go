package senderos

import (
	"context"
	"time"
)

// Kind says what a submission is.
type Kind string

// The kinds of submission the portal takes.
const (
	KindInterest     Kind = "interest"     // a family wants to move to a village
	KindMunicipality Kind = "municipality" // a municipality wants to take part
)

// Status is where a submission stands in staff's review.
type Status string

// Statuses. Suspected spam is kept apart until staff look at it or it expires.
const (
	StatusNew       Status = "new"
	StatusSuspected Status = "suspected_spam"
)

// Consent records what a person agreed to when they sent a submission.
type Consent struct {
	PrivacyVersion string    `json:"privacy_version"` // the version of the privacy notice shown
	Lang           string    `json:"lang"`            // the language it was shown in
	At             time.Time `json:"at"`
}

// Submission is one form received, of either kind, as stored. Exactly one
// of Interest and Municipality is set, according to Kind.
type Submission struct {
	ID        int64
	Reference string // shown to the person, e.g. NS-7KQ2-M4XD
	Kind      Kind
	Lang      string // the language the form was filled in
	Status    Status
	// SpamReason says why a submission is suspected ("honeypot",
	// "too_fast", "bad_token"); empty otherwise.
	SpamReason string
	// ExpiresAt is when a suspected submission is deleted if nobody
	// has looked at it; zero for others.
	ExpiresAt time.Time
	// IdempotencyKey identifies a submission sent twice (double click,
	// retry): the second gets the first one's reference.
	IdempotencyKey string
	Consent        Consent
	CreatedAt      time.Time

	Interest     *Interest
	Municipality *MunicipalitySignup
}

// SubmissionFilter selects submissions for staff.
type SubmissionFilter struct {
	Kind   Kind
	Status Status
	Limit  int
}

// SubmissionService stores what the forms send.
type SubmissionService interface {
	// CreateSubmission stores s durably and sets its ID, Reference and
	// CreatedAt. If a submission with the same IdempotencyKey exists, s
	// is filled from it instead and created is false. Returns EINVALID
	// when s is incomplete.
	CreateSubmission(ctx context.Context, s *Submission) (created bool, err error)

	// FindSubmissionByReference returns ENOTFOUND when there is none.
	FindSubmissionByReference(ctx context.Context, ref string) (*Submission, error)

	// FindSubmissions lists submissions, newest first.
	FindSubmissions(ctx context.Context, filter SubmissionFilter) ([]*Submission, error)

	// DeleteExpiredSuspected deletes suspected spam whose ExpiresAt is
	// before now and returns how many it deleted.
	DeleteExpiredSuspected(ctx context.Context, now time.Time) (int, error)
}

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

// Statuses. Suspected spam is kept apart until staff look at it or it
// expires. A family moves new → contacted → interviewed → in itinerary →
// relocated → closed, and may withdraw at any point; a municipality is
// approved or rejected. See CanChangeStatus.
const (
	StatusNew       Status = "new"
	StatusSuspected Status = "suspected_spam"

	StatusContacted   Status = "contacted"
	StatusInterviewed Status = "interviewed"
	StatusItinerary   Status = "in_itinerary"
	StatusRelocated   Status = "relocated"
	StatusClosed      Status = "closed"
	StatusWithdrawn   Status = "withdrawn"

	StatusApproved Status = "approved"
	StatusRejected Status = "rejected"
)

// Consent records what a person agreed to when they sent a submission.
type Consent struct {
	PrivacyVersion string    `json:"privacy_version"` // the version of the privacy notice shown
	Lang           string    `json:"lang"`            // the language it was shown in
	At             time.Time `json:"at"`
}

// Submission is one form received, of any kind, as stored. Exactly one of
// Interest, Municipality and Host is set, according to Kind.
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
	// NotifyStaff asks CreateSubmission to queue a staff notification
	// (see Notification) in the transaction that stores s, if it
	// creates it. It is an instruction, not stored: read back, it is
	// false.
	NotifyStaff bool
	CreatedAt   time.Time
	// UpdatedAt is the last time staff changed the record (CreatedAt
	// until then); retention counts from it.
	UpdatedAt time.Time

	// AssigneeID is the technician following the record; 0 for nobody.
	AssigneeID int64
	// BlockedAt is when the person's erasure was asked for: from then on
	// the record is hidden from every view, export and search, and it is
	// destroyed once the legal retention period has passed. Zero if not.
	BlockedAt time.Time

	Interest     *Interest
	Municipality *MunicipalitySignup
	Host         *HostSignup
}

// SubmissionFilter selects submissions for staff. Blocked submissions are
// never returned. Zero fields do not filter.
type SubmissionFilter struct {
	Kind       Kind
	Status     Status
	AssigneeID int64     // only records assigned to this account
	From, To   time.Time // created at or after From, before To
	// Regions and Sectors keep families who want any of the regions
	// (or "anywhere") and who know any of the sectors.
	Regions []string
	Sectors []string
	// MinHousehold and MaxHousehold bound adults + children.
	MinHousehold, MaxHousehold int

	Limit  int
	Offset int
}

// SubmissionUpdate is a change staff make to a submission. Zero fields are
// left as they are.
type SubmissionUpdate struct {
	ID     int64
	By     int64  // the staff account making the change
	Status Status // a new status, allowed by CanChangeStatus
	// AssigneeID assigns the record; -1 unassigns it.
	AssigneeID int64
	Note       string // a note to add (stored sealed)
}

// Event is one entry in a submission's history: a status change, an
// assignment or a note, with who and when.
type Event struct {
	ID           int64
	SubmissionID int64
	At           time.Time
	StaffID      int64
	Type         EventType
	From, To     string // statuses, or assignee ids for assignments
	Note         string // the note's text, for EventNote
}

// EventType says what an Event records.
type EventType string

// Event types.
const (
	EventStatus EventType = "status"
	EventAssign EventType = "assign"
	EventNote   EventType = "note"
	EventErase  EventType = "erase"
	// EventConsent records consent given again to another version of the
	// privacy notice, by sending the same form again: From and To are the
	// versions, At when it was given.
	EventConsent EventType = "consent"
)

// RetentionPolicy says how long records are kept, for Purge.
type RetentionPolicy struct {
	Now time.Time
	// Blocked is the legal retention period of a blocked (erased) record,
	// counted from BlockedAt.
	Blocked time.Duration
	// Stale is how long a record is kept after staff last changed it.
	Stale time.Duration
}

// PurgeResult counts what Purge destroyed.
type PurgeResult struct {
	Blocked int // erased records past their retention period
	Stale   int // records untouched for longer than the stale period
	Spam    int // expired suspected spam
	// LoginLocks are the login lock rows whose lock had ended and whose
	// failure count had lapsed (LoginFailureTTL): they lock nothing.
	LoginLocks int
}

// SubmissionService stores what the forms send.
type SubmissionService interface {
	// CreateSubmission stores s durably and sets its ID, Reference and
	// CreatedAt, and queues a staff notification in the same transaction
	// when s.NotifyStaff is set. If a submission with the same
	// IdempotencyKey exists, s is filled from it instead and created is
	// false; if s's consent is to another version of the privacy notice,
	// that consent is recorded on it first, durably (its Consent and an
	// EventConsent). Returns EINVALID when s is incomplete.
	CreateSubmission(ctx context.Context, s *Submission) (created bool, err error)

	// FindSubmissionByReference returns ENOTFOUND when there is none.
	FindSubmissionByReference(ctx context.Context, ref string) (*Submission, error)

	// FindSubmissions lists submissions, newest first.
	FindSubmissions(ctx context.Context, filter SubmissionFilter) ([]*Submission, error)

	// DeleteExpiredSuspected deletes suspected spam whose ExpiresAt is
	// before now and returns how many it deleted.
	DeleteExpiredSuspected(ctx context.Context, now time.Time) (int, error)

	// FindSubmissionByID returns ENOTFOUND when there is none or it is
	// blocked.
	FindSubmissionByID(ctx context.Context, id int64) (*Submission, error)

	// CountSubmissions counts what FindSubmissions would return without
	// Limit and Offset.
	CountSubmissions(ctx context.Context, filter SubmissionFilter) (int, error)

	// UpdateSubmission applies u in one transaction, recording an Event
	// for each change, and returns the updated submission. A status
	// change not allowed by CanChangeStatus returns ECONFLICT.
	UpdateSubmission(ctx context.Context, u SubmissionUpdate) (*Submission, error)

	// FindEvents returns a submission's history, oldest first.
	FindEvents(ctx context.Context, submissionID int64) ([]*Event, error)

	// EraseSubmission blocks a submission at once (see BlockedAt).
	EraseSubmission(ctx context.Context, id, by int64) error

	// Purge destroys what p says is no longer kept, with its history,
	// expired suspected spam, and the login locks that lock nothing any
	// more at p.Now (see PurgeResult.LoginLocks).
	Purge(ctx context.Context, p RetentionPolicy) (PurgeResult, error)
}

// Notifier tells staff that a submission arrived.
type Notifier interface {
	// NotifySubmission announces s without any of its personal data.
	NotifySubmission(ctx context.Context, s *Submission) error
}

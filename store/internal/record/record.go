// Package record holds what the SQLite and PostgreSQL stores share about
// turning a senderos.Submission into a row and back: validation, references,
// the JSON payload and the normalising of times. It knows no database, so
// both stores apply exactly the same rules.
package record

import (
	"slices"
	"time"

	"github.com/cepaim/senderos"
)

// DefaultLimit is how many submissions FindSubmissions returns when the
// filter sets no limit; MaxLimit caps what a filter may ask for.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Statuses returns the statuses a stored submission of kind k may have:
// those of its workflow, and suspected spam.
func Statuses(k senderos.Kind) []senderos.Status {
	return append([]senderos.Status{senderos.StatusSuspected}, senderos.Statuses(k)...)
}

// Validate checks that s can be stored: a known Kind with exactly its own
// payload, a Status of its kind (or none), a complete Consent and no text
// that senderos.ValidText calls malformed. It returns EINVALID otherwise.
func Validate(s *senderos.Submission) error {
	if s == nil {
		return senderos.Errorf(senderos.EINVALID, "Submission required.")
	}
	switch s.Kind {
	case "":
		return senderos.Errorf(senderos.EINVALID, "Submission kind required.")
	case senderos.KindInterest:
		if s.Interest == nil || s.Municipality != nil || s.Host != nil {
			return senderos.Errorf(senderos.EINVALID, "An interest submission needs the interest details and nothing else.")
		}
	case senderos.KindMunicipality:
		if s.Municipality == nil || s.Interest != nil || s.Host != nil {
			return senderos.Errorf(senderos.EINVALID, "A municipality submission needs the municipality details and nothing else.")
		}
	case senderos.KindHost:
		if s.Host == nil || s.Interest != nil || s.Municipality != nil {
			return senderos.Errorf(senderos.EINVALID, "A host submission needs the host details and nothing else.")
		}
	default:
		return senderos.Errorf(senderos.EINVALID, "Unknown submission kind %q.", s.Kind)
	}

	if s.Status != "" && !slices.Contains(Statuses(s.Kind), s.Status) {
		return senderos.Errorf(senderos.EINVALID, "Unknown submission status %q.", s.Status)
	}

	for _, text := range s.Texts() {
		// Tabs and line breaks are the API's concern, field by field;
		// what no engine would keep as given is refused here, the same
		// on both.
		if senderos.ValidText(text, true) == senderos.TextMalformed {
			return senderos.Errorf(senderos.EINVALID, "The submission holds text that is not valid UTF-8 or has control characters.")
		}
	}

	switch {
	case s.Consent.PrivacyVersion == "":
		return senderos.Errorf(senderos.EINVALID, "Consent privacy notice version required.")
	case s.Consent.Lang == "":
		return senderos.Errorf(senderos.EINVALID, "Consent language required.")
	case s.Consent.At.IsZero():
		return senderos.Errorf(senderos.EINVALID, "Consent time required.")
	}
	return nil
}

// Prepare readies a valid s for insertion at time now: it defaults the
// status and sets CreatedAt and UpdatedAt, and puts every time in UTC at the microsecond
// precision both databases keep, so that s equals what is read back.
func Prepare(s *senderos.Submission, now time.Time) {
	if s.Status == "" {
		s.Status = senderos.StatusNew
	}
	s.CreatedAt = Time(now)
	s.UpdatedAt = s.CreatedAt
	s.Consent.At = Time(s.Consent.At)
	if !s.ExpiresAt.IsZero() {
		s.ExpiresAt = Time(s.ExpiresAt)
	}
}

// Time returns t in UTC, truncated to microseconds, the finest precision
// PostgreSQL stores.
func Time(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// Limit returns the number of rows a filter asks for, within bounds.
func Limit(filter senderos.SubmissionFilter) int {
	return Bound(filter.Limit)
}

// Bound returns limit within bounds: DefaultLimit if unset, at most
// MaxLimit.
func Bound(limit int) int {
	switch {
	case limit <= 0:
		return DefaultLimit
	case limit > MaxLimit:
		return MaxLimit
	}
	return limit
}

// OptionalTime returns t as Time does, or the zero time unchanged.
func OptionalTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return Time(t)
}

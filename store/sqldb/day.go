package sqldb

import (
	"fmt"
	"time"

	"github.com/cepaim/senderos"
)

// Days (due days, the move, a visit) are sent as text in the form
// 2006-01-02 to both engines: SQLite keeps that text, which compares as
// the days do, and PostgreSQL reads it into its DATE.

// dayOf returns the day of t as a query argument, or NULL for the zero
// time.
func dayOf(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return senderos.Day(t).Format(time.DateOnly)
}

// dayScanner reads a stored day, a DATE or text, into t as midnight UTC;
// NULL leaves the zero time.
type dayScanner struct{ t *time.Time }

// day returns a destination for Scan that reads a stored day into t.
func day(t *time.Time) *dayScanner { return &dayScanner{t} }

// Scan implements sql.Scanner.
func (s *dayScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = senderos.Day(v)
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("stored day: unexpected %T", src)
	}
	return nil
}

// parse reads a day stored as text.
func (s *dayScanner) parse(v string) error {
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return fmt.Errorf("stored day %q: %w", v, err)
	}
	*s.t = t
	return nil
}

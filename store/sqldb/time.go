package sqldb

import (
	"fmt"
	"time"

	"github.com/cepaim/senderos"
)

// TimeLayout is how an engine without a time type (SQLite) stores times:
// UTC, fixed width, microseconds, so that comparing the text compares the
// times.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// timeScanner reads a stored time, in the engine's time type or as text in
// TimeLayout, into t, in UTC; NULL leaves the zero time. A day (a DATE, or
// text in the form 2006-01-02) is read as its midnight UTC.
type timeScanner struct {
	t   *time.Time
	day bool
}

// at returns a destination for Scan that reads a stored time into t.
func at(t *time.Time) *timeScanner { return &timeScanner{t: t} }

// day returns a destination for Scan that reads a stored day into t.
func day(t *time.Time) *timeScanner { return &timeScanner{t: t, day: true} }

// Scan implements sql.Scanner.
func (s *timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
		if s.day {
			*s.t = senderos.Day(v)
		}
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("stored time: unexpected %T", src)
	}
	return nil
}

// parse reads a time stored as text.
func (s *timeScanner) parse(v string) error {
	layout := TimeLayout
	if s.day {
		layout = time.DateOnly
	}
	t, err := time.Parse(layout, v)
	if err != nil {
		return fmt.Errorf("stored time %q: %w", v, err)
	}
	*s.t = t.UTC()
	return nil
}

// nullTime returns t as an argument, or NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

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

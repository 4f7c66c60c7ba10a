package sqlite

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/cepaim/senderos/store/internal/record"
)

// timeLayout is how times are stored: UTC, fixed width, microseconds, so
// that comparing the text compares the times.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// formatTime returns t as stored.
func formatTime(t time.Time) string {
	return record.Time(t).Format(timeLayout)
}

// nullTime returns t as stored, or NULL for the zero time.
func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: formatTime(t), Valid: true}
}

// parseTime reads a stored time back, in UTC.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

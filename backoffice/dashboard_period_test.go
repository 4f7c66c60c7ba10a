package backoffice

import (
	"net/url"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// TestParsePeriod reads the period forms send: the last day included, this
// year to today when empty, and the problems of a bad one.
func TestParsePeriod(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tt := range []struct {
		name, from, to   string
		wantFrom, wantTo string // wantTo is the day after the last
		problem          string // "field code", "" for none
	}{
		{"Empty", "", "", "2026-01-01", "2026-11-28", ""},
		{"OneDay", "2026-03-04", "2026-03-04", "2026-03-04", "2026-03-05", ""},
		{"EndsToday", "2025-06-01", "2026-11-27", "2025-06-01", "2026-11-28", ""},
		{"EndsBeforeStart", "2026-03-04", "2026-03-03", "", "", "to " + senderos.ProblemDateOrder},
		{"EndsTomorrow", "2026-03-04", "2026-11-28", "", "", "to " + senderos.ProblemDateFuture},
		{"NoDate", "2026-02-30", "2026-03-03", "", "", "from " + problemBadDate},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := parsePeriod(url.Values{"from": {tt.from}, "to": {tt.to}}, now)
			if tt.problem != "" {
				if len(q.Problems) == 0 || q.Problems[0].Field+" "+q.Problems[0].Code != tt.problem {
					t.Errorf("problems %+v, want %s", q.Problems, tt.problem)
				}
				return
			}
			if len(q.Problems) > 0 {
				t.Fatalf("problems %+v", q.Problems)
			}
			if !q.From.Equal(day(tt.wantFrom)) || !q.To.Equal(day(tt.wantTo)) {
				t.Errorf("period %s–%s, want %s–%s", q.From, q.To, tt.wantFrom, tt.wantTo)
			}
		})
	}
}

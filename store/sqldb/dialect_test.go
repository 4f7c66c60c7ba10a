package sqldb

import (
	"testing"
	"time"
)

func TestDialect_rebind(t *testing.T) {
	numbered, plain := &Dialect{Numbered: true}, &Dialect{}
	for _, tt := range []struct {
		name, query, want string
	}{
		{"NumbersInOrder", `SELECT 1 FROM t WHERE a = ? AND b IN (?, ?)`, `SELECT 1 FROM t WHERE a = $1 AND b IN ($2, $3)`},
		{"KeepsQuotedMarks", `SELECT '?' || a FROM t WHERE b = ?`, `SELECT '?' || a FROM t WHERE b = $1`},
		{"KeepsQueryWithout", `SELECT 1`, `SELECT 1`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for range 2 { // the second answer comes from the cache
				if got := numbered.rebind(tt.query); got != tt.want {
					t.Errorf("rebind(%q) = %q, want %q", tt.query, got, tt.want)
				}
			}
			if got := plain.rebind(tt.query); got != tt.query {
				t.Errorf("rebind with ? placeholders changed %q to %q", tt.query, got)
			}
		})
	}
}

func TestDialect_args(t *testing.T) {
	when := time.Date(2026, 12, 7, 5, 30, 1, 123456789, time.FixedZone("CET", 3600))
	text := &Dialect{Time: func(t time.Time) any { return t.Format(TimeLayout) }}
	if got := text.args([]any{when, 1}); got[0] != "2026-12-07T04:30:01.123456Z" || got[1] != 1 {
		t.Errorf("args as text = %v", got)
	}
	native := &Dialect{}
	if got := native.args([]any{when})[0].(time.Time); !got.Equal(when.Truncate(time.Microsecond)) || got.Location() != time.UTC {
		t.Errorf("args as time = %v, want %v in UTC", got, when.Truncate(time.Microsecond))
	}
}

func TestTimeScanner(t *testing.T) {
	want := time.Date(2026, 12, 7, 4, 30, 1, 123456000, time.UTC)
	for name, src := range map[string]any{
		"Text":  "2026-12-07T04:30:01.123456Z",
		"Bytes": []byte("2026-12-07T04:30:01.123456Z"),
		"Time":  want.In(time.FixedZone("CET", 3600)),
	} {
		t.Run(name, func(t *testing.T) {
			var got time.Time
			if err := at(&got).Scan(src); err != nil {
				t.Fatal(err)
			} else if !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("scanned %v, want %v", got, want)
			}
		})
	}
	t.Run("NullIsZero", func(t *testing.T) {
		got := time.Now()
		if err := at(&got).Scan(nil); err != nil || !got.IsZero() {
			t.Errorf("scanned NULL as %v, %v", got, err)
		}
	})
	t.Run("ErrText", func(t *testing.T) {
		var got time.Time
		if err := at(&got).Scan("yesterday"); err == nil {
			t.Error("scanned text that is no time")
		}
	})
}

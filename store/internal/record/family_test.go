package record

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func TestFamilyOf(t *testing.T) {
	t.Run("KeepsWhatFiltersNeed", func(t *testing.T) {
		s := interest() // 2 adults, a child of 4, region 07, sector care
		s.Interest.Regions = []string{"08", "07", "08"}
		f, ok := FamilyOf(s)
		if !ok {
			t.Fatal("FamilyOf = false for a family")
		}
		want := &Family{Adults: 2, Children: 1, Household: 3, SchoolAge: true, SpanishLevel: "basic",
			Province: "30", Regions: []string{"07", "08"}, Sectors: []string{"care"}}
		if !reflect.DeepEqual(f, want) {
			t.Errorf("FamilyOf = %+v, want %+v", f, want)
		}
	})
	t.Run("SchoolAgeByAge", func(t *testing.T) {
		for age, want := range map[int]bool{0: false, 2: false, 3: true, 17: true, 18: false} {
			s := interest()
			s.Interest.Children = []senderos.Child{{Age: age}}
			if f, _ := FamilyOf(s); f.SchoolAge != want {
				t.Errorf("SchoolAge of a child of %d = %v, want %v", age, f.SchoolAge, want)
			}
		}
	})
	t.Run("MunicipalityHasNone", func(t *testing.T) {
		if _, ok := FamilyOf(municipality()); ok {
			t.Error("FamilyOf = true for a municipality")
		}
	})
}

func TestWhere(t *testing.T) {
	d := Dialect{
		Placeholder: func(n int) string { return "$" + strconv.Itoa(n) },
		Time:        func(t time.Time) any { return t },
	}
	for _, tt := range []struct {
		name   string
		filter senderos.SubmissionFilter
		page   string // Where
		count  string // CountWhere
		args   []any
	}{
		{"None", senderos.SubmissionFilter{}, "blocked_at IS NULL", "blocked_at IS NULL", nil},
		{"Kind", senderos.SubmissionFilter{Kind: senderos.KindInterest},
			"blocked_at IS NULL AND kind = $1", "blocked_at IS NULL AND kind = $1", []any{"interest"}},
		{"RegionsOrAnywhere", senderos.SubmissionFilter{Regions: []string{"08", "07"}},
			"blocked_at IS NULL AND EXISTS (SELECT 1 FROM family_regions r WHERE r.submission_id = submissions.id AND r.region IN ($1, $2, $3))",
			"blocked_at IS NULL AND submissions.id IN (SELECT r.submission_id FROM family_regions r WHERE r.region IN ($1, $2, $3))",
			[]any{"07", "08", "anywhere"}},
		{"Sectors", senderos.SubmissionFilter{Sectors: []string{"care"}},
			"blocked_at IS NULL AND EXISTS (SELECT 1 FROM family_sectors c WHERE c.submission_id = submissions.id AND c.sector IN ($1))",
			"blocked_at IS NULL AND submissions.id IN (SELECT c.submission_id FROM family_sectors c WHERE c.sector IN ($1))",
			[]any{"care"}},
		{"Household", senderos.SubmissionFilter{Status: senderos.StatusNew, MinHousehold: 2, MaxHousehold: 4},
			"blocked_at IS NULL AND status = $1 AND EXISTS (SELECT 1 FROM families f WHERE f.submission_id = submissions.id AND f.household >= $2 AND f.household <= $3)",
			"blocked_at IS NULL AND status = $1 AND EXISTS (SELECT 1 FROM families f WHERE f.submission_id = submissions.id AND f.household >= $2 AND f.household <= $3)",
			[]any{"new", 2, 4}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if cond, args := d.Where(tt.filter); cond != tt.page || !reflect.DeepEqual(args, tt.args) {
				t.Errorf("Where =\n%s %v\nwant\n%s %v", cond, args, tt.page, tt.args)
			}
			if cond, args := d.CountWhere(tt.filter); cond != tt.count || !reflect.DeepEqual(args, tt.args) {
				t.Errorf("CountWhere =\n%s %v\nwant\n%s %v", cond, args, tt.count, tt.args)
			}
		})
	}
}

// TestWhereOneBound checks each household bound alone: the other adds no
// condition, and either alone is enough for one.
func TestWhereOneBound(t *testing.T) {
	d := Dialect{Placeholder: func(n int) string { return "$" + strconv.Itoa(n) }}
	for _, tt := range []struct {
		name   string
		filter senderos.SubmissionFilter
		cond   string
		args   []any
	}{
		{"MinOnly", senderos.SubmissionFilter{MinHousehold: 3},
			"blocked_at IS NULL AND EXISTS (SELECT 1 FROM families f WHERE f.submission_id = submissions.id AND f.household >= $1)", []any{3}},
		{"MaxOnly", senderos.SubmissionFilter{MaxHousehold: 5},
			"blocked_at IS NULL AND EXISTS (SELECT 1 FROM families f WHERE f.submission_id = submissions.id AND f.household <= $1)", []any{5}},
		{"AssigneeAndDates", senderos.SubmissionFilter{AssigneeID: 4,
			From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
			"blocked_at IS NULL AND assignee_id = $1 AND created_at >= $2 AND created_at < $3",
			[]any{int64(4), "2026-01-01", "2026-02-01"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := d
			d.Time = func(t time.Time) any { return t.Format("2006-01-02") }
			cond, args := d.Where(tt.filter)
			if cond != tt.cond || !reflect.DeepEqual(args, tt.args) {
				t.Errorf("Where =\n%s %#v\nwant\n%s %#v", cond, args, tt.cond, tt.args)
			}
		})
	}
}

func TestPage(t *testing.T) {
	d := Dialect{Placeholder: func(n int) string { return "$" + strconv.Itoa(n) }}
	for _, tt := range []struct {
		name   string
		filter senderos.SubmissionFilter
		args   []any
	}{
		{"Default", senderos.SubmissionFilter{}, []any{"x", DefaultLimit, 0}},
		{"NegativeOffset", senderos.SubmissionFilter{Limit: 10, Offset: -5}, []any{"x", 10, 0}},
		{"Offset", senderos.SubmissionFilter{Limit: 10, Offset: 20}, []any{"x", 10, 20}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clause, args := d.Page(tt.filter, []any{"x"})
			if clause != " LIMIT $2 OFFSET $3" || !reflect.DeepEqual(args, tt.args) {
				t.Errorf("Page = %q %v, want \" LIMIT $2 OFFSET $3\" %v", clause, args, tt.args)
			}
		})
	}
}

func TestFamilyOfKindWithoutAnswers(t *testing.T) {
	if _, ok := FamilyOf(&senderos.Submission{Kind: senderos.KindInterest}); ok {
		t.Error("FamilyOf = true for a family's submission without its answers")
	}
}

func TestBound(t *testing.T) {
	for in, want := range map[int]int{-1: DefaultLimit, 0: DefaultLimit, 1: 1, MaxLimit: MaxLimit, MaxLimit + 1: MaxLimit} {
		if got := Bound(in); got != want {
			t.Errorf("Bound(%d) = %d, want %d", in, got, want)
		}
	}
}

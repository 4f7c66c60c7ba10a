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

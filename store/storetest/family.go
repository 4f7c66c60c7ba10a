package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/cepaim/senderos"
)

// FamilyFilters are list filters whose results MustMatchFamilies checks:
// each family filter alone and together, with the submission's own
// conditions, and paged.
var FamilyFilters = append(slices.Clone(BenchFilters), []struct {
	Name   string
	Filter senderos.SubmissionFilter
}{
	{"AnyKindRegions", senderos.SubmissionFilter{Regions: []string{"01"}}},
	{"RegionsTwice", senderos.SubmissionFilter{Regions: []string{"03", "03"}}},
	{"MinHousehold", senderos.SubmissionFilter{MinHousehold: 5}},
	{"MaxHousehold", senderos.SubmissionFilter{MaxHousehold: 1}},
	{"StatusAndSectors", senderos.SubmissionFilter{Status: senderos.StatusContacted, Sectors: []string{"care", "other"}}},
	{"Paged", senderos.SubmissionFilter{Sectors: []string{"care", "other"}, Limit: 7, Offset: 3}},
	{"Municipalities", senderos.SubmissionFilter{Kind: senderos.KindMunicipality}},
	{"NoFamilyFilter", senderos.SubmissionFilter{}},
}...)

// wantFamily reports whether s meets filter as the portal defines it,
// written here apart from the stores' SQL to check it: a family who wants
// any of the regions (or anywhere), knows any of the sectors and moves
// with a household within bounds. A municipality meets none of these.
func wantFamily(s *senderos.Submission, filter senderos.SubmissionFilter) bool {
	if (filter.Kind != "" && s.Kind != filter.Kind) || (filter.Status != "" && s.Status != filter.Status) {
		return false
	}
	if len(filter.Regions) == 0 && len(filter.Sectors) == 0 && filter.MinHousehold == 0 && filter.MaxHousehold == 0 {
		return true
	}
	i := s.Interest
	if i == nil {
		return false
	}
	any := func(have, want []string) bool {
		return slices.ContainsFunc(have, func(v string) bool { return slices.Contains(want, v) })
	}
	h := i.Household()
	return (len(filter.Regions) == 0 || slices.Contains(i.Regions, senderos.Anywhere) || any(i.Regions, filter.Regions)) &&
		(len(filter.Sectors) == 0 || any(i.Sectors, filter.Sectors)) &&
		(filter.MinHousehold == 0 || h >= filter.MinHousehold) &&
		(filter.MaxHousehold == 0 || h <= filter.MaxHousehold)
}

// MustMatchFamilies checks that each of FamilyFilters lists, newest first,
// and counts what wantFamily selects of subs, the submissions stored.
func MustMatchFamilies(t *testing.T, svc senderos.SubmissionService, subs []*senderos.Submission) {
	t.Helper()
	ctx := context.Background()
	// Newest first; the stores break ties of time by id.
	byNewest := slices.Clone(subs)
	slices.SortFunc(byNewest, func(a, b *senderos.Submission) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	for _, ff := range FamilyFilters {
		t.Run(ff.Name, func(t *testing.T) {
			filter := ff.Filter
			if filter.Limit == 0 {
				filter.Limit = 1000
			}
			var want []string
			for _, s := range byNewest {
				if wantFamily(s, filter) {
					want = append(want, s.Reference)
				}
			}
			n, err := svc.CountSubmissions(ctx, filter)
			if err != nil {
				t.Fatal(err)
			} else if n != len(want) {
				t.Errorf("CountSubmissions = %d, want %d", n, len(want))
			}
			want = want[min(filter.Offset, len(want)):]
			want = want[:min(filter.Limit, len(want))]
			listed, err := svc.FindSubmissions(ctx, filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range listed {
				got = append(got, s.Reference)
			}
			if !slices.Equal(got, want) {
				t.Errorf("FindSubmissions listed %d: %v\nwant %d: %v", len(got), got, len(want), want)
			}
		})
	}
}

// MustCreateFamilyMix stores n families made by NewFamily, a few of them
// contacted, and two municipalities, and returns them as stored.
func MustCreateFamilyMix(t *testing.T, svc senderos.SubmissionService, n int) []*senderos.Submission {
	t.Helper()
	var subs []*senderos.Submission
	for i := range n {
		s := NewFamily(i)
		if i%5 == 0 {
			s.Status = senderos.StatusContacted
		}
		MustCreate(t, svc, s)
		subs = append(subs, s)
	}
	for range 2 {
		s := NewMunicipality()
		MustCreate(t, svc, s)
		subs = append(subs, s)
	}
	return subs
}

func testFamilyFiltersRunAsDefined(t *testing.T, open Open) {
	svc := open(t)
	subs := MustCreateFamilyMix(t, svc, 300)
	// An erased family is never listed.
	erased := NewFamily(0)
	MustCreate(t, svc, erased)
	if err := svc.EraseSubmission(context.Background(), erased.ID, 0); err != nil {
		t.Fatal(err)
	}
	MustMatchFamilies(t, svc, subs)
}

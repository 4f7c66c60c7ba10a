package senderos_test

import (
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/atlas"
)

// Every province of the official list is in its region, and no other
// province is known.
func TestRegionOfProvince(t *testing.T) {
	all, err := atlas.All()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range all {
		seen[m.ProvinceCode] = true
		if got := senderos.RegionOfProvince(m.ProvinceCode); got != m.RegionCode {
			t.Fatalf("RegionOfProvince(%s) = %q, want %q (%s)", m.ProvinceCode, got, m.RegionCode, m.Province)
		}
	}
	if len(seen) != 52 {
		t.Errorf("%d provinces in atlas, want 52", len(seen))
	}
	if got := senderos.RegionOfProvince("53"); got != "" {
		t.Errorf("RegionOfProvince(53) = %q, want none", got)
	}
}

// The small-number rule: 4 reads "fewer than 5", 5 and 6 are shown.
func TestRegionCountsPublic(t *testing.T) {
	c := senderos.RegionCounts{Families: 4, People: 5, JobOffers: 6}
	r := c.Public("07")
	want := senderos.RegionResults{Region: "07",
		Families: senderos.PublicFigure{Fewer: true}, People: senderos.PublicFigure{N: 5}, JobOffers: senderos.PublicFigure{N: 6},
		Placed: senderos.PublicFigure{Fewer: true}, Municipalities: senderos.PublicFigure{Fewer: true}}
	if r != want {
		t.Errorf("Public = %+v, want %+v", r, want)
	}
	if c.Zero() || !(senderos.RegionCounts{}).Zero() {
		t.Error("Zero is wrong")
	}
}

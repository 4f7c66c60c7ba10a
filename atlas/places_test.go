package atlas

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
)

func TestFindPlacesLimits(t *testing.T) {
	var p Places
	t.Run("EmptyQueryFindsNothing", func(t *testing.T) {
		if got, err := p.FindPlaces("", "  ", 5); err != nil || got != nil {
			t.Errorf("FindPlaces(\"  \") = %v, %v", got, err)
		}
	})
	t.Run("LimitCuts", func(t *testing.T) {
		all, _ := p.FindPlaces("", "villa", 0)
		if len(all) < 10 {
			t.Fatalf("%d places start with villa, want many", len(all))
		}
		for _, limit := range []int{1, 3, len(all), len(all) + 1} {
			got, _ := p.FindPlaces("", "villa", limit)
			if want := min(limit, len(all)); len(got) != want {
				t.Errorf("limit %d: %d places, want %d", limit, len(got), want)
			}
		}
	})
	t.Run("ProvinceFilters", func(t *testing.T) {
		got, _ := p.FindPlaces("44", "villa", 0)
		if len(got) == 0 {
			t.Fatal("no villa… in Teruel")
		}
		for _, pl := range got {
			if pl.ProvinceCode != "44" || pl.Province != "Teruel" || pl.RegionCode != "02" {
				t.Errorf("%+v is not in Teruel, Aragón", pl)
			}
		}
	})
	t.Run("ExactBeforePrefix", func(t *testing.T) {
		got, _ := p.FindPlaces("", "teruel", 0)
		if len(got) != 1 || got[0].Code != "44216" {
			t.Errorf("FindPlaces(teruel) = %+v, want Teruel alone", got)
		}
	})
	t.Run("FindPlace", func(t *testing.T) {
		pl, err := p.FindPlace("44216")
		if err != nil || pl != (senderos.Place{Code: "44216", Name: "Teruel", ProvinceCode: "44", Province: "Teruel", RegionCode: "02", Region: "Aragón"}) {
			t.Errorf("FindPlace(44216) = %+v, %v", pl, err)
		}
		if _, err := p.FindPlace("44999"); senderos.ErrorCode(err) != senderos.ENOTFOUND {
			t.Errorf("FindPlace(44999) = %v, want %s", err, senderos.ENOTFOUND)
		}
	})
	t.Run("AreasSortedByCode", func(t *testing.T) {
		for _, areas := range [][]senderos.Area{p.Provinces(), p.Regions()} {
			if !slices.IsSortedFunc(areas, func(a, b senderos.Area) int { return strings.Compare(a.Code, b.Code) }) {
				t.Errorf("areas not sorted by code: %v", areas)
			}
		}
		if r := p.Regions(); r[0] != (senderos.Area{Code: "01", Name: "Andalucía"}) {
			t.Errorf("first region %+v", r[0])
		}
	})
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Alcañiz": "alcaniz", "  Sant  Joan   d'Alacant ": "sant joan d'alacant", "ÁVILA": "avila", "": "",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := nameForms("Alicante/Alacant"); !slices.Equal(got, []string{"alicante/alacant", "alicante", "alacant"}) {
		t.Errorf("nameForms = %q", got)
	}
}

func TestMunicipalitiesCSV(t *testing.T) {
	ms := []Municipality{{"44216", "Teruel", "44", "Teruel", "02", "Aragón"}, {"03014", "Alicante/Alacant", "03", "Alicante/Alacant", "10", "Comunitat Valenciana"}}
	var b bytes.Buffer
	if err := writeMunicipalities(&b, ms); err != nil {
		t.Fatal(err)
	}
	got, err := readMunicipalities(&b)
	if err != nil || !slices.Equal(got, ms) {
		t.Errorf("read(write) = %+v, %v", got, err)
	}
	if _, err := readMunicipalities(strings.NewReader("")); err == nil {
		t.Error("an empty file reads")
	}
	if _, err := readMunicipalities(strings.NewReader("a,\"b\n")); err == nil {
		t.Error("broken CSV reads")
	}
}

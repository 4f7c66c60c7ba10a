package atlas_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/cepaim/senderos/atlas"
)

// referenceRows reads the IGN 2024 list that lives beside the repository.
func referenceRows(tb testing.TB) [][]string {
	tb.Helper()
	path := filepath.Join("..", "..", "shared", "data", "municipalities-es.csv")
	if p := os.Getenv("SENDEROS_SHARED_DATA"); p != "" {
		path = filepath.Join(p, "municipalities-es.csv")
	}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		tb.Skipf("reference data not found at %s (set SENDEROS_SHARED_DATA)", path)
	} else if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return rows[1:]
}

func TestLookup(t *testing.T) {
	t.Run("KnowsMadrid", func(t *testing.T) {
		m, ok := atlas.Lookup("28079")
		if !ok || m.Name != "Madrid" || m.Province != "Madrid" || m.RegionCode != "13" {
			t.Fatalf("Lookup(28079) = %+v, %v", m, ok)
		}
	})
	t.Run("RejectsUnknownCode", func(t *testing.T) {
		for _, code := range []string{"", "00000", "28", "53005", "99999", "2807x"} {
			if m, ok := atlas.Lookup(code); ok {
				t.Errorf("Lookup(%q) = %+v, want not found", code, m)
			}
		}
	})
	t.Run("AgreesWithIGN2024", func(t *testing.T) {
		rows := referenceRows(t)
		missing := 0
		for _, r := range rows {
			code, province, region := r[0], r[2], r[4]
			m, ok := atlas.Lookup(code)
			if !ok {
				missing++
				t.Logf("IGN 2024 municipality %s %s is not in es-atlas", code, r[1])
				continue
			}
			if m.ProvinceCode != province || m.RegionCode != region {
				t.Errorf("%s %s: province %s region %s, IGN says %s %s", code, m.Name, m.ProvinceCode, m.RegionCode, province, region)
			}
		}
		all, err := atlas.All()
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < 8100 || missing > len(rows)/1000 {
			t.Fatalf("atlas has %d municipalities, %d of IGN's %d missing", len(all), missing, len(rows))
		}
	})
}

func TestFindPlaces(t *testing.T) {
	var p atlas.Places
	for _, tc := range []struct {
		name, province, query, want string
	}{
		{"IgnoresAccentsAndCase", "44", "alcaniz", "44013"},
		{"BilingualNames", "03", "alicante", "03014"},
		{"OtherSideOfBilingualName", "03", "alacant", "03014"},
		{"PrefixWhenNoExactMatch", "26", "oco", "26108"},
		{"AnyProvince", "", "ocon", "26108"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := p.FindPlaces(tc.province, tc.query, 5)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || got[0].Code != tc.want {
				t.Fatalf("FindPlaces(%q, %q) = %+v, want first %s", tc.province, tc.query, got, tc.want)
			}
		})
	}
	t.Run("ErrNotFoundForUnknownCode", func(t *testing.T) {
		if _, err := p.FindPlace("99999"); err == nil {
			t.Fatal("want error")
		}
	})
	t.Run("ListsAreas", func(t *testing.T) {
		if n := len(p.Provinces()); n != 52 {
			t.Errorf("%d provinces, want 52", n)
		}
		if n := len(p.Regions()); n != 19 {
			t.Errorf("%d regions, want 19", n)
		}
	})
}

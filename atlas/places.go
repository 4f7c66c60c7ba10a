package atlas

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/cepaim/senderos"
)

// Places implements senderos.PlaceService on the embedded list.
type Places struct{}

var _ senderos.PlaceService = Places{}

// FindPlace implements senderos.PlaceService.
func (Places) FindPlace(code string) (senderos.Place, error) {
	m, ok := Lookup(code)
	if !ok {
		return senderos.Place{}, senderos.Errorf(senderos.ENOTFOUND, "No municipality has the code %q.", code)
	}
	return m.place(), nil
}

// FindPlaces implements senderos.PlaceService.
func (Places) FindPlaces(provinceCode, name string, limit int) ([]senderos.Place, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	q := Fold(name)
	if q == "" {
		return nil, nil
	}
	var exact, prefix []senderos.Place
	for i, m := range all {
		if provinceCode != "" && m.ProvinceCode != provinceCode {
			continue
		}
		for _, n := range folded[i] {
			if n == q {
				exact = append(exact, m.place())
				break
			} else if strings.HasPrefix(n, q) {
				prefix = append(prefix, m.place())
				break
			}
		}
	}
	out := prefix
	if len(exact) > 0 {
		out = exact
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Provinces implements senderos.PlaceService.
func (Places) Provinces() []senderos.Area {
	loadOnce.Do(load)
	return provinces
}

// Regions implements senderos.PlaceService.
func (Places) Regions() []senderos.Area {
	loadOnce.Do(load)
	return regions
}

func provinceOf(m Municipality) senderos.Area {
	return senderos.Area{Code: m.ProvinceCode, Name: m.Province}
}

func regionOf(m Municipality) senderos.Area {
	return senderos.Area{Code: m.RegionCode, Name: m.Region}
}

func areas(all []Municipality, of func(Municipality) senderos.Area) []senderos.Area {
	seen := map[string]senderos.Area{}
	for _, m := range all {
		a := of(m)
		seen[a.Code] = a
	}
	out := make([]senderos.Area, 0, len(seen))
	for _, a := range seen {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func (m Municipality) place() senderos.Place {
	return senderos.Place{Code: m.Code, Name: m.Name, ProvinceCode: m.ProvinceCode, Province: m.Province, RegionCode: m.RegionCode, Region: m.Region}
}

// nameForms returns the folded forms a name is known by: as written and
// each side of a bilingual "A/B" name.
func nameForms(name string) []string {
	out := []string{Fold(name)}
	for _, part := range strings.Split(name, "/") {
		out = append(out, Fold(part))
	}
	return out
}

var foldAccents = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Fold lowercases s, removes accents and collapses spaces, for matching
// what people type against official names.
func Fold(s string) string {
	out, _, err := transform.String(foldAccents, s)
	if err != nil {
		out = s
	}
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}

package site

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"
)

// areaNamesJSON is the one table of the names of Spain's regions and
// provinces in the site's languages; Hugo reads the same file
// (themes/senderos/layouts/_partials/area-name.html).
//
//go:embed data/areanames.json
var areaNamesJSON []byte

// AreaName is a region (autonomous community) or a province with its names.
type AreaName struct {
	Code    string   `json:"code"`    // INE code, as in atlas
	Name    string   `json:"name"`    // official name, as in atlas
	Aliases []string `json:"aliases"` // other Spanish spellings, e.g. "Alicante"
	EN      string   `json:"en"`      // usual English name (exonym or official)
	FR      string   `json:"fr"`      // usual French name
	AR      string   `json:"ar"`      // Arabic name, in Arabic script
}

// AreaNames are the regions and provinces of data/areanames.json, in INE
// code order.
type AreaNames struct {
	Regions   []AreaName `json:"regions"`
	Provinces []AreaName `json:"provinces"`
}

var areaNames = sync.OnceValues(func() (*AreaNames, error) {
	var t AreaNames
	if err := json.Unmarshal(areaNamesJSON, &t); err != nil {
		return nil, fmt.Errorf("data/areanames.json: %w", err)
	}
	return &t, nil
})

// Areas returns the table of region and province names.
func Areas() (*AreaNames, error) { return areaNames() }

// Label returns the name of the area in language lang as the site shows
// it: the official name in Spanish, the usual name in English and
// French, and in Arabic the Arabic name with the official one beside it,
// «الأندلس (Andalucía)».
func (a AreaName) Label(lang string) string {
	switch lang {
	case "en":
		return a.EN
	case "fr":
		return a.FR
	case "ar":
		return a.AR + " (" + a.Name + ")"
	}
	return a.Name
}

// Region returns the region with the official name or an alias name.
func (t *AreaNames) Region(name string) (AreaName, bool) { return find(t.Regions, name) }

// Province returns the province with the official name or an alias name.
func (t *AreaNames) Province(name string) (AreaName, bool) { return find(t.Provinces, name) }

func find(areas []AreaName, name string) (AreaName, bool) {
	for _, a := range areas {
		if a.Name == name {
			return a, true
		}
		for _, alias := range a.Aliases {
			if alias == name {
				return a, true
			}
		}
	}
	return AreaName{}, false
}

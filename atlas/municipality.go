package atlas

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/cepaim/senderos"
)

// Municipality is one of Spain's municipalities as INE codes it.
type Municipality struct {
	Code         string // five-digit INE code
	Name         string
	ProvinceCode string // two digits
	Province     string
	RegionCode   string // autonomous community (or autonomous city), two digits
	Region       string
}

//go:embed municipalities.csv
var municipalitiesCSV []byte

var (
	loadOnce sync.Once
	byCode   map[string]Municipality
	all      []Municipality
	loadErr  error

	provinces, regions []senderos.Area
	// folded holds the name forms of all[i], folded once for matching.
	folded [][]string
)

// Lookup returns the municipality with the given INE code.
func Lookup(code string) (Municipality, bool) {
	loadOnce.Do(load)
	m, ok := byCode[code]
	return m, ok
}

// All returns every municipality, ordered by code.
func All() ([]Municipality, error) {
	loadOnce.Do(load)
	return all, loadErr
}

func load() {
	all, loadErr = readMunicipalities(bytes.NewReader(municipalitiesCSV))
	byCode = make(map[string]Municipality, len(all))
	for _, m := range all {
		byCode[m.Code] = m
	}
	provinces, regions = areas(all, provinceOf), areas(all, regionOf)
	folded = make([][]string, len(all))
	for i, m := range all {
		folded[i] = nameForms(m.Name)
	}
}

var csvHeader = []string{"code", "name", "province_code", "province", "region_code", "region"}

func readMunicipalities(r io.Reader) ([]Municipality, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("atlas: read municipalities: %w", err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("atlas: municipalities file is empty")
	}
	out := make([]Municipality, 0, len(rows)-1)
	for _, r := range rows[1:] {
		out = append(out, Municipality{Code: r[0], Name: r[1], ProvinceCode: r[2], Province: r[3], RegionCode: r[4], Region: r[5]})
	}
	return out, nil
}

func writeMunicipalities(w io.Writer, ms []Municipality) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, m := range ms {
		if err := cw.Write([]string{m.Code, m.Name, m.ProvinceCode, m.Province, m.RegionCode, m.Region}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// municipalitiesOf lists the topology's municipalities, leaving out the
// shared lands (codes 53…) and Gibraltar, which belong to no province.
func municipalitiesOf(t *topology) ([]Municipality, error) {
	names := func(object string) map[string]string {
		out := map[string]string{}
		for _, g := range t.Objects[object].Geometries {
			out[g.ID] = g.Properties["name"]
		}
		return out
	}
	provinces, regions := names("provinces"), names("autonomous_regions")
	var out []Municipality
	for _, g := range t.Objects["municipalities"].Geometries {
		if len(g.ID) != 5 {
			return nil, fmt.Errorf("atlas: municipality %q has no five-digit code", g.Properties["name"])
		}
		pc := g.ID[:2]
		rc, ok := provinceRegion[pc]
		if !ok {
			continue
		}
		out = append(out, Municipality{
			Code: g.ID, Name: g.Properties["name"],
			ProvinceCode: pc, Province: provinces[pc],
			RegionCode: rc, Region: regions[rc],
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// provinceRegion is INE's province → autonomous community table.
var provinceRegion = map[string]string{
	"01": "16", "02": "08", "03": "10", "04": "01", "05": "07", "06": "11", "07": "04", "08": "09",
	"09": "07", "10": "11", "11": "01", "12": "10", "13": "08", "14": "01", "15": "12", "16": "08",
	"17": "09", "18": "01", "19": "08", "20": "16", "21": "01", "22": "02", "23": "01", "24": "07",
	"25": "09", "26": "17", "27": "12", "28": "13", "29": "01", "30": "14", "31": "15", "32": "12",
	"33": "03", "34": "07", "35": "05", "36": "12", "37": "07", "38": "05", "39": "06", "40": "07",
	"41": "01", "42": "07", "43": "09", "44": "02", "45": "08", "46": "10", "47": "07", "48": "16",
	"49": "07", "50": "02", "51": "18", "52": "19",
}

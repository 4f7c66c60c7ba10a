package atlas

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cepaim/senderos"
)

// Generated tells what Generate wrote.
type Generated struct {
	Municipalities int
	MapBytes       int
}

// Generate reads es-atlas's es/municipalities.json and
// es/autonomous_regions.json under esAtlasDir and
// writes the municipality list (for embedding in this package) and the map
// data and the provinces and regions (for the Hugo site).
func Generate(esAtlasDir, municipalitiesOut, mapOut, areasOut string) (*Generated, error) {
	f, err := os.Open(filepath.Join(esAtlasDir, "es", "municipalities.json"))
	if err != nil {
		return nil, fmt.Errorf("atlas: %w (unpack es-atlas with `npm pack es-atlas && tar xzf es-atlas-*.tgz`)", err)
	}
	defer f.Close()
	t, err := readTopology(f)
	if err != nil {
		return nil, err
	}
	ms, err := municipalitiesOf(t)
	if err != nil {
		return nil, err
	}
	// The regions file has far fewer, longer arcs: a lighter map.
	rf, err := os.Open(filepath.Join(esAtlasDir, "es", "autonomous_regions.json"))
	if err != nil {
		return nil, fmt.Errorf("atlas: %w", err)
	}
	defer rf.Close()
	rt, err := readTopology(rf)
	if err != nil {
		return nil, err
	}
	m, err := buildMap(rt)
	if err != nil {
		return nil, err
	}
	mf, err := os.Create(municipalitiesOut)
	if err != nil {
		return nil, err
	}
	if err := writeMunicipalities(mf, ms); err != nil {
		mf.Close()
		return nil, fmt.Errorf("atlas: write %s: %w", municipalitiesOut, err)
	}
	if err := mf.Close(); err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(mapOut, append(data, '\n'), 0o644); err != nil {
		return nil, err
	}
	if err := writeAreas(areasOut, ms); err != nil {
		return nil, err
	}
	return &Generated{Municipalities: len(ms), MapBytes: len(m.Border) + len(m.Regions) + len(m.Inset)}, nil
}

// writeAreas writes the provinces and autonomous communities, for the
// site's forms (site/data/areas.json).
func writeAreas(path string, ms []Municipality) error {
	data, err := json.MarshalIndent(map[string][]senderos.Area{"provinces": areas(ms, provinceOf), "regions": areas(ms, regionOf)}, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

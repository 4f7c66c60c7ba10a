package atlas_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/cepaim/senderos/atlas"
)

func readMap(t *testing.T) *atlas.Map {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "site", "data", "spainmap.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m atlas.Map
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func TestMapProject(t *testing.T) {
	m := readMap(t)
	inside := func(name string, lat, lon float64) (float64, float64) {
		x, y := m.Project(lat, lon)
		if x < 0 || y < 0 || x > m.Width || y > m.Height {
			t.Errorf("%s (%v, %v) falls outside the map at (%.1f, %.1f)", name, lat, lon, x, y)
		}
		return x, y
	}
	// Places at the four ends of the country and in the islands.
	_, bares := inside("Estaca de Bares", 43.79, -7.69)
	_, tarifa := inside("Tarifa", 36.01, -5.60)
	creusX, _ := inside("Cap de Creus", 42.32, 3.32)
	fisterraX, _ := inside("Fisterra", 42.90, -9.26)
	inside("Maó", 39.89, 4.26)
	inside("Melilla", 35.29, -2.94)
	laRestingaX, laRestingaY := inside("La Restinga (El Hierro)", 27.64, -17.98)
	if bares >= tarifa || fisterraX >= creusX {
		t.Errorf("map is not oriented north-up, west-left")
	}
	// The moved Canaries sit west of the mainland, below Galicia.
	if laRestingaX >= fisterraX || laRestingaY <= bares {
		t.Errorf("El Hierro drawn at (%.1f, %.1f): not in the south-west inset", laRestingaX, laRestingaY)
	}
	if m.Border == "" || m.Regions == "" || m.Inset == "" || m.Attribution == "" {
		t.Errorf("map has empty parts")
	}
	// The map is drawn inline on directory pages: keep it light.
	if n := len(m.Border) + len(m.Regions) + len(m.Inset); n > 24_000 {
		t.Errorf("map path data is %d bytes, want at most 24000", n)
	}
}

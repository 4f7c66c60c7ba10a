package atlas

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/generated from what Generate writes")

// TestGenerate runs the generator on testdata/es-atlas, a topology of a few
// squares (two regions sharing an edge, an island of the Canaries,
// Gibraltar far off, an islet too small to draw, shared lands), and
// compares what it writes with testdata/generated. Every figure of the map
// (bounds, scale, each path) comes from arithmetic that a slip would change.
func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	out := map[string]string{
		"municipalities.csv": filepath.Join(dir, "municipalities.csv"),
		"spainmap.json":      filepath.Join(dir, "spainmap.json"),
		"areas.json":         filepath.Join(dir, "areas.json"),
	}
	g, err := Generate(filepath.Join("testdata", "es-atlas"), out["municipalities.csv"], out["spainmap.json"], out["areas.json"])
	if err != nil {
		t.Fatal(err)
	}
	if g.Municipalities != 4 {
		t.Errorf("%d municipalities, want 4 (shared lands left out)", g.Municipalities)
	}
	for name, path := range out {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "generated", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
	var m Map
	data, _ := os.ReadFile(out["spainmap.json"])
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if g.MapBytes != len(m.Border)+len(m.Regions)+len(m.Inset) {
		t.Errorf("MapBytes %d, want %d", g.MapBytes, len(m.Border)+len(m.Regions)+len(m.Inset))
	}
	t.Run("LeavesOutGibraltar", func(t *testing.T) {
		// Gibraltar's square lies at 10° E: with it the map would be twice
		// as wide in degrees.
		if x, _ := m.Project(36.5, 10.5); x <= m.Width {
			t.Errorf("a point at 10.5° E falls inside the map (x %.1f): Gibraltar was drawn", x)
		}
	})
	t.Run("FramesTheCanaries", func(t *testing.T) {
		x, y := m.Project(28.5, -15.5)
		var x0, y0, x1, y1 float64
		if _, err := fmtSscanf(m.Inset, &x0, &y0, &x1, &y1); err != nil {
			t.Fatalf("inset %q: %v", m.Inset, err)
		}
		if x <= x0 || x >= x1 || y <= y0 || y >= y1 {
			t.Errorf("the island (%.1f, %.1f) is outside its frame %q", x, y, m.Inset)
		}
	})
	t.Run("OneInternalBoundary", func(t *testing.T) {
		if n := strings.Count(m.Regions, "M"); n != 1 {
			t.Errorf("%d internal boundaries, want the one edge Andalucía and Aragón share: %q", n, m.Regions)
		}
		if n := strings.Count(m.Border, "M"); n != 3 {
			t.Errorf("%d rings in the border, want 3 (two regions and the island; not the islet): %q", n, m.Border)
		}
	})
}

// fmtSscanf reads the four corners of an inset frame "Mx0,y0Hx1Vy1Hx0Z".
func fmtSscanf(s string, x0, y0, x1, y1 *float64) (int, error) {
	r := strings.NewReplacer("M", " ", ",", " ", "H", " ", "V", " ", "Z", " ")
	f := strings.Fields(r.Replace(s))
	var v [5]float64
	for i := range v {
		if i >= len(f) {
			return i, os.ErrInvalid
		}
		if err := json.Unmarshal([]byte(f[i]), &v[i]); err != nil {
			return i, err
		}
	}
	*x0, *y0, *x1, *y1 = v[0], v[1], v[2], v[3]
	return 4, nil
}

func TestGenerateErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name, "es")
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"municipalities.json", "autonomous_regions.json"} {
			if err := os.WriteFile(filepath.Join(p, f), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return filepath.Join(dir, name)
	}
	outs := func() (string, string, string) {
		return filepath.Join(dir, "m.csv"), filepath.Join(dir, "map.json"), filepath.Join(dir, "areas.json")
	}
	for _, tt := range []struct {
		name, dir, err string
	}{
		{"NoPackage", filepath.Join(dir, "missing"), "unpack es-atlas"},
		{"NotJSON", write("notjson", "{"), "decode topojson"},
		{"NotTopology", write("feature", `{"type":"FeatureCollection"}`), `not a TopoJSON topology (type "FeatureCollection")`},
		{"CodeNotFiveDigits", write("code", `{"type":"Topology","objects":{"municipalities":{"geometries":[{"id":"4421","properties":{"name":"Teruel"}}]}}}`),
			`municipality "Teruel" has no five-digit code`},
		{"NoRegions", write("noregions", `{"type":"Topology","objects":{}}`), "no autonomous_regions object"},
		{"BadPolygon", write("badpolygon", `{"type":"Topology","objects":{"autonomous_regions":{"geometries":[{"type":"Polygon","id":"01","arcs":[0]}]}}}`),
			"region 01"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, mp, a := outs()
			_, err := Generate(tt.dir, m, mp, a)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Generate = %v, want an error saying %q", err, tt.err)
			}
		})
	}
}

func TestReadTopology(t *testing.T) {
	t.Run("DeltaDecodesQuantizedArcs", func(t *testing.T) {
		top, err := readTopology(strings.NewReader(`{"type":"Topology","transform":{"scale":[0.5,2],"translate":[10,-1]},
			"arcs":[[[2,3],[1,-1],[-4,2]]]}`))
		if err != nil {
			t.Fatal(err)
		}
		want := []point{{11, 5}, {11.5, 3}, {9.5, 7}}
		if got := top.arc(0); !equalPoints(got, want) {
			t.Errorf("arc 0 = %v, want %v", got, want)
		}
		if got := top.arc(^0); !equalPoints(got, []point{{9.5, 7}, {11.5, 3}, {11, 5}}) {
			t.Errorf("arc ~0 = %v, want it reversed", got)
		}
	})
	t.Run("KeepsUnquantizedArcs", func(t *testing.T) {
		top, err := readTopology(strings.NewReader(`{"type":"Topology","arcs":[[[2,3],[1,-1]],[[1,-1],[5,5]]]}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := top.arc(0); !equalPoints(got, []point{{2, 3}, {1, -1}}) {
			t.Errorf("arc 0 = %v", got)
		}
		// A ring drops the first point of each arc after the first: it is
		// the last point of the arc before.
		if got := top.ring([]int{0, 1}); !equalPoints(got, []point{{2, 3}, {1, -1}, {5, 5}}) {
			t.Errorf("ring = %v", got)
		}
		if got := top.ring([]int{0, ^1}); !equalPoints(got, []point{{2, 3}, {1, -1}, {1, -1}}) {
			t.Errorf("ring with a reversed arc = %v", got)
		}
	})
}

func TestPolygons(t *testing.T) {
	for _, tt := range []struct {
		g    geometry
		want int // polygons; -1 for an error
	}{
		{geometry{Type: "Polygon", Arcs: json.RawMessage(`[[0,1],[2]]`)}, 1},
		{geometry{Type: "MultiPolygon", Arcs: json.RawMessage(`[[[0,1]],[[2]],[[3]]]`)}, 3},
		{geometry{Type: "MultiPolygon", Arcs: json.RawMessage(`[[0,1]]`)}, -1},
		{geometry{Type: "Polygon", Arcs: json.RawMessage(`[0]`)}, -1},
		{geometry{Type: "LineString", Arcs: json.RawMessage(`[0]`)}, 0},
	} {
		p, err := tt.g.polygons()
		switch {
		case tt.want < 0 && err == nil:
			t.Errorf("%s %s: no error", tt.g.Type, tt.g.Arcs)
		case tt.want >= 0 && (err != nil || len(p) != tt.want):
			t.Errorf("%s %s = %d polygons, %v; want %d", tt.g.Type, tt.g.Arcs, len(p), err, tt.want)
		}
	}
}

func TestSimplify(t *testing.T) {
	line := []point{{0, 0}, {1, 0.5}, {2, -0.5}, {3, 0}, {4, 3}, {5, 0}}
	if got := simplify(line, 1); !equalPoints(got, []point{{0, 0}, {3, 0}, {4, 3}, {5, 0}}) {
		t.Errorf("simplify(1) = %v", got)
	}
	if got := simplify(line, 0.4); !equalPoints(got, line) {
		t.Errorf("simplify(0.4) = %v, want every point (each is 0.5 off)", got)
	}
	if got := simplify(line, 0.5); !equalPoints(got, []point{{0, 0}, {3, 0}, {4, 3}, {5, 0}}) {
		t.Errorf("simplify(0.5) = %v, want points exactly 0.5 off dropped", got)
	}
	if got := simplify(line[:2], 10); !equalPoints(got, line[:2]) {
		t.Errorf("simplify of two points = %v", got)
	}
	if got := simplify([]point{{0, 0}, {5, 5}, {1, 0}}, 10); !equalPoints(got, []point{{0, 0}, {1, 0}}) {
		t.Errorf("simplify of a spike = %v", got)
	}
}

func TestSegDist(t *testing.T) {
	for _, tt := range []struct {
		p, a, b point
		want    float64
	}{
		{point{0, 1}, point{-1, 0}, point{1, 0}, 1},   // above the middle
		{point{3, 4}, point{0, 0}, point{0, 0}, 5},    // a point segment
		{point{-3, 4}, point{0, 0}, point{2, 0}, 5},   // before a
		{point{5, 4}, point{0, 0}, point{2, 0}, 5},    // after b
		{point{1, -2}, point{0, 0}, point{2, 0}, 2},   // below
		{point{2, 2}, point{0, 0}, point{0, 4}, 2},    // beside a vertical segment
		{point{1, 1}, point{0, 0}, point{2, 2}, 0},    // on a diagonal
		{point{0, 2}, point{0, 0}, point{2, 2}, 1.41}, // off a diagonal
		// Segments away from the origin, so that a-b and a+b differ.
		{point{3, 5}, point{2, 1}, point{4, 1}, 4},
		{point{5, 2}, point{1, 1}, point{1, 3}, 4},
		{point{-1, 3}, point{1, 1}, point{3, 3}, 2.83},
		{point{4, 4}, point{1, 1}, point{3, 3}, 1.41},
		{point{5, 5}, point{2, 1}, point{2, 1}, 5},
		{point{2, 4}, point{-1, -2}, point{5, 4}, 2.12},
	} {
		if got := segDist(tt.p, tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("segDist(%v, %v, %v) = %v, want %v", tt.p, tt.a, tt.b, got, tt.want)
		}
	}
}

func TestExtent(t *testing.T) {
	if got := extent([]point{{1, 1}, {4, 2}, {2, -1}}); got != 3 {
		t.Errorf("extent = %v, want 3 (the wider side)", got)
	}
	if got := extent([]point{{1, 1}, {2, 6}, {0, 2}}); got != 5 {
		t.Errorf("extent = %v, want 5 (the taller side)", got)
	}
}

func TestWritePath(t *testing.T) {
	var b strings.Builder
	// (3.04, 2.01) rounds to the point before it and is left out; a
	// negative step needs no comma.
	writePath(&b, []point{{1.04, 2.06}, {3, 2.06}, {3.01, 2.04}, {3.04, 2.01}, {2.5, 4}, {1, 1.5}}, true)
	if got, want := b.String(), "M1,2.1l2,0l0-0.1l-0.5,2l-1.5-2.5z"; got != want {
		t.Errorf("closed path %q, want %q", got, want)
	}
	b.Reset()
	writePath(&b, []point{{0, 0}, {-1.25, 0.25}}, false)
	if got, want := b.String(), "M0,0l-1.3,0.3"; got != want {
		t.Errorf("open path %q, want %q", got, want)
	}
}

func TestRoundAndNum(t *testing.T) {
	for _, tt := range []struct {
		v      float64
		places int
		want   float64
	}{
		{1.23456, 4, 1.2346}, {1.25, 1, 1.3}, {-1.25, 1, -1.3}, {12.5, 0, 13}, {1234.5678, 2, 1234.57},
	} {
		if got := round(tt.v, tt.places); got != tt.want {
			t.Errorf("round(%v, %d) = %v, want %v", tt.v, tt.places, got, tt.want)
		}
	}
	for v, want := range map[float64]string{1.04: "1", 2.06: "2.1", -0.05: "-0.1", 300: "300", 0.26: "0.3"} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestProject(t *testing.T) {
	m := &Map{LonMin: -10, LatMax: 44, Kx: 2, Ky: 3, Canary: CanaryMove{Below: 32, DLon: 6, DLat: 7}}
	for _, tt := range []struct {
		lat, lon, x, y float64
	}{
		{40, -5, 10, 12},
		{32, -10, 0, 36},     // on the line: not moved
		{31.5, -16, 0, 16.5}, // moved by 6° east and 7° north
	} {
		if x, y := m.Project(tt.lat, tt.lon); x != tt.x || y != tt.y {
			t.Errorf("Project(%v, %v) = (%v, %v), want (%v, %v)", tt.lat, tt.lon, x, y, tt.x, tt.y)
		}
	}
	if lon, lat := m.move(point{-16, 31.5}); lon != -10 || lat != 38.5 {
		t.Errorf("move = (%v, %v), want (-10, 38.5)", lon, lat)
	}
	if lon, lat := m.move(point{-3, 32}); lon != -3 || lat != 32 {
		t.Errorf("move of a mainland point = (%v, %v)", lon, lat)
	}
}

func equalPoints(a, b []point) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i].X-b[i].X) > 1e-9 || math.Abs(a[i].Y-b[i].Y) > 1e-9 {
			return false
		}
	}
	return true
}

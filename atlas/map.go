package atlas

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Map is the outline of Spain as SVG path data, with the projection that
// places a point on it. It is written to site/data/spainmap.json for Hugo.
type Map struct {
	Width       float64    `json:"width"`
	Height      float64    `json:"height"`
	LonMin      float64    `json:"lonMin"`
	LatMax      float64    `json:"latMax"`
	Kx          float64    `json:"kx"`
	Ky          float64    `json:"ky"`
	Canary      CanaryMove `json:"canary"`
	Border      string     `json:"border"`
	Regions     string     `json:"regions"`
	Inset       string     `json:"inset"`
	Attribution string     `json:"attribution"`
}

// CanaryMove says how the Canary Islands are moved next to the mainland:
// points south of Below are shifted by DLon and DLat degrees.
type CanaryMove struct {
	Below float64 `json:"below"`
	DLon  float64 `json:"dlon"`
	DLat  float64 `json:"dlat"`
}

// Attribution is the credit owed for the boundaries.
const Attribution = "© Instituto Geográfico Nacional (CC BY 4.0), via es-atlas"

const (
	mapWidth  = 600.0
	pad       = 6.0
	tolerance = 1.0 // simplification tolerance in SVG units
	minExtent = 2.5 // rings smaller than this (SVG units) are dropped
)

var canary = CanaryMove{Below: 32, DLon: 6.2, DLat: 7.2}

// Project returns where (lat, lon) falls on the map, as Hugo's map partial
// computes it.
func (m *Map) Project(lat, lon float64) (x, y float64) {
	if lat < m.Canary.Below {
		lat, lon = lat+m.Canary.DLat, lon+m.Canary.DLon
	}
	return (lon - m.LonMin) * m.Kx, (m.LatMax - lat) * m.Ky
}

// buildMap draws the border and the boundaries between autonomous
// communities of the topology's regions object.
func buildMap(t *topology) (*Map, error) {
	regions, ok := t.Objects["autonomous_regions"]
	if !ok {
		return nil, fmt.Errorf("atlas: topology has no autonomous_regions object")
	}
	// Which regions use each arc: an arc used by one region is coast or
	// frontier, by two it is an internal boundary.
	users := make([][]string, len(t.Arcs))
	var rings [][]int
	for _, g := range regions.Geometries {
		if g.ID == gibraltar {
			continue
		}
		polys, err := g.polygons()
		if err != nil {
			return nil, fmt.Errorf("atlas: region %s: %w", g.ID, err)
		}
		for _, poly := range polys {
			for _, ring := range poly {
				rings = append(rings, ring)
				for _, a := range ring {
					if a < 0 {
						a = ^a
					}
					users[a] = append(users[a], g.ID)
				}
			}
		}
	}

	m := &Map{Canary: canary, Attribution: Attribution}
	// Bounds after moving the Canaries, in degrees.
	lonMin, lonMax, latMin, latMax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, ring := range rings {
		for _, p := range t.ring(ring) {
			lon, lat := m.move(p)
			lonMin, lonMax = math.Min(lonMin, lon), math.Max(lonMax, lon)
			latMin, latMax = math.Max(math.Min(latMin, lat), -90), math.Max(latMax, lat)
		}
	}
	coslat := math.Cos((latMin + latMax) / 2 * math.Pi / 180)
	k := (mapWidth - 2*pad) / ((lonMax - lonMin) * coslat)
	m.Kx, m.Ky = round(k*coslat, 4), round(k, 4)
	m.LonMin, m.LatMax = round(lonMin-pad/m.Kx, 4), round(latMax+pad/m.Ky, 4)
	m.Width = mapWidth
	m.Height = math.Ceil((m.LatMax-latMin)*m.Ky + pad)

	var border, internal strings.Builder
	for _, ring := range rings {
		pts := simplify(m.projectAll(t.ring(ring)), tolerance)
		if extent(pts) < minExtent || len(pts) < 3 {
			continue
		}
		writePath(&border, pts, true)
	}
	for i, u := range users {
		if len(u) == 2 && u[0] != u[1] {
			pts := simplify(m.projectAll(t.arc(i)), tolerance)
			if len(pts) >= 2 {
				writePath(&internal, pts, false)
			}
		}
	}
	m.Border, m.Regions = border.String(), internal.String()
	m.Inset = m.insetFrame(t, rings)
	return m, nil
}

// gibraltar is the id es-atlas gives the territory outside Spain's regions.
const gibraltar = "20"

func (m *Map) move(p point) (lon, lat float64) {
	lon, lat = p.X, p.Y
	if lat < m.Canary.Below {
		lon, lat = lon+m.Canary.DLon, lat+m.Canary.DLat
	}
	return lon, lat
}

func (m *Map) projectAll(pts []point) []point {
	out := make([]point, len(pts))
	for i, p := range pts {
		x, y := m.Project(p.Y, p.X)
		out[i] = point{x, y}
	}
	return out
}

// insetFrame returns a path framing the moved Canary Islands.
func (m *Map) insetFrame(t *topology, rings [][]int) string {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, ring := range rings {
		for _, p := range t.ring(ring) {
			if p.Y >= m.Canary.Below {
				continue
			}
			x, y := m.Project(p.Y, p.X)
			x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
		}
	}
	if math.IsInf(x0, 0) {
		return ""
	}
	const gap = 5
	return fmt.Sprintf("M%s,%sH%sV%sH%sZ", num(x0-gap), num(y0-gap), num(x1+gap), num(y1+gap), num(x0-gap))
}

// simplify is Douglas–Peucker on a polyline.
func simplify(pts []point, eps float64) []point {
	if len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	var rec func(a, b int)
	rec = func(a, b int) {
		maxD, idx := 0.0, -1
		for i := a + 1; i < b; i++ {
			if d := segDist(pts[i], pts[a], pts[b]); d > maxD {
				maxD, idx = d, i
			}
		}
		if maxD > eps {
			keep[idx] = true
			rec(a, idx)
			rec(idx, b)
		}
	}
	rec(0, len(pts)-1)
	out := pts[:0:0]
	for i, p := range pts {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

// segDist is the distance from p to the segment a–b.
func segDist(p, a, b point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	if dx == 0 && dy == 0 {
		return math.Hypot(p.X-a.X, p.Y-a.Y)
	}
	t := ((p.X-a.X)*dx + (p.Y-a.Y)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}

func extent(pts []point) float64 {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		x0, y0, x1, y1 = math.Min(x0, p.X), math.Min(y0, p.Y), math.Max(x1, p.X), math.Max(y1, p.Y)
	}
	return math.Max(x1-x0, y1-y0)
}

// writePath appends pts as an SVG subpath: an absolute move, then relative
// lines, one decimal, which keeps the data small.
func writePath(b *strings.Builder, pts []point, closed bool) {
	prev := point{round(pts[0].X, 1), round(pts[0].Y, 1)}
	fmt.Fprintf(b, "M%s,%s", num(prev.X), num(prev.Y))
	for _, p := range pts[1:] {
		q := point{round(p.X, 1), round(p.Y, 1)}
		if q == prev {
			continue
		}
		dx, dy := round(q.X-prev.X, 1), round(q.Y-prev.Y, 1)
		b.WriteString("l" + num(dx))
		if dy >= 0 {
			b.WriteString(",")
		}
		b.WriteString(num(dy))
		prev = q
	}
	if closed {
		b.WriteString("z")
	}
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func num(v float64) string {
	return strconv.FormatFloat(round(v, 1), 'f', -1, 64)
}

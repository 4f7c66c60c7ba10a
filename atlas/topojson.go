package atlas

import (
	"encoding/json"
	"fmt"
	"io"
)

// topology is the part of a TopoJSON document that es-atlas uses.
type topology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects map[string]struct {
		Geometries []geometry `json:"geometries"`
	} `json:"objects"`
	Arcs [][][2]float64 `json:"arcs"`

	lonlat [][]point // decoded arcs
}

type geometry struct {
	Type       string            `json:"type"`
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
	Arcs       json.RawMessage   `json:"arcs"`
}

type point struct{ X, Y float64 }

// readTopology decodes a TopoJSON document and its quantized arcs.
func readTopology(r io.Reader) (*topology, error) {
	var t topology
	if err := json.NewDecoder(r).Decode(&t); err != nil {
		return nil, fmt.Errorf("atlas: decode topojson: %w", err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("atlas: not a TopoJSON topology (type %q)", t.Type)
	}
	t.lonlat = make([][]point, len(t.Arcs))
	for i, arc := range t.Arcs {
		pts := make([]point, len(arc))
		var x, y float64
		for j, p := range arc {
			if t.Transform != nil {
				x, y = x+p[0], y+p[1]
				pts[j] = point{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
			} else {
				pts[j] = point{p[0], p[1]}
			}
		}
		t.lonlat[i] = pts
	}
	return &t, nil
}

// polygons returns a geometry's polygons as lists of arc-index rings.
func (g geometry) polygons() ([][][]int, error) {
	switch g.Type {
	case "Polygon":
		var p [][]int
		if err := json.Unmarshal(g.Arcs, &p); err != nil {
			return nil, err
		}
		return [][][]int{p}, nil
	case "MultiPolygon":
		var mp [][][]int
		err := json.Unmarshal(g.Arcs, &mp)
		return mp, err
	}
	return nil, nil
}

// arc returns the points of arc i, reversed for a negative (~i) index.
func (t *topology) arc(i int) []point {
	if i >= 0 {
		return t.lonlat[i]
	}
	src := t.lonlat[^i]
	out := make([]point, len(src))
	for j := range src {
		out[j] = src[len(src)-1-j]
	}
	return out
}

// ring joins the arcs of a ring into one closed list of points.
func (t *topology) ring(arcs []int) []point {
	var pts []point
	for k, a := range arcs {
		p := t.arc(a)
		if k > 0 && len(p) > 0 {
			p = p[1:]
		}
		pts = append(pts, p...)
	}
	return pts
}

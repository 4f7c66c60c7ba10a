package svgchart_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/cepaim/senderos/internal/svgchart"
)

func sample(kind svgchart.Kind, rtl bool) *svgchart.Chart {
	return &svgchart.Chart{
		ID: "days", Kind: kind, Title: "Días <hasta> el contacto", CategoryHead: "Mes", RTL: rtl,
		Categories: []string{"1", "6", "12"},
		Series:     []svgchart.Series{{Name: "Mediana", Values: []float64{3, 0, 12}}, {Name: "P90", Values: []float64{9, 4.5}}},
	}
}

// TestChartIsAccessible checks what the drawing must carry: role="img"
// named by its <title>, no style attributes, well-formed XML, and a table
// with every figure beside it.
func TestChartIsAccessible(t *testing.T) {
	for _, kind := range []svgchart.Kind{svgchart.Bars, svgchart.Lines} {
		for _, rtl := range []bool{false, true} {
			c := sample(kind, rtl)
			svg := string(c.SVG())
			if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
				t.Errorf("kind %d rtl %v: not well-formed: %v\n%s", kind, rtl, err, svg)
			}
			for _, want := range []string{`role="img"`, `aria-labelledby="days-title"`, `<title id="days-title">Días &lt;hasta&gt; el contacto</title>`} {
				if !strings.Contains(svg, want) {
					t.Errorf("kind %d: %s missing", kind, want)
				}
			}
			if strings.Contains(svg, "style=") {
				t.Errorf("kind %d: a style attribute, which the CSP blocks", kind)
			}
			if rtl != strings.Contains(svg, `direction="rtl"`) {
				t.Errorf("kind %d rtl %v: direction wrong", kind, rtl)
			}
			html := string(c.HTML())
			for _, want := range []string{`<caption id="days-caption">`, `<th scope="col">Mes</th>`, `<th scope="col">Mediana</th>`,
				`<th scope="row">12</th><td>12</td><td>0</td>`, `<td>4.5</td>`} {
				if !strings.Contains(html, want) {
					t.Errorf("kind %d: table lacks %s", kind, want)
				}
			}
		}
	}
}

// TestBarsAreMirroredRightToLeft: a bar starts at the left edge in a
// left-to-right page and ends at the right edge in a right-to-left one.
func TestBarsAreMirroredRightToLeft(t *testing.T) {
	one := func(rtl bool) string {
		c := &svgchart.Chart{ID: "x", Title: "t", Categories: []string{"a"}, Series: []svgchart.Series{{Name: "n", Values: []float64{10}}}, RTL: rtl}
		return string(c.SVG())
	}
	if !strings.Contains(one(false), `<rect x="0" y=`) {
		t.Errorf("ltr bar does not start at 0:\n%s", one(false))
	}
	if !strings.Contains(one(true), `<rect x="64" y=`) {
		t.Errorf("rtl bar does not end at the right edge:\n%s", one(true))
	}
}

// TestSeriesDifferBeyondColour: with two series each has its own pattern,
// and the legend names them.
func TestSeriesDifferBeyondColour(t *testing.T) {
	svg := string(sample(svgchart.Bars, false).SVG())
	for _, want := range []string{`<pattern id="days-p0"`, `<pattern id="days-p1"`, `fill="url(#days-p1)"`, `>Mediana</text>`, `>P90</text>`} {
		if !strings.Contains(svg, want) {
			t.Errorf("%s missing", want)
		}
	}
	lines := string(sample(svgchart.Lines, false).SVG())
	if !strings.Contains(lines, `stroke-dasharray`) {
		t.Error("the second line is not dashed")
	}
}

// Package svgchart draws small charts on the server as inline SVG, for pages
// that work without JavaScript: bars (one row per category, a bar per
// series) and lines (series over a few points in time). A chart is never
// shown alone: HTML returns the drawing (role="img", named by its <title>)
// and, beside it, a table of the same figures, which is what screen
// readers, printouts and anyone who cannot tell the bars apart read.
//
// Series are told apart by more than colour: each has its own fill pattern
// (bars) or marker and dash (lines), and the legend shows them. Right to
// left pages get the drawing mirrored. The SVG uses presentation attributes
// only, never style attributes, so that a Content-Security-Policy without
// 'unsafe-inline' lets it show.
package svgchart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Kind is how a chart is drawn.
type Kind int

// The kinds of chart.
const (
	Bars Kind = iota
	Lines
)

// Series is one named run of values, one per category.
type Series struct {
	Name   string
	Values []float64
}

// Chart is a chart and the table beside it. Categories name the rows (bars)
// or the points along the axis (lines); each series has one value per
// category.
type Chart struct {
	// ID makes the ids of the chart's title and table unique in a page.
	ID         string
	Kind       Kind
	Title      string
	Categories []string
	Series     []Series
	// CategoryHead heads the table's column of categories.
	CategoryHead string
	// Format writes a value in the chart and the table; nil writes it as
	// a whole number (one decimal when it has one).
	Format func(float64) string
	// Max is the scale's top; 0 takes the largest value.
	Max float64
	// RTL mirrors the drawing for a right-to-left page.
	RTL bool
	// Gaps says a 0 is no figure (a mean without answers): a line leaves
	// it out rather than drawing it at the bottom.
	Gaps bool
}

// width is the drawing's width in user units: about a phone's, so that its
// texts stay readable when it is shown at 360 px.
const (
	width    = 360
	fontSize = 15
)

// fills are the series' colours, dark enough against white for a 3:1
// contrast, and patterns tell them apart without colour.
var fills = []string{"#0b5d3b", "#0a4f8c", "#8a4b08", "#6b2c7a"}

func (c *Chart) format(v float64) string {
	if c.Format != nil {
		return c.Format(v)
	}
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func (c *Chart) max() float64 {
	if c.Max > 0 {
		return c.Max
	}
	m := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			m = max(m, v)
		}
	}
	if m == 0 {
		return 1
	}
	return m
}

func (c *Chart) value(s, i int) float64 {
	if i < len(c.Series[s].Values) {
		return c.Series[s].Values[i]
	}
	return 0
}

// HTML returns the chart's SVG followed by its data table, in a <div
// class="chart">.
func (c *Chart) HTML() template.HTML {
	var b strings.Builder
	b.WriteString(`<div class="chart">`)
	b.WriteString(string(c.SVG()))
	b.WriteString(string(c.Table()))
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

// svg collects a drawing's elements, mirroring x for right-to-left.
type svg struct {
	b   strings.Builder
	rtl bool
}

func (d *svg) x(x float64) float64 {
	if d.rtl {
		return width - x
	}
	return x
}

// rect draws a rectangle from x to x+w (before mirroring).
func (d *svg) rect(x, y, w, h float64, attrs string) {
	left := x
	if d.rtl {
		left = width - x - w
	}
	fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" %s/>`, num(left), num(y), num(w), num(h), attrs)
}

// text writes s at x, y; anchor is start or end in the reading direction.
func (d *svg) text(x, y float64, anchor, s string, attrs string) {
	fmt.Fprintf(&d.b, `<text x="%s" y="%s" text-anchor="%s" font-size="%d"%s>%s</text>`,
		num(d.x(x)), num(y), anchor, fontSize, attrs, template.HTMLEscapeString(s))
}

func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// SVG returns the drawing alone.
func (c *Chart) SVG() template.HTML {
	d := &svg{rtl: c.RTL}
	var height float64
	switch c.Kind {
	case Lines:
		height = c.lines(d)
	default:
		height = c.bars(d)
	}
	dir := ""
	if c.RTL {
		dir = ` direction="rtl"`
	}
	head := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="%s-title" viewBox="0 0 %d %s" width="%d" height="%s" font-family="system-ui, sans-serif" fill="#1b1f23"%s>`,
		c.ID, width, num(height), width, num(height), dir)
	title := fmt.Sprintf(`<title id="%s-title">%s</title>`, c.ID, template.HTMLEscapeString(c.Title))
	return template.HTML(head + title + c.defs() + d.b.String() + `</svg>`)
}

// defs are the series' patterns: solid, hatched, dotted, cross-hatched.
func (c *Chart) defs() string {
	if c.Kind != Bars || len(c.Series) < 2 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<defs>")
	for i := range c.Series {
		col := fills[i%len(fills)]
		id := fmt.Sprintf("%s-p%d", c.ID, i)
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, `<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="%s"/></pattern>`, id, col)
		case 1:
			fmt.Fprintf(&b, `<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="%s"/></pattern>`, id, col)
		case 2:
			fmt.Fprintf(&b, `<pattern id="%s" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.8" fill="%s"/></pattern>`, id, col)
		default:
			fmt.Fprintf(&b, `<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffffff"/><rect width="6" height="2" fill="%s"/><rect width="2" height="6" fill="%s"/></pattern>`, id, col, col)
		}
	}
	b.WriteString("</defs>")
	return b.String()
}

// fill is the fill of series i's bars.
func (c *Chart) fill(i int) string {
	if len(c.Series) < 2 {
		return fills[0]
	}
	return fmt.Sprintf("url(#%s-p%d)", c.ID, i)
}

// legend draws the series' names with their swatches from y, and returns
// the y below it.
func (c *Chart) legend(d *svg, y float64) float64 {
	if len(c.Series) < 2 {
		return y
	}
	for i, s := range c.Series {
		if c.Kind == Bars {
			d.rect(0, y+1, 16, 16, fmt.Sprintf(`fill="%s" stroke="%s"`, c.fill(i), fills[i%len(fills)]))
		} else {
			c.marker(d, i, 7, y+7)
			fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"%s/>`,
				num(d.x(0)), num(y+7), num(d.x(14)), num(y+7), fills[i%len(fills)], dash(i))
		}
		d.text(22, y+14, "start", s.Name, "")
		y += 22
	}
	return y + 4
}

// bars draws a row per category: its name, then a bar per series with
// its value after it. It returns the drawing's height.
func (c *Chart) bars(d *svg) float64 {
	y := c.legend(d, 4)
	top := c.max()
	const barH, gap, valueRoom = 16.0, 4.0, 64.0
	span := width - valueRoom
	for i, cat := range c.Categories {
		y += fontSize + 2
		d.text(0, y, "start", cat, ` font-weight="600"`)
		y += 4
		for s := range c.Series {
			v := c.value(s, i)
			w := 0.0
			if top > 0 {
				w = max(0, min(v, top)) / top * span
			}
			if v > 0 && w < 2 {
				w = 2
			}
			d.rect(0, y, w, barH, fmt.Sprintf(`fill="%s" stroke="%s"`, c.fill(s), fills[s%len(fills)]))
			d.text(w+4, y+barH-2, "start", c.format(v), "")
			y += barH + gap
		}
		y += 6
	}
	return y + 2
}

// dash is series i's line dashes.
func dash(i int) string {
	switch i % 3 {
	case 1:
		return ` stroke-dasharray="6 3"`
	case 2:
		return ` stroke-dasharray="2 3"`
	}
	return ""
}

// marker draws series i's point marker at x, y (before mirroring):
// circle, square, triangle, diamond.
func (c *Chart) marker(d *svg, i int, x, y float64) {
	col := fills[i%len(fills)]
	x = d.x(x)
	switch i % 4 {
	case 0:
		fmt.Fprintf(&d.b, `<circle cx="%s" cy="%s" r="4" fill="%s"/>`, num(x), num(y), col)
	case 1:
		fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="8" height="8" fill="%s"/>`, num(x-4), num(y-4), col)
	case 2:
		fmt.Fprintf(&d.b, `<path d="M%s %sL%s %sL%s %sZ" fill="%s"/>`, num(x), num(y-5), num(x+5), num(y+4), num(x-5), num(y+4), col)
	default:
		fmt.Fprintf(&d.b, `<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s"/>`, num(x), num(y-5), num(x+5), num(y), num(x), num(y+5), num(x-5), num(y), col)
	}
}

// lines draws the series over the categories, left to right in reading
// order, on a scale from 0 in round steps. It returns the drawing's
// height.
func (c *Chart) lines(d *svg) float64 {
	y0 := c.legend(d, 4) + 8
	step := niceStep(c.max())
	top := math.Ceil(c.max()/step-1e-9) * step
	const plotH, axisRoom = 150.0, 40.0
	left, right := axisRoom, float64(width-16)
	bottom := y0 + plotH
	for v := 0.0; v <= top+1e-9; v += step {
		y := bottom - plotH*v/top
		fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#c4ccd4" stroke-width="1"/>`,
			num(d.x(left)), num(y), num(d.x(right)), num(y))
		d.text(left-6, y+5, "end", strconv.FormatFloat(v, 'f', -1, 64), ` fill="#4a5560"`)
	}
	n := len(c.Categories)
	at := func(i int) float64 {
		if n < 2 {
			return (left + right) / 2
		}
		return left + 14 + (right-left-40)*float64(i)/float64(n-1)
	}
	for i, cat := range c.Categories {
		d.text(at(i), bottom+fontSize+6, "middle", cat, "")
	}
	for s := range c.Series {
		var run []string
		flush := func() {
			if len(run) > 1 {
				fmt.Fprintf(&d.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"%s/>`,
					strings.Join(run, " "), fills[s%len(fills)], dash(s))
			}
			run = nil
		}
		for i := range c.Categories {
			v := c.value(s, i)
			if c.Gaps && v == 0 {
				flush()
				continue
			}
			run = append(run, num(d.x(at(i)))+","+num(bottom-plotH*min(v, top)/top))
		}
		flush()
		for i := range c.Categories {
			v := c.value(s, i)
			if c.Gaps && v == 0 {
				continue
			}
			y := bottom - plotH*min(v, top)/top
			c.marker(d, s, at(i), y)
			d.text(at(i)+7, y-7, "start", c.format(v), "")
		}
	}
	return bottom + fontSize + 14
}

// niceStep is a round step (1, 2 or 5 times a power of ten) that cuts
// 0…top into at most five parts.
func niceStep(top float64) float64 {
	raw := top / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw-1e-9 {
			return m * mag
		}
	}
	return 10 * mag
}

// Table returns the chart's figures as a table: a row per category, a
// column per series, captioned by the chart's title.
func (c *Chart) Table() template.HTML {
	var b strings.Builder
	e := template.HTMLEscapeString
	fmt.Fprintf(&b, `<div class="table-wrap" role="region" aria-labelledby="%s-caption" tabindex="0"><table><caption id="%s-caption">%s</caption>`,
		c.ID, c.ID, e(c.Title))
	fmt.Fprintf(&b, `<thead><tr><th scope="col">%s</th>`, e(c.CategoryHead))
	for _, s := range c.Series {
		fmt.Fprintf(&b, `<th scope="col">%s</th>`, e(s.Name))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for i, cat := range c.Categories {
		fmt.Fprintf(&b, `<tr><th scope="row">%s</th>`, e(cat))
		for s := range c.Series {
			fmt.Fprintf(&b, `<td>%s</td>`, e(c.format(c.value(s, i))))
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table></div>`)
	return template.HTML(b.String())
}

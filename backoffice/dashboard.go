package backoffice

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/svgchart"
	"github.com/cepaim/senderos/internal/web"
)

// The dashboard (/staff/dashboard) shows the programme's figures for a
// period, a province and a technician: the headline figures and the SMART
// indicators, each chart drawn as SVG beside its table, and every figure
// as CSV. Coordinators and admins choose the technician; a technician sees
// the figures of their own cases only.

// registerDashboardRoutes mounts the dashboard when the back-office has
// an indicator service.
func (s *Server) registerDashboardRoutes(r *mux.Router) {
	if s.indicators == nil {
		return
	}
	r.HandleFunc("/dashboard", s.handleDashboard).Methods(http.MethodGet)
	r.HandleFunc("/dashboard.csv", s.handleDashboardCSV).Methods(http.MethodGet)
}

// dashFigure is one figure: its key in the CSV, its name in the page's
// language, its value as shown.
type dashFigure struct {
	Key, Label, Value string
}

// dashSection is a group of figures with the chart drawn from them.
type dashSection struct {
	ID, Title string
	Figures   []dashFigure
	Chart     template.HTML
}

// dashboardView is what the dashboard page shows.
type dashboardView struct {
	Form                   *caseForm
	Provinces, Technicians []option
	// Own says the figures are the technician's own cases'.
	Own      bool
	Sections []dashSection
	CSVURL   string
}

// dashboardFilter reads the dashboard's filter from the request's query:
// the period, a province and a technician (the logged-in one for a
// technician). It returns the form's values and the problems found.
func (s *Server) dashboardFilter(r *http.Request) (senderos.IndicatorFilter, url.Values, senderos.Problems) {
	st := staffFrom(r.Context())
	q := r.URL.Query()
	v := url.Values{"from": {q.Get("from")}, "to": {q.Get("to")}, "province": {q.Get("province")}, "technician": {q.Get("technician")}}
	pq := parsePeriod(v, s.Now())
	f := senderos.IndicatorFilter{From: pq.From, To: pq.To, Province: v.Get("province")}
	p := pq.Problems
	if f.Province != "" && s.Places != nil && !hasArea(s.Places.Provinces(), f.Province) {
		p.Add("province", senderos.ProblemNotInList)
	}
	if !st.CanSeeAll() {
		f.TechnicianID = st.ID
		v.Set("technician", strconv.FormatInt(st.ID, 10))
	} else if t := v.Get("technician"); t != "" {
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil || id <= 0 {
			p.Add("technician", senderos.ProblemNotInList)
		}
		f.TechnicianID = id
	}
	return f, v, p
}

func hasArea(areas []senderos.Area, code string) bool {
	for _, a := range areas {
		if a.Code == code {
			return true
		}
	}
	return false
}

// handleDashboard shows the figures of the filter, or the filter with
// its problems (422).
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	lang, st := s.staffLang(r), staffFrom(r.Context())
	f, v, p := s.dashboardFilter(r)
	d := &dashboardView{Own: !st.CanSeeAll()}
	if s.Places != nil {
		d.Provinces = append(d.Provinces, option{Value: "", Label: staffText(lang, "indicators.all_provinces")})
		for _, a := range s.Places.Provinces() {
			d.Provinces = append(d.Provinces, option{Value: a.Code, Label: a.Name})
		}
		d.Provinces = markSelected(d.Provinces, v.Get("province"))
	}
	if st.CanSeeAll() {
		names, err := s.staffNames(r)
		if err != nil {
			s.staffError(w, r, err)
			return
		}
		d.Technicians = technicianOptions(lang, names, v.Get("technician"))
	}
	var err error = p
	var dash *senderos.Dashboard
	if len(p) == 0 {
		dash, err = s.indicators.Dashboard(r.Context(), f, s.Now())
	}
	d.Form = periodForm("dashboard", lang, v, err)
	if len(p) > 0 || senderos.ErrorCode(err) == senderos.EINVALID {
		s.renderStaff(w, r, http.StatusUnprocessableEntity, "dashboard", "indicators.title", d)
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	d.Sections = dashboardSections(lang, dash)
	d.CSVURL = "/staff/dashboard.csv?" + v.Encode()
	s.renderStaff(w, r, http.StatusOK, "dashboard", "indicators.title", d)
}

// technicianOptions lists the technicians, for the filter, after "all".
func technicianOptions(lang string, names staffDirectory, current string) []option {
	out := []option{{Value: "", Label: staffText(lang, "indicators.all_technicians")}}
	for _, st := range sortedStaff(names) {
		if st.Role == senderos.RoleTechnician {
			out = append(out, option{Value: strconv.FormatInt(st.ID, 10), Label: st.Name})
		}
	}
	return markSelected(out, current)
}

// handleDashboardCSV writes every figure of the filter as CSV: figure
// key, name, value. It is audited as an export.
func (s *Server) handleDashboardCSV(w http.ResponseWriter, r *http.Request) {
	lang := s.staffLang(r)
	f, _, p := s.dashboardFilter(r)
	detail := dashboardAuditDetail(f)
	if len(p) > 0 {
		s.audit(r, senderos.AuditExport, "dashboard.csv", senderos.OutcomeFailed, detail)
		s.staffError(w, r, web.LocalError(senderos.EINVALID, staffText(lang, "indicators.problem.filter")))
		return
	}
	dash, err := s.indicators.Dashboard(r.Context(), f, s.Now())
	if err != nil {
		s.audit(r, senderos.AuditExport, "dashboard.csv", senderos.OutcomeFailed, detail)
		if senderos.ErrorCode(err) == senderos.EINVALID {
			err = web.LocalError(senderos.EINVALID, staffText(lang, "indicators.problem.filter"))
		}
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditExport, "dashboard.csv", senderos.OutcomeOK, detail)
	rows := [][]string{{"figure", "name", "value"},
		{"period.from", staffText(lang, "indicators.f.from"), f.From.Format("2006-01-02")},
		{"period.to", staffText(lang, "indicators.f.to"), f.To.AddDate(0, 0, -1).Format("2006-01-02")},
		{"province", staffText(lang, "indicators.f.province"), f.Province},
		{"technician", staffText(lang, "indicators.f.technician"), idText(f.TechnicianID)},
	}
	for _, sec := range dashboardSections(lang, dash) {
		for _, fig := range sec.Figures {
			rows = append(rows, []string{fig.Key, fig.Label, csvValue(fig.Value)})
		}
	}
	writeCSV(w, r, s, "dashboard-"+periodFile(f.From, f.To)+".csv", rows)
}

// dashboardAuditDetail names a filter in an audit entry: no personal
// data, only the period, the province's code and the account number.
func dashboardAuditDetail(f senderos.IndicatorFilter) string {
	d := "period " + periodText(f.From, f.To)
	if f.Province != "" {
		d += "; province " + f.Province
	}
	if f.TechnicianID != 0 {
		d += "; technician " + idText(f.TechnicianID)
	}
	return d
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// csvValue is a shown value as the CSV has it: a figure without answers
// ("—") is empty.
func csvValue(v string) string {
	if v == noFigure {
		return ""
	}
	return v
}

// writeCSV writes rows as a CSV download named name, each cell kept from
// being read as a formula.
func writeCSV(w http.ResponseWriter, r *http.Request, s *Server, name string, rows [][]string) {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	for _, row := range rows {
		for i := range row {
			row[i] = csvCell(row[i])
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.logger.Warn("write csv", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
	}
}

// noFigure shows a figure that has nothing to count from (a mean without
// answers).
const noFigure = "—"

// tenths writes a mean in tenths (42) as 4.2; 0, there being no answers,
// as noFigure.
func tenths(n int) string {
	if n == 0 {
		return noFigure
	}
	return fmt.Sprintf("%d.%d", n/10, n%10)
}

// dashboardSections lays out d's figures in lang, with their charts.
func dashboardSections(lang string, d *senderos.Dashboard) []dashSection {
	t := func(key string, args ...any) string { return staffText(lang, key, args...) }
	rtl := lang == "ar"
	fig := func(key string, v string) dashFigure {
		return dashFigure{Key: key, Label: t("indicators." + key), Value: v}
	}
	num := func(key string, n int) dashFigure { return fig(key, nstr(n)) }

	head := dashSection{ID: "headline", Title: t("indicators.section.headline"), Figures: []dashFigure{
		num("families", d.Families), num("people", d.People), num("minors", d.Minors),
		num("job_offers", d.JobOffers), num("placed", d.Placed), num("municipalities", d.Municipalities),
		num("provinces", d.Provinces), num("regions", d.Regions),
	}}

	days := dashSection{ID: "days", Title: t("indicators.section.days"), Figures: []dashFigure{
		num("days_to_contact.n", d.DaysToContact.N), num("days_to_contact.median", d.DaysToContact.Median),
		num("days_to_contact.p90", d.DaysToContact.P90),
		num("days_to_move.n", d.DaysToMove.N), num("days_to_move.median", d.DaysToMove.Median),
		num("days_to_move.p90", d.DaysToMove.P90),
	}}
	days.Chart = (&svgchart.Chart{ID: "chart-days", Kind: svgchart.Bars, RTL: rtl, Title: t("indicators.chart.days"),
		CategoryHead: t("indicators.chart.measure"),
		Categories:   []string{t("indicators.chart.to_contact"), t("indicators.chart.to_move")},
		Series: []svgchart.Series{
			{Name: t("indicators.chart.median"), Values: []float64{float64(d.DaysToContact.Median), float64(d.DaysToMove.Median)}},
			{Name: t("indicators.chart.p90"), Values: []float64{float64(d.DaysToContact.P90), float64(d.DaysToMove.P90)}},
		}}).HTML()

	ratio := func(key string, r senderos.Ratio) []dashFigure {
		return []dashFigure{num(key+".part", r.Part), num(key+".whole", r.Whole), num(key+".percent", r.Percent())}
	}
	keeping := dashSection{ID: "keeping", Title: t("indicators.section.keeping")}
	keeping.Figures = append(append(append(keeping.Figures, ratio("follow_ups_on_time", d.FollowUpsOnTime)...),
		ratio("staying_6", d.Staying6)...), ratio("staying_12", d.Staying12)...)
	percent := func(v float64) string { return strconv.Itoa(int(v)) + "%" }
	keeping.Chart = (&svgchart.Chart{ID: "chart-keeping", Kind: svgchart.Bars, RTL: rtl, Max: 100, Format: percent,
		Title: t("indicators.chart.keeping"), CategoryHead: t("indicators.chart.measure"),
		Categories: []string{t("indicators.chart.on_time"), t("indicators.chart.staying_6"), t("indicators.chart.staying_12")},
		Series: []svgchart.Series{{Name: t("indicators.chart.share"), Values: []float64{
			float64(d.FollowUpsOnTime.Percent()), float64(d.Staying6.Percent()), float64(d.Staying12.Percent())}}},
	}).HTML()

	opinion := dashSection{ID: "opinion", Title: t("indicators.section.opinion")}
	var months []string
	var satisfaction []float64
	answers := make([]svgchart.Series, len(senderos.IntendsToStayList.Terms))
	for i, term := range senderos.IntendsToStayList.Terms {
		answers[i].Name = term.Label.In(lang)
	}
	for _, m := range senderos.DecisionMonths {
		months = append(months, staffTextN(lang, "indicators.month", m))
		satisfaction = append(satisfaction, float64(d.Satisfaction[m])/10)
		opinion.Figures = append(opinion.Figures, dashFigure{Key: "satisfaction." + nstr(m),
			Label: t("indicators.satisfaction_at", staffTextN(lang, "indicators.month", m)), Value: tenths(d.Satisfaction[m])})
	}
	for _, m := range senderos.DecisionMonths {
		for i, term := range senderos.IntendsToStayList.Terms {
			n := d.GoodDecision[m][term.Value]
			answers[i].Values = append(answers[i].Values, float64(n))
			opinion.Figures = append(opinion.Figures, dashFigure{Key: "good_decision." + nstr(m) + "." + term.Value,
				Label: t("indicators.good_decision_at", staffTextN(lang, "indicators.month", m), term.Label.In(lang)), Value: nstr(n)})
		}
	}
	opinion.Chart = (&svgchart.Chart{ID: "chart-satisfaction", Kind: svgchart.Lines, RTL: rtl, Max: 5, Gaps: true,
		Format: func(v float64) string {
			if v == 0 {
				return noFigure
			}
			return strconv.FormatFloat(v, 'f', 1, 64)
		},
		Title: t("indicators.chart.satisfaction"), CategoryHead: t("indicators.chart.when"), Categories: months,
		Series: []svgchart.Series{{Name: t("indicators.chart.mean"), Values: satisfaction}},
	}).HTML() + (&svgchart.Chart{ID: "chart-decision", Kind: svgchart.Bars, RTL: rtl,
		Title: t("indicators.chart.decision"), CategoryHead: t("indicators.chart.when"), Categories: months, Series: answers,
	}).HTML()

	proposals := dashSection{ID: "proposals", Title: t("indicators.section.proposals"), Figures: []dashFigure{
		num("proposals", d.Proposals), num("agreed", d.Agreed), num("declined", d.Declined)}}
	var reasons []string
	var declined []float64
	for _, term := range senderos.DeclineReasonList.Terms {
		n := d.DeclinedBy[term.Value]
		reasons = append(reasons, term.Label.In(lang))
		declined = append(declined, float64(n))
		proposals.Figures = append(proposals.Figures, dashFigure{Key: "declined." + term.Value,
			Label: t("indicators.declined_because", term.Label.In(lang)), Value: nstr(n)})
	}
	proposals.Chart = (&svgchart.Chart{ID: "chart-proposals", Kind: svgchart.Bars, RTL: rtl,
		Title: t("indicators.chart.proposals"), CategoryHead: t("indicators.chart.measure"),
		Categories: []string{t("indicators.proposals"), t("indicators.agreed"), t("indicators.declined")},
		Series:     []svgchart.Series{{Name: t("indicators.chart.count"), Values: []float64{float64(d.Proposals), float64(d.Agreed), float64(d.Declined)}}},
	}).HTML() + (&svgchart.Chart{ID: "chart-declined", Kind: svgchart.Bars, RTL: rtl,
		Title: t("indicators.chart.declined"), CategoryHead: t("indicators.chart.reason"), Categories: reasons,
		Series: []svgchart.Series{{Name: t("indicators.chart.count"), Values: declined}},
	}).HTML()

	return []dashSection{head, days, keeping, opinion, proposals}
}

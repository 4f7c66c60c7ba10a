package backoffice

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/xlsx"
)

// The ESF report (/staff/esf, coordinators and admins) counts a period's
// participants by indicator code and gender, lists the participants whose
// entry is incomplete, and downloads as CSV and as an XLSX workbook. The
// store audits every report it makes as an export, the page's included.

// esfRowView is one indicator's line of the report.
type esfRowView struct {
	Code, Name string
	ByGender   []int // by senderos.Genders
	Total      int
}

// esfTodo is a participant to complete: their reference, what they lack,
// and their case's ESF form.
type esfTodo struct {
	Reference, Missing, Path string
}

// esfReportView is what the report page shows.
type esfReportView struct {
	Form             *caseForm
	Genders          []string
	Rows             []esfRowView
	ToComplete       []esfTodo
	Shown            bool
	CSVURL, XLSXURL  string
	PeriodFrom, Last string
}

// esfReport reads the period from the query and asks the store for its
// report. A bad period gives the form's values and its problems.
func (s *Server) esfReport(r *http.Request) (*senderos.ESFReport, url.Values, error) {
	q := r.URL.Query()
	v := url.Values{"from": {q.Get("from")}, "to": {q.Get("to")}}
	pq := parsePeriod(v, s.Now())
	if len(pq.Problems) > 0 {
		return nil, v, pq.Problems
	}
	rep, err := s.esf.ESFReport(r.Context(), pq.From, pq.To, staffFrom(r.Context()).ID, s.Now())
	return rep, v, err
}

// handleESFReport shows the report of a period, or the period with its
// problems (422).
func (s *Server) handleESFReport(w http.ResponseWriter, r *http.Request) {
	lang := s.staffLang(r)
	rep, v, err := s.esfReport(r)
	d := &esfReportView{Form: periodForm("esf", lang, v, err)}
	for _, g := range senderos.Genders {
		d.Genders = append(d.Genders, staffText(lang, "esf.gender."+g))
	}
	if senderos.ErrorCode(err) == senderos.EINVALID {
		s.renderStaff(w, r, http.StatusUnprocessableEntity, "esf_report", "esf.report.title", d)
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	d.Shown = true
	d.Rows = esfRows(lang, rep)
	for _, p := range rep.ToComplete {
		var missing []string
		for _, m := range p.Missing() {
			missing = append(missing, esfFieldLabel(lang, m))
		}
		d.ToComplete = append(d.ToComplete, esfTodo{Reference: p.Reference, Missing: strings.Join(missing, staffText(lang, "esf.separator")),
			Path: esfPath(p.CaseID) + "#m" + strconv.Itoa(p.Member)})
	}
	d.CSVURL, d.XLSXURL = "/staff/esf.csv?"+v.Encode(), "/staff/esf.xlsx?"+v.Encode()
	// The days are isolated left to right, so that an Arabic caption
	// does not reorder their digits, with hyphens that do not break.
	day := func(s string) string { return "\u2066" + strings.ReplaceAll(s, "-", "\u2011") + "\u2069" }
	d.PeriodFrom, d.Last = day(v.Get("from")), day(v.Get("to"))
	s.renderStaff(w, r, http.StatusOK, "esf_report", "esf.report.title", d)
}

// esfRows are the report's figures with each indicator's name in lang.
func esfRows(lang string, rep *senderos.ESFReport) []esfRowView {
	var out []esfRowView
	for _, row := range rep.Rows {
		rv := esfRowView{Code: row.Code, Name: staffText(lang, "esf.indicator."+row.Code), Total: row.Total}
		for _, g := range senderos.Genders {
			rv.ByGender = append(rv.ByGender, row.ByGender[g])
		}
		out = append(out, rv)
	}
	return out
}

// downloadError answers a download (the file name) whose period is
// wrong, or whose report failed, with an audit entry of the refused
// export; the store audits the reports it makes.
func (s *Server) downloadError(w http.ResponseWriter, r *http.Request, name string, err error) {
	q := r.URL.Query()
	s.audit(r, senderos.AuditExport, name, senderos.OutcomeFailed, "period "+q.Get("from")+"/"+q.Get("to")+": "+senderos.ErrorCode(err))
	if senderos.ErrorCode(err) == senderos.EINVALID {
		err = web.LocalError(senderos.EINVALID, staffText(s.staffLang(r), "indicators.problem.filter"))
	}
	s.staffError(w, r, err)
}

// handleESFReportCSV writes the report as CSV: a header, then a row per
// indicator (code, name, one column per gender, total).
func (s *Server) handleESFReportCSV(w http.ResponseWriter, r *http.Request) {
	lang := s.staffLang(r)
	rep, _, err := s.esfReport(r)
	if err != nil {
		s.downloadError(w, r, "esf.csv", err)
		return
	}
	head := []string{"code", "indicator"}
	head = append(head, senderos.Genders...)
	rows := [][]string{append(head, "total")}
	for _, row := range esfRows(lang, rep) {
		line := []string{row.Code, row.Name}
		for _, n := range row.ByGender {
			line = append(line, nstr(n))
		}
		rows = append(rows, append(line, nstr(row.Total)))
	}
	writeCSV(w, r, s, "esf-"+periodFile(rep.From, rep.To)+".csv", rows)
}

// esfLabels words the workbook in lang.
func esfLabels(lang string) xlsx.Labels {
	t := func(key string) string { return staffText(lang, key) }
	l := xlsx.Labels{Code: t("esf.report.code"), Indicator: t("esf.report.indicator"), Total: t("esf.report.total"),
		Period: t("esf.report.period"), Reference: t("esf.report.reference"), Missing: t("esf.report.missing"),
		Genders: map[string]string{}, Indicators: map[string]string{}}
	for _, g := range senderos.Genders {
		l.Genders[g] = t("esf.gender." + g)
	}
	for _, ind := range senderos.ESFIndicators {
		l.Indicators[ind.Code] = t("esf.indicator." + ind.Code)
	}
	return l
}

// handleESFReportXLSX writes the report as an Excel workbook.
func (s *Server) handleESFReportXLSX(w http.ResponseWriter, r *http.Request) {
	rep, _, err := s.esfReport(r)
	if err != nil {
		s.downloadError(w, r, "esf.xlsx", err)
		return
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, rep, esfLabels(s.staffLang(r))); err != nil {
		s.staffError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="esf-`+periodFile(rep.From, rep.To)+`.xlsx"`)
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

package backoffice

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
)

// dashEnv is a case environment where each of two technicians has opened
// one family's case (the period's default, this year to today, holds
// both).
type dashEnv struct {
	*caseEnv
}

func newDashEnv(t *testing.T) *dashEnv {
	t.Helper()
	e := &dashEnv{newCaseEnv(t)}
	e.openCase()
	other := e.family("Omar Benali", "omar@example.org", "600333444")
	e.assign(other, e.other.Staff)
	for _, st := range []string{"contacted", "interviewed"} {
		res, body := e.other.post(familyPath(other)+"/status", "status", st)
		wantStatus(t, res, http.StatusSeeOther, body)
	}
	res, body := e.other.post(familyPath(other) + "/case")
	wantStatus(t, res, http.StatusSeeOther, body)
	return e
}

// figure returns the value the dashboard page shows for the figure
// labelled label.
func figure(t *testing.T, body, label string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, "<dt>"+label+"</dt><dd>")
	if !ok {
		t.Fatalf("no figure %q on the page", label)
	}
	v, _, _ := strings.Cut(rest, "</dd>")
	return v
}

// TestDashboardRendersInSpanishAndArabic: the dashboard in es and ar, its
// charts drawn as SVG named by their titles, each with its table.
func TestDashboardRendersInSpanishAndArabic(t *testing.T) {
	e := newDashEnv(t)
	for _, tt := range []struct{ lang, dir, title, families string }{
		{"es", "ltr", "Indicadores", "Familias atendidas (casos abiertos)"},
		{"ar", "rtl", "المؤشرات", "العائلات المدعومة (الحالات المفتوحة)"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			res, body := e.coord.b.get("/staff/dashboard?lang=" + tt.lang)
			wantStatus(t, res, http.StatusOK, body)
			wantIn(t, "dashboard", body, `lang="`+tt.lang+`" dir="`+tt.dir+`"`, "<h1>"+tt.title+"</h1>",
				`role="img" aria-labelledby="chart-days-title"`, `<title id="chart-days-title">`,
				`<caption id="chart-days-caption">`, `<caption id="chart-satisfaction-caption">`,
				`<caption id="chart-declined-caption">`, `name="province"`, `name="technician"`, "/staff/dashboard.csv?")
			if got := figure(t, body, tt.families); got != "2" {
				t.Errorf("families = %q, want 2", got)
			}
			if tt.dir == "rtl" && !strings.Contains(body, `direction="rtl"`) {
				t.Error("the charts are not drawn right to left")
			}
		})
	}
}

// TestDashboardBadPeriod: a period that ends before it starts, or in the
// future, answers 422 with the message next to the field, in the page's
// language; its CSV is refused and the refusal audited.
func TestDashboardBadPeriod(t *testing.T) {
	e := newDashEnv(t)
	for _, tt := range []struct{ name, query, want string }{
		{"EndBeforeStart", "from=2026-06-10&to=2026-06-01&lang=es", "El último día es anterior al primero"},
		{"EndBeforeStartInArabic", "from=2026-06-10&to=2026-06-01&lang=ar", "اليوم الأخير قبل اليوم الأول"},
		{"EndInTheFuture", "from=2026-06-10&to=2027-01-01&lang=fr", "La période ne peut pas finir après aujourd’hui."},
		{"NoDate", "from=2026-13-45&lang=es", "Escribe una fecha válida."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := e.coord.b.get("/staff/dashboard?" + tt.query)
			wantStatus(t, res, http.StatusUnprocessableEntity, body)
			wantIn(t, "dashboard", body, tt.want, `class="problem"`, `aria-invalid="true"`, `role="alert"`)
			wantNotIn(t, "dashboard", body, `role="img"`)
		})
	}
	res, body := e.coord.b.get("/staff/dashboard.csv?from=2026-06-10&to=2026-06-01&lang=es")
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	if got := e.audited(senderos.AuditExport, "dashboard.csv"); len(got) != 1 || got[0].Outcome != senderos.OutcomeFailed {
		t.Errorf("refused CSV audited as %+v", got)
	}
}

// TestTechnicianSeesOwnFiguresOnly: a technician's dashboard counts their
// own cases, whatever technician the query asks for, and offers no choice
// of technician; a coordinator's counts everyone's or the one chosen.
func TestTechnicianSeesOwnFiguresOnly(t *testing.T) {
	e := newDashEnv(t)
	const families = "Families supported (cases opened)"
	other := strconv.FormatInt(e.other.ID, 10)
	res, body := e.tech.b.get("/staff/dashboard?technician=" + other)
	wantStatus(t, res, http.StatusOK, body)
	if got := figure(t, body, families); got != "1" {
		t.Errorf("technician sees %s families, want their own 1", got)
	}
	wantNotIn(t, "technician's dashboard", body, `name="technician"`, "Otto Otro")
	wantIn(t, "technician's dashboard", body, "These are the figures of your own cases.")

	_, body = e.tech.b.get("/staff/dashboard.csv?technician=" + other)
	rows := parseCSV(t, body)
	if v := csvFigure(t, rows, "technician"); v != strconv.FormatInt(e.tech.ID, 10) {
		t.Errorf("technician's CSV filtered on %q", v)
	}
	if v := csvFigure(t, rows, "families"); v != "1" {
		t.Errorf("technician's CSV counts %s families", v)
	}

	_, body = e.coord.b.get("/staff/dashboard")
	if got := figure(t, body, families); got != "2" {
		t.Errorf("coordinator sees %s families, want 2", got)
	}
	_, body = e.coord.b.get("/staff/dashboard?technician=" + other)
	if got := figure(t, body, families); got != "1" {
		t.Errorf("coordinator filtering on a technician sees %s families, want 1", got)
	}
	wantIn(t, "coordinator's dashboard", body, `<option value="`+other+`" selected>Otto Otro</option>`)
}

// TestDashboardCSV: every figure, under a header, the download audited as
// an export.
func TestDashboardCSV(t *testing.T) {
	e := newDashEnv(t)
	res, body := e.coord.b.get("/staff/dashboard.csv?province=28")
	wantStatus(t, res, http.StatusOK, body)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type %q", ct)
	}
	rows := parseCSV(t, body)
	if strings.Join(rows[0], ",") != "figure,name,value" {
		t.Errorf("header %q", rows[0])
	}
	for key, want := range map[string]string{"families": "2", "people": "6", "minors": "2", "province": "28",
		"period.from": "2026-01-01", "period.to": "2026-11-27", "proposals": "0", "declined.housing": "0",
		"good_decision.12.yes": "0", "satisfaction.6": "", "follow_ups_on_time.whole": "0"} {
		if got := csvFigure(t, rows, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if got := e.audited(senderos.AuditExport, "dashboard.csv"); len(got) != 1 || got[0].Outcome != senderos.OutcomeOK ||
		!strings.Contains(got[0].Detail, "province 28") {
		t.Errorf("CSV audited as %+v", got)
	}
}

func parseCSV(t *testing.T, body string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%v:\n%s", err, body)
	}
	return rows
}

// csvFigure returns the value of the dashboard CSV's row key.
func csvFigure(t *testing.T, rows [][]string, key string) string {
	t.Helper()
	for _, r := range rows {
		if r[0] == key {
			return r[2]
		}
	}
	t.Fatalf("no row %s", key)
	return ""
}

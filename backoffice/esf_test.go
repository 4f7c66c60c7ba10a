package backoffice

import (
	"bytes"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/xlsx"
)

// esfEnv is a case environment with the family's case opened and its
// household recorded at the interview: two adults and a girl.
type esfEnv struct {
	*caseEnv
	path   string // the case's page
	caseID int64
}

func newESFEnv(t *testing.T) *esfEnv {
	t.Helper()
	e := &esfEnv{caseEnv: newCaseEnv(t)}
	e.path = e.openCase()
	id, _ := strconv.ParseInt(strings.TrimPrefix(e.path, "/staff/cases/"), 10, 64)
	e.caseID = id
	res, body := e.tech.post(e.path+"/interview", "interview_at", e.day(0), "languages", "ar, fr", "spanish_level", "basic",
		"work_permit", "yes", "household.0.name", "Amina", "household.0.age", "34",
		"household.1.name", "Karim", "household.1.age", "38", "household.2.name", "L.", "household.2.age", "7", "household.2.stage", "primary")
	wantStatus(t, res, http.StatusSeeOther, body)
	return e
}

// entry is a complete entry's form values for a participant; more
// adds to or replaces them.
func entry(gender, birth string, more ...string) []string {
	kv := []string{"on", "2026-03-02", "gender", gender, "birth_date", birth, "labour", "unemployed",
		"unemployed_since", "2024-01-15", "education", "isced_0_2", "nationality", "third_country",
		"foreign_background", "yes", "disability", "declined", "minority", "no", "housing_exclusion", "no", "rural", "yes"}
	for i := 0; i+1 < len(more); i += 2 {
		if j := slices.Index(kv, more[i]); j >= 0 && j%2 == 0 {
			kv[j+1] = more[i+1]
		} else {
			kv = append(kv, more[i], more[i+1])
		}
	}
	return kv
}

// stored returns the case's participants as the store has them.
func (e *esfEnv) stored() map[int]*senderos.ESFParticipant {
	e.t.Helper()
	ps, err := e.svc.ESF.FindESF(e.t.Context(), e.caseID, e.coord.ID, e.srv.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[int]*senderos.ESFParticipant{}
	for _, p := range ps {
		out[p.Member] = p
	}
	return out
}

// TestESFFormRendersInSpanishAndArabic: one form per household member,
// linked from the case page; the sensitive items offer "declined to
// answer".
func TestESFFormRendersInSpanishAndArabic(t *testing.T) {
	e := newESFEnv(t)
	_, body := e.coord.b.get(e.path)
	wantIn(t, "case page", body, `href="`+e.path+`/esf"`)
	for _, tt := range []struct{ lang, dir, member, declined string }{
		{"es", "ltr", "Participante 1: Amina, 34 años", "Prefiere no responder"},
		{"ar", "rtl", "المشارك 1: Amina، العمر: 34 سنةً", "فضّل عدم الإجابة"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			res, body := e.coord.b.get(e.path + "/esf?lang=" + tt.lang)
			wantStatus(t, res, http.StatusOK, body)
			wantIn(t, "ESF page", body, `dir="`+tt.dir+`"`, tt.member, tt.declined,
				`action="`+e.path+`/esf/1"`, `action="`+e.path+`/esf/3"`, `id="m3-birth_date"`,
				`name="disability" value="declined"`, `name="minority"`, `name="foreign_background"`, `name="exit.on"`, `name="later.improved"`)
		})
	}
}

// TestESFSensitiveItems: a technician neither sees nor changes the special
// categories, and saving their form keeps what a coordinator recorded.
func TestESFSensitiveItems(t *testing.T) {
	e := newESFEnv(t)
	res, body := e.coord.post(e.path+"/esf/1", entry(senderos.GenderWoman, "1992-05-04", "disability", "yes", "minority", "declined")...)
	wantStatus(t, res, http.StatusSeeOther, body)

	res, body = e.tech.b.get(e.path + "/esf")
	wantStatus(t, res, http.StatusOK, body)
	wantNotIn(t, "technician's ESF page", body, `name="disability"`, `name="minority"`, `name="foreign_background"`)
	wantIn(t, "technician's ESF page", body, `name="housing_exclusion" value="declined"`, `name="labour"`)

	// The technician sends the form with the special categories forged
	// in: they are ignored, and what was recorded stays.
	res, body = e.tech.post(e.path+"/esf/1", entry(senderos.GenderWoman, "1992-05-04", "labour", "employed",
		"disability", "no", "minority", "yes", "foreign_background", "no")...)
	wantStatus(t, res, http.StatusSeeOther, body)
	p := e.stored()[1]
	if p == nil || p.Entry.Labour != senderos.LabourEmployed {
		t.Fatalf("technician's change not saved: %+v", p)
	}
	if p.Entry.Disability != senderos.AnswerYes || p.Entry.Minority != senderos.AnswerDeclined || p.Entry.ForeignBackground != senderos.AnswerYes {
		t.Errorf("sensitive items changed by a technician: %+v", p.Entry)
	}
	if !p.Entry.UnemployedSince.IsZero() {
		t.Error("an employed participant kept a day since unemployed")
	}

	// A technician's first record has no special categories: the report
	// lists it to complete.
	res, body = e.tech.post(e.path+"/esf/2", entry(senderos.GenderMan, "1988-02-01", "disability", "yes")...)
	wantStatus(t, res, http.StatusSeeOther, body)
	if q := e.stored()[2]; q == nil || q.Entry.Disability != "" || q.Entry.ForeignBackground != "" {
		t.Errorf("a technician recorded special categories: %+v", q)
	}

	// Someone else's technician does not get to the page at all.
	res, body = e.other.b.get(e.path + "/esf")
	wantStatus(t, res, http.StatusNotFound, body)
}

// TestESFBadInput: problems are shown next to their fields, with the
// summary, and nothing is stored.
func TestESFBadInput(t *testing.T) {
	e := newESFEnv(t)
	for _, tt := range []struct {
		name  string
		kv    []string
		field string // the problem's id
		want  string
	}{
		{"BirthInTheFuture", entry(senderos.GenderWoman, "2030-01-01"), "m2-birth_date", "Esta fecha todavía no ha llegado."},
		{"NoDate", entry(senderos.GenderWoman, "1990-02-31"), "m2-birth_date", "Escribe una fecha válida."},
		{"UnknownGender", entry("other", "1990-01-01"), "m2-gender", "Elige una opción de la lista."},
		{"ExitBeforeEntry", entry(senderos.GenderWoman, "1990-01-01", "exit.on", "2026-01-10", "exit.employed", "yes"),
			"m2-exit-on", "Esta fecha es anterior a: Día de entrada."},
		{"ResultsWithoutExitDay", entry(senderos.GenderWoman, "1990-01-01", "exit.employed", "yes"), "m2-exit-on", "Rellena este campo."},
		{"LaterWithoutExit", entry(senderos.GenderWoman, "1990-01-01", "later.on", "2026-10-01"), "m2-later-on", "Esta fecha es anterior a: Día de salida."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := e.coord.post(e.path+"/esf/2?lang=es", tt.kv...)
			wantStatus(t, res, http.StatusUnprocessableEntity, body)
			wantIn(t, "ESF form", body, `<span class="problem" id="`+tt.field+`-problem">`+tt.want+`</span>`,
				`href="#`+tt.field+`"`, `role="alert"`)
			if len(e.stored()) != 0 {
				t.Error("a form with problems was stored")
			}
		})
	}
}

var esfReportRow = regexp.MustCompile(`<tr><th scope="row"><span class="code" dir="ltr">(EEC[OR][0-9]{2})</span> [^<]+</th><td>([0-9]+)</td><td>([0-9]+)</td><td>([0-9]+)</td><td>([0-9]+)</td></tr>`)

// TestESFReport: the report's figures by code and gender, the participant
// to complete linked to their form, the CSV and the workbook (read back)
// with the page's figures, each report audited; technicians get none.
func TestESFReport(t *testing.T) {
	e := newESFEnv(t)
	for member, kv := range map[int][]string{
		1: entry(senderos.GenderWoman, "1992-05-04", "exit.on", "2026-09-01", "exit.employed", "yes"),
		2: entry(senderos.GenderMan, "1970-02-01", "labour", "inactive", "disability", "yes"),
		3: {"on", "2026-04-01", "gender", senderos.GenderNonBinary, "birth_date", "2019-06-01"},
	} {
		res, body := e.coord.post(e.path+"/esf/"+strconv.Itoa(member), kv...)
		wantStatus(t, res, http.StatusSeeOther, body)
	}
	const period = "from=2026-01-01&to=2026-11-27"
	res, body := e.coord.b.get("/staff/esf?lang=es&" + period)
	wantStatus(t, res, http.StatusOK, body)
	page := map[string][]int{}
	for _, m := range esfReportRow.FindAllStringSubmatch(body, -1) {
		for _, n := range m[2:] {
			v, _ := strconv.Atoi(n)
			page[m[1]] = append(page[m[1]], v)
		}
	}
	if len(page) != len(senderos.ESFIndicators) {
		t.Fatalf("the page shows %d indicators, want %d:\n%s", len(page), len(senderos.ESFIndicators), body)
	}
	for code, want := range map[string][]int{
		"EECO01": {1, 1, 0, 2}, "EECO02": {1, 0, 0, 1}, "EECO03": {1, 0, 0, 1}, "EECO04": {0, 1, 0, 1},
		"EECO08": {0, 1, 0, 1}, "EECO12": {0, 1, 0, 1}, "EECO14": {1, 1, 0, 2}, "EECR04": {1, 0, 0, 1}, "EECR05": {0, 0, 0, 0},
	} {
		if !slices.Equal(page[code], want) {
			t.Errorf("%s = %v, want %v", code, page[code], want)
		}
	}
	ref := e.fam.Reference + "-3"
	wantIn(t, "report", body, "Número total de participantes", "Mujeres", "Personas no binarias",
		`<a href="`+e.path+`/esf#m3" dir="ltr">`+ref+`</a>`, "Situación laboral, Nivel de estudios (CINE), Nacionalidad",
		`href="/staff/esf.csv?from=2026-01-01&amp;to=2026-11-27"`, `href="/staff/esf.xlsx?from=2026-01-01&amp;to=2026-11-27"`)
	reports := len(e.audited("esf.report", ""))

	res, body = e.coord.b.get("/staff/esf.xlsx?" + period)
	wantStatus(t, res, http.StatusOK, body)
	book, err := xlsx.Read(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(book) != len(page) {
		t.Errorf("the workbook has %d indicators, the page %d", len(book), len(page))
	}
	for code, want := range page {
		if !slices.Equal(book[code], want) {
			t.Errorf("workbook %s = %v, page %v", code, book[code], want)
		}
	}

	res, body = e.coord.b.get("/staff/esf.csv?lang=en&" + period)
	wantStatus(t, res, http.StatusOK, body)
	rows := parseCSV(t, body)
	if got := strings.Join(rows[0], ","); got != "code,indicator,woman,man,non_binary,total" {
		t.Errorf("CSV header %q", got)
	}
	if len(rows) != 1+len(senderos.ESFIndicators) {
		t.Errorf("CSV has %d rows, want a header and %d indicators", len(rows), len(senderos.ESFIndicators))
	}
	for _, r := range rows[1:] {
		var ns []int
		for _, c := range r[2:] {
			n, _ := strconv.Atoi(c)
			ns = append(ns, n)
		}
		if !slices.Equal(ns, page[r[0]]) {
			t.Errorf("CSV %s = %v, page %v", r[0], ns, page[r[0]])
		}
	}
	if rows[1][1] != "Total number of participants" {
		t.Errorf("CSV names EECO01 %q", rows[1][1])
	}
	if got := len(e.audited("esf.report", "")); got != reports+2 {
		t.Errorf("the two downloads made %d audit entries, want 2", got-reports)
	}

	for _, path := range []string{"/staff/esf", "/staff/esf.csv", "/staff/esf.xlsx"} {
		res, body = e.tech.b.get(path)
		wantStatus(t, res, http.StatusForbidden, body)
	}
}

// TestESFReportBadPeriod: a clear message in the page's language, and no
// download.
func TestESFReportBadPeriod(t *testing.T) {
	e := newESFEnv(t)
	res, body := e.coord.b.get("/staff/esf?lang=ar&from=2026-06-10&to=2026-06-01")
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	wantIn(t, "report", body, "اليوم الأخير قبل اليوم الأول", `id="to-problem"`)
	wantNotIn(t, "report", body, "esf.xlsx")
	res, body = e.coord.b.get("/staff/esf?lang=es&from=2026-01-01&to=2026-12-31")
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	wantIn(t, "report", body, "El periodo no puede terminar después de hoy.")
	res, body = e.coord.b.get("/staff/esf.xlsx?from=2026-06-10&to=2026-06-01")
	wantStatus(t, res, http.StatusUnprocessableEntity, body)
	if got := e.audited(senderos.AuditExport, "esf.xlsx"); len(got) != 1 || got[0].Outcome != senderos.OutcomeFailed {
		t.Errorf("refused workbook audited as %+v", got)
	}
}

// TestESFIndicatorsAreNamed: every indicator the domain counts has its name
// in each language, and the workbook's labels carry them.
func TestESFIndicatorsAreNamed(t *testing.T) {
	for _, lang := range senderos.Languages {
		l := esfLabels(lang)
		for _, ind := range senderos.ESFIndicators {
			key := "esf.indicator." + ind.Code
			if got := staffText(lang, key); got == key || got == "" || l.Indicators[ind.Code] != got {
				t.Errorf("%s in %s: %q", ind.Code, lang, got)
			}
		}
		for _, g := range senderos.Genders {
			if l.Genders[g] == "" || l.Genders[g] == "esf.gender."+g {
				t.Errorf("gender %s in %s: %q", g, lang, l.Genders[g])
			}
		}
	}
}

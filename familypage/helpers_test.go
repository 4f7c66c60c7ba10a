package familypage

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/webtest"
)

// env is a family page on a fresh database, with one family's case.
type env struct {
	t      *testing.T
	srv    *Server
	svc    webtest.Services
	cases  senderos.CaseService
	family senderos.FamilyService
	ts     *httptest.Server
	c      *senderos.Case
	tech   *senderos.Staff
}

func newEnv(t *testing.T) *env {
	t.Helper()
	svc := webtest.OpenSQLite(t)
	srv, err := NewServer(Config{Family: svc.Families, Cases: svc.Cases, Submissions: svc.Submissions, Staff: svc.Staff,
		Audit: svc.Audit, FormKey: webtest.FormKey(), Logger: svc.Logger(), Now: svc.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: srv, svc: svc, cases: svc.Cases, family: svc.Families}
	e.ts = httptest.NewServer(srv)
	t.Cleanup(e.ts.Close)
	e.c = e.newCase("ar")
	return e
}

// newCase stores an interviewed family that filled its form in lang,
// assigned to a technician, with an agreed plan, a planned visit, a task,
// and a move two weeks before a month ago, so that the 1-month follow-up
// is due.
func (e *env) newCase(lang string) *senderos.Case {
	t, ctx := e.t, e.t.Context()
	t.Helper()
	if e.tech == nil {
		e.tech = &senderos.Staff{Email: "lucia@cepaim.example", Name: "Lucía Fernández Gil", Role: senderos.RoleTechnician,
			Lang: "es", PasswordHash: "x", TOTPSecret: []byte("12345678901234567890")}
		if err := e.svc.Staff.CreateStaff(ctx, e.tech); err != nil {
			t.Fatal(err)
		}
	}
	sub := &senderos.Submission{Kind: senderos.KindInterest, Lang: lang,
		Consent: senderos.Consent{PrivacyVersion: "2026-11", Lang: lang, At: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		Interest: &senderos.Interest{
			Adults: 2, Languages: []string{"ar"}, SpanishLevel: "basic", City: "Madrid", Province: "28",
			Sectors: []string{"agriculture"}, Regions: []string{"02"}, Bedrooms: 3, MoveWhen: "asap",
			Contact: senderos.Contact{Name: "Amina Benali", Phone: "600111222", Email: "amina@example.org", Language: lang, Channel: "whatsapp"},
		}}
	if _, err := e.svc.Submissions.CreateSubmission(ctx, sub); err != nil {
		t.Fatal(err)
	}
	for _, st := range []senderos.Status{senderos.StatusContacted, senderos.StatusInterviewed} {
		if _, err := e.svc.Submissions.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: sub.ID, By: e.tech.ID, Status: st, AssigneeID: e.tech.ID}); err != nil {
			t.Fatal(err)
		}
	}
	now := e.svc.Clock.Now()
	c, err := e.cases.OpenCase(ctx, sub.ID, e.tech.ID, now.AddDate(0, -2, 0))
	if err != nil {
		t.Fatal(err)
	}
	rev, err := e.cases.ReviseItinerary(ctx, &senderos.Revision{CaseID: c.ID, By: e.tech.ID, Why: "first plan",
		Goals: []senderos.Goal{
			{Number: 1, Phase: senderos.PhasePreparation, Area: "spanish", What: "Curso de español A2", Target: "Aprobar el A2",
				Measure: "Certificado", Due: now.AddDate(0, 2, 0), Responsible: "family", Status: senderos.GoalInProgress},
			{Number: 2, Phase: senderos.PhaseSettlingIn, Area: "employment", What: "Trabajo en la almazara", Target: "Contrato de 6 meses",
				Measure: "Contrato", Due: now.AddDate(0, 4, 0), Responsible: "technician", Status: senderos.GoalPlanned},
		},
		Tasks: []senderos.Task{{Number: 1, Phase: senderos.PhasePreparation, What: "Empadronarse en el pueblo", Owner: "family", Due: now.AddDate(0, 0, 10)}},
	}, 0, now.AddDate(0, -1, -20))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.cases.RecordAgreement(ctx, &senderos.Agreement{RevisionID: rev.ID, On: now.AddDate(0, -1, -19),
		How: senderos.AgreedInPerson, RecordedBy: e.tech.ID}, now); err != nil {
		t.Fatal(err)
	}
	if err := e.cases.AddVisit(ctx, &senderos.Visit{CaseID: c.ID, Kind: senderos.VisitHome, On: now.AddDate(0, 0, 5),
		Place: "Casa de la familia", RecordedBy: e.tech.ID}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := e.cases.MarkMoved(ctx, c.ID, e.tech.ID, now.AddDate(0, -1, -14), "44013", senderos.DefaultSchedule, now); err != nil {
		t.Fatal(err)
	}
	return c
}

// link makes a link to c valid for a year and returns its path.
func (e *env) link(c *senderos.Case) (*senderos.FamilyLink, string) {
	e.t.Helper()
	now := e.svc.Clock.Now()
	l, token, err := e.family.CreateFamilyLink(e.t.Context(), c.ID, e.tech.ID, now, now.AddDate(1, 0, 0))
	if err != nil {
		e.t.Fatal(err)
	}
	return l, "/family/" + token
}

var client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (e *env) do(req *http.Request) (*http.Response, string) {
	e.t.Helper()
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res, string(b)
}

func (e *env) get(path string, header ...string) (*http.Response, string) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.do(req)
}

func (e *env) post(path string, form url.Values) (*http.Response, string) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(req)
}

// csrf returns the feedback form's token on page body.
func csrf(t *testing.T, body string) string {
	t.Helper()
	const mark = `name="csrf" value="`
	i := strings.Index(body, mark)
	if i < 0 {
		t.Fatal("no csrf field on the page")
	}
	rest := body[i+len(mark):]
	return rest[:strings.IndexByte(rest, '"')]
}

func (e *env) feedback(c *senderos.Case) []*senderos.Feedback {
	e.t.Helper()
	got, err := e.family.FindFeedback(e.t.Context(), c.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

func (e *env) audited(action string) []*senderos.AuditEntry {
	e.t.Helper()
	got, err := e.svc.Audit.FindAudit(e.t.Context(), senderos.AuditFilter{Action: action, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

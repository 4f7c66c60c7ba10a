package villagepage

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
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
	"github.com/cepaim/senderos/store/storetest"
)

// env is a village page on a fresh SQLite database with two approved
// municipalities, an open job offer and a home in the first, a job offer in
// the second, and a waiting family proposed the first's job and home.
type env struct {
	t        *testing.T
	svc      webtest.Services
	offers   *sqldb.OfferService
	matches  *sqldb.MatchService
	villages *sqldb.VillageService
	ts       *httptest.Server
	staff    *senderos.Staff

	job, otherJob *senderos.Job
	home          *senderos.Home
	proposal      *senderos.Proposal
	path          string // the first village's page
}

func newEnv(t *testing.T) *env {
	t.Helper()
	svc := webtest.OpenSQLite(t)
	db, err := sqlite.Open(svc.DBPath, storetest.Keys())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, svc: svc, offers: sqldb.NewOfferService(db), matches: sqldb.NewMatchService(db),
		villages: sqldb.NewVillageService(db)}
	srv, err := NewServer(Config{Villages: e.villages, Offers: e.offers, Matches: e.matches, Audit: svc.Audit,
		FormKey: webtest.FormKey(), Logger: svc.Logger(), Now: svc.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.ts = httptest.NewServer(srv)
	t.Cleanup(e.ts.Close)

	ctx, now := t.Context(), svc.Clock.Now()
	e.staff = &senderos.Staff{Email: "coord@cepaim.example", Name: "Marta Coordinadora", Role: senderos.RoleCoordinator,
		Lang: "es", PasswordHash: "x", TOTPSecret: []byte("12345678901234567890")}
	if err := svc.Staff.CreateStaff(ctx, e.staff); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"44013", "22001"} {
		m := webtest.Municipality(code)
		if _, err := svc.Submissions.CreateSubmission(ctx, m); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Profiles.ApproveMunicipality(ctx, senderos.Approval{SubmissionID: m.ID, StaffID: e.staff.ID, Actor: e.staff.Email}); err != nil {
			t.Fatal(err)
		}
	}
	e.job = e.newJob("44013", "Recogida de aceituna")
	e.otherJob = e.newJob("22001", "Pastoreo en el Pirineo")
	e.home = &senderos.Home{Municipality: "44013", Bedrooms: 3, Rent: 350, AvailableFrom: now.AddDate(0, 0, 20),
		Furnished: true, Status: senderos.OfferOpen}
	if err := e.offers.CreateHome(ctx, e.home, e.staff.ID, now); err != nil {
		t.Fatal(err)
	}
	c := e.waitingCase()
	e.proposal = &senderos.Proposal{CaseID: c.ID, JobID: e.job.ID, HomeID: e.home.ID, By: e.staff.ID,
		Deadline: now.AddDate(0, 0, senderos.DefaultProposalDays)}
	if err := e.matches.Propose(ctx, e.proposal, now); err != nil {
		t.Fatal(err)
	}
	e.path = e.link("44013")
	return e
}

func (e *env) newJob(code, tasks string) *senderos.Job {
	e.t.Helper()
	now := e.svc.Clock.Now()
	j := &senderos.Job{Municipality: code, Employer: "Cooperativa " + code, Sector: "agriculture", Tasks: tasks,
		Contract: senderos.ContractSeasonal, HoursWeek: 40, Start: now.AddDate(0, 1, 0), PayMin: 1200, PayMax: 1400,
		Vacancies: 2, Status: senderos.OfferOpen, Contact: senderos.Contact{Name: "Pedro Encargado", Phone: "978111222"}}
	if err := e.offers.CreateJob(e.t.Context(), j, e.staff.ID, now); err != nil {
		e.t.Fatal(err)
	}
	return j
}

// link makes a link to code's page and returns its path.
func (e *env) link(code string) string {
	e.t.Helper()
	now := e.svc.Clock.Now()
	_, token, err := e.villages.CreateVillageLink(e.t.Context(), code, e.staff.ID, now, now.Add(senderos.VillageLinkLifetime))
	if err != nil {
		e.t.Fatal(err)
	}
	return "/village/" + token
}

// waitingCase stores an interviewed family with an open case.
func (e *env) waitingCase() *senderos.Case {
	t, ctx := e.t, e.t.Context()
	t.Helper()
	sub := &senderos.Submission{Kind: senderos.KindInterest, Lang: "ar",
		Consent: senderos.Consent{PrivacyVersion: "2026-11", Lang: "ar", At: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		Interest: &senderos.Interest{
			Adults: 2, Languages: []string{"ar"}, SpanishLevel: "basic", City: "Madrid", Province: "28",
			Sectors: []string{"agriculture"}, Regions: []string{"02"}, Bedrooms: 3, MoveWhen: "asap",
			Contact: senderos.Contact{Name: "Karim Haddad", Phone: "600333444", Language: "ar", Channel: "whatsapp"},
		}}
	if _, err := e.svc.Submissions.CreateSubmission(ctx, sub); err != nil {
		t.Fatal(err)
	}
	for _, st := range []senderos.Status{senderos.StatusContacted, senderos.StatusInterviewed} {
		if _, err := e.svc.Submissions.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: sub.ID, By: e.staff.ID, Status: st, AssigneeID: e.staff.ID}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := e.svc.Cases.OpenCase(ctx, sub.ID, e.staff.ID, e.svc.Clock.Now().AddDate(0, -1, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c
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

func (e *env) get(path string) (*http.Response, string) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	return e.do(req)
}

// post sends form to action under the page at path, with the page's
// token unless the form has one.
func (e *env) post(path, action string, form url.Values) (*http.Response, string) {
	e.t.Helper()
	if form.Get("csrf") == "" {
		_, body := e.get(path)
		form.Set("csrf", csrf(e.t, body))
	}
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path+"/"+action, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(req)
}

// csrf returns the forms' token on page body.
func csrf(t *testing.T, body string) string {
	t.Helper()
	const mark = `name="csrf" value="`
	i := strings.Index(body, mark)
	if i < 0 {
		t.Fatalf("no csrf field on the page:\n%.2000s", body)
	}
	rest := body[i+len(mark):]
	return rest[:strings.IndexByte(rest, '"')]
}

func (e *env) changes(code string) []*senderos.VillageChange {
	e.t.Helper()
	cs, err := e.villages.FindChanges(e.t.Context(), code)
	if err != nil {
		e.t.Fatal(err)
	}
	return cs
}

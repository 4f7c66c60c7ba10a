package backoffice

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/atlas"
)

// recordsEnv is a back-office on a fresh database with the official list
// of places, for the records' tests.
type recordsEnv struct {
	t   *testing.T
	srv *Server
	svc services
}

func newRecordsEnv(t *testing.T, configure ...func(*Config)) *recordsEnv {
	t.Helper()
	configure = append([]func(*Config){func(c *Config) { c.Places = atlas.Places{} }}, configure...)
	srv, svc := newStaffServer(t, configure...)
	return &recordsEnv{t: t, srv: srv, svc: svc}
}

// member is a logged-in staff member with their own browser.
type member struct {
	*senderos.Staff
	b    *browser
	csrf string
}

// login stores an account with role and name and logs it in, in English.
func (e *recordsEnv) login(role senderos.Role, name string) *member {
	e.t.Helper()
	st := &senderos.Staff{Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@cepaim.example",
		Name: name, Role: role, Lang: "en"}
	c := mustLogin(e.t, e.srv, st)
	b := newBrowser(e.t, e.srv)
	b.setCookie(c)
	return &member{Staff: st, b: b, csrf: csrfOf(e.t, e.srv, c)}
}

// post sends a back-office form with the member's CSRF token.
func (m *member) post(path string, kv ...string) (*http.Response, string) {
	m.b.t.Helper()
	form := url.Values{"csrf": {m.csrf}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Add(kv[i], kv[i+1])
	}
	return m.b.post(path, form)
}

// family stores a family's submission; change adjusts it first.
func (e *recordsEnv) family(name, email, phone string, change ...func(*senderos.Interest)) *senderos.Submission {
	e.t.Helper()
	i := &senderos.Interest{
		Adults: 2, Children: []senderos.Child{{Age: 7, Stage: "primary"}}, Languages: []string{"ar", "fr"},
		SpanishLevel: "basic", City: "Madrid", Province: "28", Sectors: []string{"agriculture"},
		Skills: "Poda de olivos", DrivingLicence: true, Regions: []string{"02"}, Bedrooms: 3, NeedsSchool: true,
		MoveWhen: "asap", Contact: senderos.Contact{Name: name, Phone: phone, Email: email, Language: "ar", Channel: "phone"},
	}
	for _, f := range change {
		f(i)
	}
	s := &senderos.Submission{Kind: senderos.KindInterest, Lang: "es", Interest: i,
		Consent: senderos.Consent{PrivacyVersion: "2026-11", Lang: "es", At: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}}
	if _, err := e.svc.Submissions.CreateSubmission(e.t.Context(), s); err != nil {
		e.t.Fatal(err)
	}
	return s
}

// assign assigns sub to st, as a coordinator would.
func (e *recordsEnv) assign(sub *senderos.Submission, st *senderos.Staff) {
	e.t.Helper()
	if _, err := e.svc.Submissions.UpdateSubmission(e.t.Context(), senderos.SubmissionUpdate{ID: sub.ID, By: st.ID, AssigneeID: st.ID}); err != nil {
		e.t.Fatal(err)
	}
}

// audited returns the audit entries with action and target.
func (e *recordsEnv) audited(action, target string) []*senderos.AuditEntry {
	e.t.Helper()
	entries, err := e.svc.Audit.FindAudit(e.t.Context(), senderos.AuditFilter{Action: action, Target: target, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	return entries
}

func familyPath(s *senderos.Submission) string {
	return "/staff/families/" + strconv.FormatInt(s.ID, 10)
}

// wantStatus fails unless res has status.
func wantStatus(t *testing.T, res *http.Response, status int, body string) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("got %d, want %d:\n%.2000s", res.StatusCode, status, body)
	}
}

// wantIn and wantNotIn check a page for each of refs.
func wantIn(t *testing.T, what, body string, refs ...string) {
	t.Helper()
	for _, r := range refs {
		if !strings.Contains(body, r) {
			t.Errorf("%s: %q missing", what, r)
		}
	}
}

func wantNotIn(t *testing.T, what, body string, refs ...string) {
	t.Helper()
	for _, r := range refs {
		if strings.Contains(body, r) {
			t.Errorf("%s: %q shown", what, r)
		}
	}
}

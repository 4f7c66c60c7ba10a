package backoffice

import (
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/webtest"
)

// services are the stores a back-office test server runs on.
type services = webtest.Services

// newStaffServer returns a Server with the back-office on a SQLite
// database in a temporary folder, every back-office service set.
func newStaffServer(t *testing.T, configure ...func(*Config)) (*Server, services) {
	t.Helper()
	svc := webtest.OpenSQLite(t)
	return webtest.MustNew(t, NewServer, Config{
		Logger: svc.Logger(), Submissions: svc.Submissions,
		Staff: svc.Staff, Sessions: svc.Sessions, Audit: svc.Audit, Profiles: svc.Profiles,
		Cases: svc.Cases, Warnings: svc.Warnings, Families: svc.Families,
		Indicators: svc.Indicators, ESF: svc.ESF,
		FormKey: webtest.FormKey(), Now: svc.Clock.Now,
	}, configure...), svc
}

// testPassword is the password of accounts made by mustStaff.
const testPassword = "olive tractor window seventeen"

// mustStaff stores a ready account with role, the password testPassword
// and a fresh TOTP secret.
func mustStaff(t *testing.T, srv *Server, role senderos.Role, email string) *senderos.Staff {
	t.Helper()
	hash, err := hashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	secret := make([]byte, 20)
	rand.Read(secret)
	st := &senderos.Staff{
		Email: email, Name: "Test " + string(role), Role: role, Lang: "en",
		PasswordHash: hash, TOTPSecret: secret,
	}
	if err := srv.staff.CreateStaff(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	return st
}

// mustLogin creates a session for st straight in the store (storing st
// first, ready, when it has no ID) and returns its cookie.
func mustLogin(t *testing.T, srv *Server, st *senderos.Staff) *http.Cookie {
	t.Helper()
	if st.ID == 0 {
		if st.Email == "" {
			st.Email = rand.Text()[:10] + "@example.org"
		}
		if st.Name == "" {
			st.Name = "Test"
		}
		if st.Role == "" {
			st.Role = senderos.RoleTechnician
		}
		if st.PasswordHash == "" {
			st.PasswordHash = "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5"
		}
		if len(st.TOTPSecret) == 0 {
			st.TOTPSecret = []byte("12345678901234567890")
		}
		if err := srv.staff.CreateStaff(t.Context(), st); err != nil {
			t.Fatal(err)
		}
	}
	token := rand.Text()
	now := srv.Now()
	se := &senderos.Session{TokenHash: hashToken(token), StaffID: st.ID, CSRFToken: rand.Text(), CreatedAt: now, LastSeenAt: now}
	if err := srv.sessions.CreateSession(t.Context(), se); err != nil {
		t.Fatal(err)
	}
	return &http.Cookie{Name: sessionCookie, Value: token}
}

// csrfOf returns the CSRF token of the session whose cookie is c.
func csrfOf(t *testing.T, srv *Server, c *http.Cookie) string {
	t.Helper()
	se, err := srv.sessions.FindSession(t.Context(), hashToken(c.Value))
	if err != nil {
		t.Fatal(err)
	}
	return se.CSRFToken
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, against a test server running srv.
type browser struct {
	t      *testing.T
	base   *url.URL
	client *http.Client
}

func newBrowser(t *testing.T, srv *Server) *browser {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(ts.URL)
	return &browser{t: t, base: u, client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// setCookie puts c in the browser's jar.
func (b *browser) setCookie(c *http.Cookie) {
	c.Path = "/staff"
	b.client.Jar.SetCookies(b.base, []*http.Cookie{c})
}

// cookie returns the value of the named cookie sent to path.
func (b *browser) cookie(path, name string) string {
	for _, c := range b.client.Jar.Cookies(b.base.ResolveReference(&url.URL{Path: path})) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return res, string(body)
}

func (b *browser) get(path string, header ...string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base.String()+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.base.String()+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf returns the CSRF token of the forms on the page at path.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	_, body := b.get(path)
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

// wantRedirect fails unless res is a 303 to location.
func wantRedirect(t *testing.T, res *http.Response, location string) {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != location {
		t.Fatalf("got %d to %q, want 303 to %q", res.StatusCode, res.Header.Get("Location"), location)
	}
}

func fmtPath(format string, args ...any) string {
	return fmt.Sprintf(format, args...)
}

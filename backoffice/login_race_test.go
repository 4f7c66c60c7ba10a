package backoffice

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/webtest"
	"github.com/cepaim/senderos/store/postgres"
	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

// onEngine returns the configuration that puts the back-office's stores on
// engine: SQLite (newStaffServer's own) or PostgreSQL, in a schema of the
// test's own; the PostgreSQL case skips without SENDEROS_TEST_POSTGRES.
func onEngine(t *testing.T, engine string) func(*Config) {
	t.Helper()
	if engine == "sqlite" {
		return func(*Config) {}
	}
	db, err := postgres.Open(context.Background(), pgtest.Schema(t), storetest.Keys())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return func(c *Config) {
		c.Submissions = sqldb.NewSubmissionService(db)
		c.Staff, c.Sessions = sqldb.NewStaffService(db), sqldb.NewSessionService(db)
		c.Audit, c.Profiles = sqldb.NewAuditService(db), sqldb.NewProfileService(db)
	}
}

// forEachEngine runs test on a back-office server on each engine.
func forEachEngine(t *testing.T, test func(t *testing.T, srv *Server, clock *webtest.Clock)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			var clock *webtest.Clock
			srv, svc := newStaffServer(t, onEngine(t, engine), func(c *Config) { c.TrustedProxies = 1 })
			clock = svc.Clock
			test(t, srv, clock)
		})
	}
}

// postLogin posts the login form for email and password to ts from the
// loopback address, and returns the status.
func postLogin(t *testing.T, ts *httptest.Server, email, password string) int {
	res, err := ts.Client().PostForm(ts.URL+"/staff/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Error(err)
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// TestLoginConcurrentFailures races wrong passwords against each other and
// against the right one: every failure counts, and the right password is
// refused once the lock applies.
func TestLoginConcurrentFailures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, srv *Server, clock *webtest.Clock) {
		// The throttles and the queue's bound would refuse most of the burst.
		srv.login.perAddr, srv.login.perPair, srv.login.queue = nil, nil, 64
		st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		ts := httptest.NewServer(srv)
		defer ts.Close()
		ts.Client().CheckRedirect = noRedirects

		const n = 30
		var wg sync.WaitGroup
		var answered atomic.Int64
		lockApplies := make(chan struct{})
		statuses := make(chan int, n)
		for range n {
			wg.Go(func() {
				statuses <- postLogin(t, ts, st.Email, "not the password")
				if answered.Add(1) == senderos.LoginLockFrom {
					close(lockApplies)
				}
			})
		}
		// In the same burst, once LoginLockFrom failures have been
		// answered (so counted), the right password.
		var right int
		wg.Go(func() {
			<-lockApplies
			right = postLogin(t, ts, st.Email, testPassword)
		})
		wg.Wait()
		close(statuses)
		for s := range statuses {
			if s != http.StatusUnauthorized {
				t.Errorf("a wrong password got %d", s)
			}
		}
		if right != http.StatusUnauthorized {
			t.Errorf("the right password, sent once %d failures were answered, got %d", senderos.LoginLockFrom, right)
		}
		got, err := srv.staff.FindStaffByID(t.Context(), st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FailedLogins != n {
			t.Errorf("FailedLogins = %d after %d concurrent wrong passwords", got.FailedLogins, n)
		}
		if want := clock.Now().Add(senderos.LoginLockMax); !got.LockedUntil.Equal(want) {
			t.Errorf("locked until %v, want %v", got.LockedUntil, want)
		}
		if s := postLogin(t, ts, st.Email, testPassword); s != http.StatusUnauthorized {
			t.Errorf("the right password after the burst: %d", s)
		}
	})
}

// TestLoginCodeOnce posts one TOTP code 8 times at once: one session.
func TestLoginCodeOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, srv *Server, clock *webtest.Clock) {
		st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		b := newBrowser(t, srv)
		for round := range 3 {
			res, _ := b.post("/staff/login", url.Values{"email": {st.Email}, "password": {testPassword}})
			wantRedirect(t, res, "/staff/login/code")
			pending := b.cookie("/staff/login", pendingCookie)
			code := codeNow(srv, st)

			const n = 8
			var wg sync.WaitGroup
			tokens := make(chan string, n)
			start := make(chan struct{})
			for range n {
				wg.Go(func() {
					req, _ := http.NewRequest(http.MethodPost, b.base.String()+"/staff/login/code",
						strings.NewReader(url.Values{"code": {code}}.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.AddCookie(&http.Cookie{Name: pendingCookie, Value: pending})
					<-start
					res, err := (&http.Client{CheckRedirect: noRedirects}).Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					res.Body.Close()
					for _, c := range res.Cookies() {
						if c.Name == sessionCookie && c.Value != "" {
							tokens <- c.Value
						}
					}
				})
			}
			close(start)
			wg.Wait()
			close(tokens)
			var sessions int
			for token := range tokens {
				if _, err := srv.sessions.FindSession(t.Context(), hashToken(token)); err == nil {
					sessions++
				}
			}
			if sessions != 1 {
				t.Errorf("round %d: %d concurrent posts of one code opened %d sessions", round+1, n, sessions)
			}
			clock.Add(totpPeriod * time.Second) // the next round's code
		}
	})
}

// TestLoginThrottles checks that the throttles answer before any hashing,
// the same for known and unknown e-mails.
func TestLoginThrottles(t *testing.T) {
	srv, svc := newStaffServer(t, func(c *Config) { c.TrustedProxies = 1 })
	st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
	b := newBrowser(t, srv)
	post := func(email, addr string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, b.base.String()+"/staff/login",
			strings.NewReader(url.Values{"email": {email}, "password": {"not the password"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", addr)
		res, _ := b.do(req)
		return res
	}
	statuses := func(email, addr string) []int {
		var got []int
		for range loginsPerPair + 1 {
			got = append(got, post(email, addr).StatusCode)
		}
		return got
	}

	t.Run("ByEmailAndAddressTheSameForUnknownEmails", func(t *testing.T) {
		known := statuses(st.Email, "198.51.100.1")
		unknown := statuses("nobody@example.org", "198.51.100.2")
		if !slicesEqual(known, unknown) || known[loginsPerPair-1] != http.StatusUnauthorized || known[loginsPerPair] != http.StatusTooManyRequests {
			t.Errorf("statuses for a known e-mail %v, an unknown one %v", known, unknown)
		}
		res := post(st.Email, "198.51.100.1")
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Errorf("throttled: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
		}
	})

	t.Run("ThrottledAttemptsAreNotHashed", func(t *testing.T) {
		// Only the attempts let through are checked, so counted.
		if got, _ := svc.Staff.FindStaffByID(t.Context(), st.ID); got.FailedLogins != loginsPerPair {
			t.Errorf("FailedLogins = %d, want %d", got.FailedLogins, loginsPerPair)
		}
	})

	t.Run("ByAddress", func(t *testing.T) {
		var got []int
		for i := range loginsPerAddr + 1 {
			got = append(got, post(fmtPath("user%d@example.org", i), "198.51.100.3").StatusCode)
		}
		if got[loginsPerAddr-1] != http.StatusUnauthorized || got[loginsPerAddr] != http.StatusTooManyRequests {
			t.Errorf("statuses from one address: %v", got)
		}
		if s := post("other@example.org", "198.51.100.4").StatusCode; s != http.StatusUnauthorized {
			t.Errorf("another address: %d", s)
		}
		svc.Clock.Add(time.Minute)
		if s := post("user0@example.org", "198.51.100.3").StatusCode; s != http.StatusUnauthorized {
			t.Errorf("a minute later: %d", s)
		}
	})
}

// TestLoginHashingIsBounded floods the login with concurrent attempts: at
// most hashSlots hashes run at once, and attempts beyond the queue are
// refused at once rather than kept waiting.
func TestLoginHashingIsBounded(t *testing.T) {
	srv, _ := newStaffServer(t)
	srv.login.perAddr, srv.login.perPair = nil, nil
	mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
	ts := httptest.NewServer(srv)
	defer ts.Close()
	var wg sync.WaitGroup
	var checked atomic.Int64
	for i := range 12 {
		email := "tech@example.org"
		if i%2 == 1 {
			email = "nobody@example.org"
		}
		wg.Go(func() {
			switch s := postLogin(t, ts, email, "not the password"); s {
			case http.StatusUnauthorized:
				checked.Add(1)
			case http.StatusTooManyRequests:
			default:
				t.Errorf("%s: %d", email, s)
			}
		})
	}
	wg.Wait()
	if got := srv.login.maxRunning.Load(); got < 1 || got > hashSlots {
		t.Errorf("%d hashes ran at once, want at most %d", got, hashSlots)
	}
	if checked.Load() == 0 {
		t.Error("no attempt was checked")
	}
}

// TestLoginKnownDevice checks that a device the account logged in from
// keeps logging in when its address is throttled, and that its cookie
// opens nothing by itself.
func TestLoginKnownDevice(t *testing.T) {
	srv, _ := newStaffServer(t)
	st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
	b := newBrowser(t, srv)
	logIn(t, srv, b, st)
	if b.cookie("/staff/login", deviceCookie) == "" {
		t.Fatal("no device cookie after logging in")
	}
	other := newBrowser(t, srv) // the same address, another device
	for i := range loginsPerAddr {
		other.post("/staff/login", url.Values{"email": {fmtPath("user%d@example.org", i)}, "password": {"x"}})
	}
	if res, _ := other.post("/staff/login", url.Values{"email": {st.Email}, "password": {testPassword}}); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("another device from the throttled address: %d", res.StatusCode)
	}
	if res, _ := b.post("/staff/login", url.Values{"email": {st.Email}, "password": {"not the password"}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("the known device with a wrong password: %d", res.StatusCode)
	}
	if res, _ := b.post("/staff/login", url.Values{"email": {st.Email}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the known device from the throttled address: %d", res.StatusCode)
	}
	// For another account, the cookie is nobody's.
	st2 := mustStaff(t, srv, senderos.RoleTechnician, "tech2@example.org")
	if res, _ := b.post("/staff/login", url.Values{"email": {st2.Email}, "password": {testPassword}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the device of another account from the throttled address: %d", res.StatusCode)
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

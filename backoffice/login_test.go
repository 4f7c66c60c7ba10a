package backoffice

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// codeNow is st's TOTP code at the server's current time.
func codeNow(srv *Server, st *senderos.Staff) string {
	return totpCode(st.TOTPSecret, totpStep(srv.Now()), totpDigits)
}

// logIn goes through both login steps in b and fails the test unless they
// end on the home page.
func logIn(t *testing.T, srv *Server, b *browser, st *senderos.Staff) {
	t.Helper()
	res, _ := b.post("/staff/login", url.Values{"email": {st.Email}, "password": {testPassword}})
	wantRedirect(t, res, "/staff/login/code")
	res, _ = b.post("/staff/login/code", url.Values{"code": {codeNow(srv, st)}})
	wantRedirect(t, res, "/staff/")
}

func TestLogin(t *testing.T) {
	t.Run("PasswordAndCodeStartASession", func(t *testing.T) {
		srv, svc := newStaffServer(t)
		st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		b := newBrowser(t, srv)
		if res, body := b.get("/staff/login"); res.StatusCode != http.StatusOK || !strings.Contains(body, `name="password"`) {
			t.Fatalf("login page: %d", res.StatusCode)
		}
		res, _ := b.post("/staff/login", url.Values{"email": {"  TECH@example.org "}, "password": {testPassword}})
		wantRedirect(t, res, "/staff/login/code")
		if b.cookie("/staff/", sessionCookie) != "" {
			t.Fatal("a session cookie before the second factor")
		}
		if res, _ := b.get("/staff/"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("home after the password alone: %d", res.StatusCode)
		}
		if res, body := b.get("/staff/login/code"); res.StatusCode != http.StatusOK || !strings.Contains(body, `name="code"`) {
			t.Fatalf("code page: %d", res.StatusCode)
		}
		res, _ = b.post("/staff/login/code", url.Values{"code": {codeNow(srv, st)}})
		wantRedirect(t, res, "/staff/")
		res, body := b.get("/staff/")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Test technician") {
			t.Fatalf("home: %d %s", res.StatusCode, body)
		}
		sc := res.Request.Header.Get("Cookie")
		if !strings.Contains(sc, sessionCookie+"=") {
			t.Error("no session cookie sent")
		}
		entries, err := svc.Audit.FindAudit(t.Context(), senderos.AuditFilter{Action: senderos.AuditLogin})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Outcome != senderos.OutcomeOK || entries[0].StaffID != st.ID {
			t.Errorf("audit = %+v", entries)
		}
	})

	t.Run("SessionCookieIsHttpOnlyStrict", func(t *testing.T) {
		srv, _ := newStaffServer(t, func(c *Config) { c.SecureCookies = true })
		st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		b := newBrowser(t, srv)
		b.post("/staff/login", url.Values{"email": {st.Email}, "password": {testPassword}})
		// The jar keeps no Secure cookie over plain HTTP: read the header.
		req, _ := http.NewRequest(http.MethodPost, b.base.String()+"/staff/login/code", strings.NewReader("code="+codeNow(srv, st)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: pendingCookie, Value: srv.signPending(st, srv.Now().Add(time.Minute))})
		res, _ := b.do(req)
		var found bool
		for _, c := range res.Cookies() {
			if c.Name == sessionCookie && c.Value != "" {
				found = true
				if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/staff" {
					t.Errorf("session cookie %+v", c)
				}
			}
		}
		if !found {
			t.Fatalf("no session cookie; status %d", res.StatusCode)
		}
	})

	t.Run("ReusedCodeFails", func(t *testing.T) {
		srv, _ := newStaffServer(t)
		st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		b := newBrowser(t, srv)
		code := codeNow(srv, st)
		logIn(t, srv, b, st)
		other := newBrowser(t, srv)
		res, _ := other.post("/staff/login", url.Values{"email": {st.Email}, "password": {testPassword}})
		wantRedirect(t, res, "/staff/login/code")
		res, body := other.post("/staff/login/code", url.Values{"code": {code}})
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, staffText("es", "login.bad_code")) {
			t.Fatalf("reused code: %d", res.StatusCode)
		}
	})

	t.Run("SameMessageForUnknownEmailAndWrongPassword", func(t *testing.T) {
		srv, svc := newStaffServer(t)
		st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		b := newBrowser(t, srv)
		res1, body1 := b.post("/staff/login", url.Values{"email": {"nobody@example.org"}, "password": {testPassword}})
		res2, body2 := b.post("/staff/login", url.Values{"email": {st.Email}, "password": {"wrong password here"}})
		if res1.StatusCode != http.StatusUnauthorized || res2.StatusCode != http.StatusUnauthorized {
			t.Fatalf("statuses %d, %d", res1.StatusCode, res2.StatusCode)
		}
		msg := staffText("es", "login.failed")
		if !strings.Contains(body1, msg) || !strings.Contains(body2, msg) {
			t.Error("the two failures do not show the same message")
		}
		entries, _ := svc.Audit.FindAudit(t.Context(), senderos.AuditFilter{Action: senderos.AuditLogin})
		if len(entries) != 2 || entries[0].Outcome != senderos.OutcomeFailed || entries[1].Outcome != senderos.OutcomeFailed {
			t.Fatalf("audit = %+v", entries)
		}
		for _, e := range entries {
			if strings.Contains(e.Actor+e.Target+e.Detail, "nobody") {
				t.Errorf("the unknown e-mail reached the audit log: %+v", e)
			}
		}
	})

	t.Run("TamperedPendingCookieFails", func(t *testing.T) {
		srv, _ := newStaffServer(t)
		st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		b := newBrowser(t, srv)
		value := srv.signPending(st, srv.Now().Add(time.Minute))
		b.client.Jar.SetCookies(b.base, []*http.Cookie{{Name: pendingCookie, Value: "9" + value, Path: "/staff/login"}})
		res, _ := b.post("/staff/login/code", url.Values{"code": {codeNow(srv, st)}})
		wantRedirect(t, res, "/staff/login")
	})

	t.Run("PendingLoginExpires", func(t *testing.T) {
		srv, svc := newStaffServer(t)
		st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		b := newBrowser(t, srv)
		b.post("/staff/login", url.Values{"email": {st.Email}, "password": {testPassword}})
		svc.Clock.Add(pendingTTL + time.Second)
		res, _ := b.post("/staff/login/code", url.Values{"code": {codeNow(srv, st)}})
		wantRedirect(t, res, "/staff/login")
	})

	t.Run("RotatesTheSession", func(t *testing.T) {
		srv, svc := newStaffServer(t)
		st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		b := newBrowser(t, srv)
		old := mustLogin(t, srv, st)
		b.setCookie(old)
		logIn(t, srv, b, st)
		if _, err := svc.Sessions.FindSession(t.Context(), hashToken(old.Value)); senderos.ErrorCode(err) != senderos.ENOTFOUND {
			t.Errorf("the old session survived login: %v", err)
		}
		if now := b.cookie("/staff/", sessionCookie); now == "" || now == old.Value {
			t.Error("the session token was not rotated")
		}
	})
}

func TestLoginLocks(t *testing.T) {
	srv, svc := newStaffServer(t, func(c *Config) { c.TrustedProxies = 1 })
	srv.login.perAddr, srv.login.perPair = nil, nil // the throttles have their own test
	st := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
	b := newBrowser(t, srv)
	post := func(password string, header ...string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, b.base.String()+"/staff/login",
			strings.NewReader(url.Values{"email": {st.Email}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, _ := b.do(req)
		return res.StatusCode
	}
	fail := func() {
		t.Helper()
		if status := post("not the password"); status != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", status)
		}
	}
	rightPassword := func() int { return post(testPassword) }
	load := func() *senderos.Staff {
		got, err := svc.Staff.FindStaffByID(t.Context(), st.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	t.Run("DelayAfterThreeFailures", func(t *testing.T) {
		fail()
		fail()
		if got := load(); got.FailedLogins != 2 || !got.LockedUntil.IsZero() {
			t.Fatalf("after 2 failures: %d, %v", got.FailedLogins, got.LockedUntil)
		}
		fail()
		if got := load(); got.FailedLogins != 3 || !got.LockedUntil.Equal(srv.Now().Add(time.Minute)) {
			t.Fatalf("after 3 failures: %d, locked until %v", got.FailedLogins, got.LockedUntil)
		}
		if status := rightPassword(); status != http.StatusUnauthorized {
			t.Fatalf("the right password while locked: %d", status)
		}
		if got := load(); got.FailedLogins != 3 {
			t.Errorf("the right password while locked counted as a failure: %d", got.FailedLogins)
		}
		svc.Clock.Add(time.Minute)
		if status := rightPassword(); status != http.StatusSeeOther {
			t.Fatalf("the right password after the delay: %d", status)
		}
	})

	t.Run("DelayGrows", func(t *testing.T) {
		fail() // the 4th consecutive failure: the password step alone does not reset the count
		if got := load(); !got.LockedUntil.Equal(srv.Now().Add(2 * time.Minute)) {
			t.Fatalf("after 4 failures: locked until %v", got.LockedUntil)
		}
	})

	t.Run("OwnerElsewhereIsNotLockedOut", func(t *testing.T) {
		if status := rightPassword(); status != http.StatusUnauthorized {
			t.Fatalf("the right password from the locked address: %d", status)
		}
		if status := post(testPassword, "X-Forwarded-For", "203.0.113.7"); status != http.StatusSeeOther {
			t.Fatalf("the right password from another address: %d", status)
		}
	})

	t.Run("LocksStayTemporary", func(t *testing.T) {
		for load().FailedLogins < 2*loginAlertAt {
			svc.Clock.Add(senderos.LoginLockMax)
			fail()
		}
		if got := load(); got.LockedUntil.After(srv.Now().Add(senderos.LoginLockMax)) {
			t.Fatalf("after %d failures: locked until %v, more than %v", got.FailedLogins, got.LockedUntil, senderos.LoginLockMax)
		}
		svc.Clock.Add(senderos.LoginLockMax)
		if status := rightPassword(); status != http.StatusSeeOther {
			t.Fatalf("the right password an hour after the last failure: %d", status)
		}
	})

	t.Run("AdminsAreTold", func(t *testing.T) {
		alerts, err := svc.Audit.FindAudit(t.Context(), senderos.AuditFilter{Action: senderos.AuditLoginAlert})
		if err != nil {
			t.Fatal(err)
		}
		// At 10 and 20 failures.
		if len(alerts) != 2 || alerts[0].Target != fmtPath("staff:%d", st.ID) || !strings.Contains(alerts[0].Detail, "20 failed logins") {
			t.Fatalf("alerts = %+v", alerts)
		}
		admin := mustStaff(t, srv, senderos.RoleAdmin, "admin@example.org")
		ab := newBrowser(t, srv)
		ab.setCookie(mustLogin(t, srv, admin))
		for _, lang := range []string{"es", "en", "fr", "ar"} {
			_, body := ab.get("/staff/accounts?lang=" + lang)
			if mark := staffTextN(lang, "accounts.failed_logins", 20); !strings.Contains(body, mark) {
				t.Errorf("%s: the accounts page lacks %q", lang, mark)
			}
		}
	})

	t.Run("AdminUnlocks", func(t *testing.T) {
		fail()
		fail()
		fail()
		admin, _ := svc.Staff.FindStaffByEmail(t.Context(), "admin@example.org")
		ab := newBrowser(t, srv)
		ab.setCookie(mustLogin(t, srv, admin))
		if _, body := ab.get("/staff/accounts"); !strings.Contains(body, staffText("en", "accounts.state_locked")) {
			t.Error("the accounts page does not show the account locked")
		}
		res, _ := ab.post(fmtPath("/staff/accounts/%d/unlock", st.ID), url.Values{"csrf": {ab.csrf("/staff/accounts")}})
		wantRedirect(t, res, "/staff/accounts")
		if got := load(); got.FailedLogins != 0 || !got.LockedUntil.IsZero() {
			t.Errorf("after unlocking: %d failures, locked until %v", got.FailedLogins, got.LockedUntil)
		}
		if status := rightPassword(); status != http.StatusSeeOther {
			t.Fatalf("the right password after unlocking: %d", status)
		}
	})

	t.Run("SuccessResetsTheCount", func(t *testing.T) {
		fail()
		logIn(t, srv, b, st)
		if got := load(); got.FailedLogins != 0 || !got.LockedUntil.IsZero() {
			t.Errorf("after login: %d failures, locked until %v", got.FailedLogins, got.LockedUntil)
		}
	})
}

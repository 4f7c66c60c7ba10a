package backoffice

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func TestSession(t *testing.T) {
	t.Run("IdleTimeoutEndsIt", func(t *testing.T) {
		srv, svc := newStaffServer(t)
		b := newBrowser(t, srv)
		c := mustLogin(t, srv, &senderos.Staff{})
		b.setCookie(c)
		svc.Clock.Add(srv.sessionIdle - time.Second)
		if res, _ := b.get("/staff/"); res.StatusCode != http.StatusOK {
			t.Fatalf("before the idle time-out: %d", res.StatusCode)
		}
		svc.Clock.Add(srv.sessionIdle)
		res, _ := b.get("/staff/")
		wantRedirect(t, res, "/staff/login")
		if _, err := svc.Sessions.FindSession(t.Context(), hashToken(c.Value)); senderos.ErrorCode(err) != senderos.ENOTFOUND {
			t.Errorf("the idle session is still stored: %v", err)
		}
	})

	t.Run("AbsoluteTimeoutEndsIt", func(t *testing.T) {
		srv, svc := newStaffServer(t, func(c *Config) { c.SessionIdle, c.SessionMax = 10*time.Minute, time.Hour })
		b := newBrowser(t, srv)
		b.setCookie(mustLogin(t, srv, &senderos.Staff{}))
		for range 6 {
			svc.Clock.Add(9 * time.Minute)
			if res, _ := b.get("/staff/"); res.StatusCode != http.StatusOK {
				t.Fatalf("an active session ended early at %v: %d", svc.Clock.Now(), res.StatusCode)
			}
		}
		svc.Clock.Add(6 * time.Minute) // 60 minutes after login
		res, _ := b.get("/staff/")
		wantRedirect(t, res, "/staff/login")
	})

	t.Run("LogoutEndsIt", func(t *testing.T) {
		srv, svc := newStaffServer(t)
		b := newBrowser(t, srv)
		c := mustLogin(t, srv, &senderos.Staff{})
		b.setCookie(c)
		res, _ := b.post("/staff/logout", url.Values{"csrf": {b.csrf("/staff/")}})
		wantRedirect(t, res, "/staff/login")
		b.setCookie(&http.Cookie{Name: sessionCookie, Value: c.Value}) // a copy kept by an attacker
		res, _ = b.get("/staff/")
		wantRedirect(t, res, "/staff/login")
		entries, _ := svc.Audit.FindAudit(t.Context(), senderos.AuditFilter{Action: senderos.AuditLogout})
		if len(entries) != 1 {
			t.Errorf("%d logout audit entries", len(entries))
		}
	})

	t.Run("LogoutNeedsPost", func(t *testing.T) {
		srv, _ := newStaffServer(t)
		b := newBrowser(t, srv)
		b.setCookie(mustLogin(t, srv, &senderos.Staff{}))
		// gorilla/mux answers 404 rather than 405 when a later route in
		// the subrouter shares the prefix; either way nothing happens.
		if res, _ := b.get("/staff/logout"); res.StatusCode != http.StatusMethodNotAllowed && res.StatusCode != http.StatusNotFound {
			t.Errorf("GET /staff/logout: %d", res.StatusCode)
		}
		if res, _ := b.get("/staff/"); res.StatusCode != http.StatusOK {
			t.Errorf("the session ended: %d", res.StatusCode)
		}
	})

	t.Run("DisablingEndsEverySession", func(t *testing.T) {
		srv, _ := newStaffServer(t)
		admin := mustStaff(t, srv, senderos.RoleAdmin, "admin@example.org")
		tech := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		ab, tb1, tb2 := newBrowser(t, srv), newBrowser(t, srv), newBrowser(t, srv)
		ab.setCookie(mustLogin(t, srv, admin))
		tb1.setCookie(mustLogin(t, srv, tech))
		tb2.setCookie(mustLogin(t, srv, tech))
		res, _ := ab.post(fmtPath("/staff/accounts/%d/disable", tech.ID), url.Values{"csrf": {ab.csrf("/staff/accounts")}})
		wantRedirect(t, res, "/staff/accounts")
		for _, b := range []*browser{tb1, tb2} {
			res, _ := b.get("/staff/")
			wantRedirect(t, res, "/staff/login")
		}
		tb := newBrowser(t, srv)
		if res, _ := tb.post("/staff/login", url.Values{"email": {tech.Email}, "password": {testPassword}}); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("a disabled account got past the password: %d", res.StatusCode)
		}
	})

	t.Run("DisabledAccountsSessionIsRefused", func(t *testing.T) {
		srv, svc := newStaffServer(t)
		tech := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		b := newBrowser(t, srv)
		b.setCookie(mustLogin(t, srv, tech))
		tech.Disabled = true // disabled behind the back-office's back, e.g. by the CLI
		if err := svc.Staff.UpdateStaff(t.Context(), tech); err != nil {
			t.Fatal(err)
		}
		res, _ := b.get("/staff/")
		wantRedirect(t, res, "/staff/login")
	})
}

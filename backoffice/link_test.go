package backoffice

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
)

// TestSetupLinksUseThePublicURL posts the account forms with a forged
// Host: the link shown is under --public-url whatever the request says.
func TestSetupLinksUseThePublicURL(t *testing.T) {
	post := func(b *browser, path string, form url.Values) (*http.Response, string) {
		b.t.Helper()
		req, _ := http.NewRequest(http.MethodPost, b.base.String()+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Host", "evil.example")
		req.Header.Set("X-Forwarded-Proto", "http")
		// The jar would look up cookies for evil.example: send the
		// session's by hand, as an attacker on the admin's path could.
		for _, c := range b.client.Jar.Cookies(b.base.ResolveReference(&url.URL{Path: path})) {
			req.AddCookie(c)
		}
		res, err := (&http.Client{CheckRedirect: b.client.CheckRedirect}).Do(req)
		if err != nil {
			b.t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}
	newAccount := func(b *browser, email string) url.Values {
		return url.Values{"csrf": {b.csrf("/staff/accounts")}, "name": {"Lucía Pérez"}, "email": {email},
			"role": {"technician"}, "lang": {"es"}}
	}

	t.Run("CreateAndResetLinkToThePublicURL", func(t *testing.T) {
		srv, svc := newStaffServer(t, func(c *Config) { c.PublicURL = "https://portal.example/"; c.TrustedProxies = 1 })
		b, _ := adminBrowser(t, srv)
		res, body := post(b, "/staff/accounts", newAccount(b, "lucia@example.org"))
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		if strings.Contains(body, "evil.example") || !strings.Contains(body, "https://portal.example/staff/setup/") {
			t.Errorf("create: the link is not under the public URL:\n%s", body)
		}
		st, err := svc.Staff.FindStaffByEmail(t.Context(), "lucia@example.org")
		if err != nil {
			t.Fatal(err)
		}
		res, body = post(b, fmtPath("/staff/accounts/%d/reset", st.ID), url.Values{"csrf": {b.csrf("/staff/accounts")}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("reset: %d", res.StatusCode)
		}
		if strings.Contains(body, "evil.example") || !strings.Contains(body, "https://portal.example/staff/setup/") {
			t.Errorf("reset: the link is not under the public URL:\n%s", body)
		}
	})

	t.Run("WithoutPublicURLMakesNoLinkAndSaysWhy", func(t *testing.T) {
		srv, svc := newStaffServer(t)
		b, admin := adminBrowser(t, srv)
		res, body := post(b, "/staff/accounts", newAccount(b, "lucia@example.org"))
		if res.StatusCode != http.StatusNotImplemented || strings.Contains(body, "/staff/setup/") ||
			!strings.Contains(body, "--public-url") {
			t.Fatalf("create: %d\n%s", res.StatusCode, body)
		}
		if _, err := svc.Staff.FindStaffByEmail(t.Context(), "lucia@example.org"); senderos.ErrorCode(err) != senderos.ENOTFOUND {
			t.Errorf("an account was made without a link to give: %v", err)
		}
		other := mustStaff(t, srv, senderos.RoleTechnician, "tec@example.org")
		res, body = post(b, fmtPath("/staff/accounts/%d/reset", other.ID), url.Values{"csrf": {b.csrf("/staff/accounts")}})
		if res.StatusCode != http.StatusNotImplemented || strings.Contains(body, "/staff/setup/") {
			t.Fatalf("reset: %d\n%s", res.StatusCode, body)
		}
		if st, _ := svc.Staff.FindStaffByID(t.Context(), other.ID); !st.Ready() {
			t.Error("the account was reset without a link to give")
		}
		_ = admin
	})
}

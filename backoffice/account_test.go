package backoffice

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
)

// adminBrowser is a browser logged in as a new admin.
func adminBrowser(t *testing.T, srv *Server) (*browser, *senderos.Staff) {
	t.Helper()
	admin := mustStaff(t, srv, senderos.RoleAdmin, "admin@example.org")
	b := newBrowser(t, srv)
	b.setCookie(mustLogin(t, srv, admin))
	return b, admin
}

var setupLinkOnPage = regexp.MustCompile(`http://[^"<]+/staff/setup/([A-Za-z0-9]+)`)

func TestAccounts(t *testing.T) {
	srv, svc := newStaffServer(t, func(c *Config) { c.PublicURL = "http://portal.example" })
	b, admin := adminBrowser(t, srv)

	t.Run("ListsAccounts", func(t *testing.T) {
		res, body := b.get("/staff/accounts")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, admin.Email) {
			t.Fatalf("%d", res.StatusCode)
		}
	})

	var token string
	t.Run("CreateShowsASetupLink", func(t *testing.T) {
		res, body := b.post("/staff/accounts", url.Values{"csrf": {b.csrf("/staff/accounts")},
			"name": {"Lucía Pérez"}, "email": {"Lucia@Example.org"}, "role": {"technician"}, "lang": {"es"}})
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("%d", res.StatusCode)
		}
		m := setupLinkOnPage.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no set-up link on the page")
		}
		token = m[1]
		st, err := svc.Staff.FindStaffByEmail(t.Context(), "lucia@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if st.Role != senderos.RoleTechnician || st.SetupTokenHash != hashToken(token) || st.Ready() {
			t.Errorf("stored %+v", st)
		}
		if res, _ := newBrowser(t, srv).get("/staff/setup/" + token); res.StatusCode != http.StatusOK {
			t.Errorf("the link does not work: %d", res.StatusCode)
		}
		entries, _ := svc.Audit.FindAudit(t.Context(), senderos.AuditFilter{Action: senderos.AuditStaffAdd})
		if len(entries) != 1 || entries[0].Target != fmt.Sprintf("staff:%d", st.ID) || strings.Contains(entries[0].Detail, "Lucía") {
			t.Errorf("audit %+v", entries)
		}
	})

	t.Run("RefusesInvalidInput", func(t *testing.T) {
		res, body := b.post("/staff/accounts", url.Values{"csrf": {b.csrf("/staff/accounts")},
			"name": {""}, "email": {"not an address"}, "role": {"boss"}, "lang": {"de"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%d", res.StatusCode)
		}
		for _, key := range []string{"accounts.err_name", "accounts.err_email", "accounts.err_role", "accounts.err_lang"} {
			if !strings.Contains(body, staffText("en", key)) {
				t.Errorf("no %s", key)
			}
		}
	})

	t.Run("RefusesATakenEmail", func(t *testing.T) {
		res, _ := b.post("/staff/accounts", url.Values{"csrf": {b.csrf("/staff/accounts")},
			"name": {"Other"}, "email": {"lucia@example.org"}, "role": {"technician"}, "lang": {"es"}})
		if res.StatusCode != http.StatusConflict {
			t.Errorf("%d", res.StatusCode)
		}
	})

	t.Run("ChangesARole", func(t *testing.T) {
		st, _ := svc.Staff.FindStaffByEmail(t.Context(), "lucia@example.org")
		res, _ := b.post(fmtPath("/staff/accounts/%d/role", st.ID), url.Values{"csrf": {b.csrf("/staff/accounts")}, "role": {"coordinator"}})
		wantRedirect(t, res, "/staff/accounts")
		if got, _ := svc.Staff.FindStaffByID(t.Context(), st.ID); got.Role != senderos.RoleCoordinator {
			t.Errorf("role %s", got.Role)
		}
		if _, body := b.get("/staff/accounts"); !strings.Contains(body, staffText("en", "accounts.saved")) {
			t.Error("no confirmation shown")
		}
	})

	t.Run("CannotChangeOwnAccount", func(t *testing.T) {
		for _, action := range []string{"role", "disable", "reset"} {
			res, _ := b.post(fmtPath("/staff/accounts/%d/%s", admin.ID, action), url.Values{"csrf": {b.csrf("/staff/accounts")}, "role": {"technician"}})
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s own account: %d", action, res.StatusCode)
			}
		}
	})

	t.Run("UnknownAccountIsNotFound", func(t *testing.T) {
		res, _ := b.post("/staff/accounts/999/disable", url.Values{"csrf": {b.csrf("/staff/accounts")}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%d", res.StatusCode)
		}
	})

	t.Run("ResetVoidsTheAccessAndGivesANewLink", func(t *testing.T) {
		tech := mustStaff(t, srv, senderos.RoleTechnician, "tech@example.org")
		tb := newBrowser(t, srv)
		tb.setCookie(mustLogin(t, srv, tech))
		res, body := b.post(fmtPath("/staff/accounts/%d/reset", tech.ID), url.Values{"csrf": {b.csrf("/staff/accounts")}})
		if res.StatusCode != http.StatusOK || setupLinkOnPage.FindStringSubmatch(body) == nil {
			t.Fatalf("%d", res.StatusCode)
		}
		if res, _ := tb.get("/staff/"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the session survived the reset: %d", res.StatusCode)
		}
		got, _ := svc.Staff.FindStaffByID(t.Context(), tech.ID)
		if got.Ready() || got.PasswordHash != "" || len(got.TOTPSecret) != 0 {
			t.Error("the old password or second factor survived the reset")
		}
	})

	t.Run("EnablesADisabledAccount", func(t *testing.T) {
		tech, _ := svc.Staff.FindStaffByEmail(t.Context(), "tech@example.org")
		b.post(fmtPath("/staff/accounts/%d/disable", tech.ID), url.Values{"csrf": {b.csrf("/staff/accounts")}})
		if got, _ := svc.Staff.FindStaffByID(t.Context(), tech.ID); !got.Disabled {
			t.Fatal("not disabled")
		}
		b.post(fmtPath("/staff/accounts/%d/enable", tech.ID), url.Values{"csrf": {b.csrf("/staff/accounts")}})
		if got, _ := svc.Staff.FindStaffByID(t.Context(), tech.ID); got.Disabled {
			t.Fatal("not enabled")
		}
	})
}

func TestAdminPagesRefuseOtherRoles(t *testing.T) {
	srv, svc := newStaffServer(t)
	target := mustStaff(t, srv, senderos.RoleTechnician, "target@example.org")
	for _, role := range []senderos.Role{senderos.RoleCoordinator, senderos.RoleTechnician} {
		t.Run(string(role), func(t *testing.T) {
			st := mustStaff(t, srv, role, string(role)+"@example.org")
			b := newBrowser(t, srv)
			b.setCookie(mustLogin(t, srv, st))
			csrf := b.csrf("/staff/")
			for _, path := range []string{"/staff/accounts", "/staff/audit"} {
				if res, _ := b.get(path); res.StatusCode != http.StatusForbidden {
					t.Errorf("GET %s: %d", path, res.StatusCode)
				}
			}
			for _, path := range []string{"/staff/accounts", fmtPath("/staff/accounts/%d/role", target.ID), fmtPath("/staff/accounts/%d/disable", target.ID)} {
				res, _ := b.post(path, url.Values{"csrf": {csrf}, "role": {"admin"}, "name": {"X"}, "email": {"x@example.org"}, "lang": {"es"}})
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("POST %s: %d", path, res.StatusCode)
				}
			}
			if _, body := b.get("/staff/"); strings.Contains(body, `href="/staff/accounts"`) {
				t.Error("the menu links to the accounts page")
			}
		})
	}
	got, _ := svc.Staff.FindStaffByID(t.Context(), target.ID)
	if got.Role != senderos.RoleTechnician || got.Disabled {
		t.Error("a non-admin changed an account")
	}
	denied, _ := svc.Audit.FindAudit(t.Context(), senderos.AuditFilter{Action: senderos.AuditDeniedView})
	if len(denied) == 0 || denied[0].Outcome != senderos.OutcomeDenied {
		t.Error("refusals are not audited")
	}
}

package backoffice

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/postgres"
	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

// staffEngines configure a back-office test server's stores: SQLite (as
// newStaffServer makes them) and, when SENDEROS_TEST_POSTGRES is set,
// PostgreSQL.
var staffEngines = map[string]func(t *testing.T) func(*Config){
	"SQLite": func(t *testing.T) func(*Config) { return func(*Config) {} },
	"PostgreSQL": func(t *testing.T) func(*Config) {
		db, err := postgres.Open(context.Background(), pgtest.Schema(t), storetest.Keys())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return func(c *Config) {
			c.Submissions, c.Staff, c.Sessions = sqldb.NewSubmissionService(db), sqldb.NewStaffService(db), sqldb.NewSessionService(db)
			c.Audit, c.Profiles = sqldb.NewAuditService(db), sqldb.NewProfileService(db)
			c.Cases, c.Warnings, c.Families = sqldb.NewCaseService(db), sqldb.NewWarningService(db), sqldb.NewFamilyService(db)
			c.Indicators, c.ESF = sqldb.NewIndicatorService(db), sqldb.NewESFService(db)
		}
	},
}

// TestBackOfficeSpeaksThePagesLanguage sends the back-office bad text and
// requests for what does not exist, on both engines: each answer is in
// the page's language, whatever the store or the router said in English.
func TestBackOfficeSpeaksThePagesLanguage(t *testing.T) {
	for engine, configure := range staffEngines {
		t.Run(engine, func(t *testing.T) {
			srv, _ := newStaffServer(t, configure(t), func(c *Config) { c.PublicURL = "https://portal.example" })
			b, _ := adminBrowser(t, srv)
			fam := storetest.NewInterest()
			if _, err := srv.Submissions.CreateSubmission(t.Context(), fam); err != nil {
				t.Fatal(err)
			}
			coord := newBrowser(t, srv)
			coord.setCookie(mustLogin(t, srv, &senderos.Staff{Role: senderos.RoleCoordinator, Lang: "es"}))
			english := []string{"cannot be stored", "No such", "not valid UTF-8", "Cross-origin"}

			for _, tt := range []struct {
				name   string
				do     func() (*http.Response, string)
				status int
				want   string
			}{
				{"AccountNameWithNUL", func() (*http.Response, string) {
					return b.post("/staff/accounts?lang=es", url.Values{"csrf": {b.csrf("/staff/accounts")},
						"name": {"Ana\x00"}, "email": {"ana@example.org"}, "role": {"technician"}, "lang": {"es"}})
				}, 422, "caracteres que no se pueden guardar"},
				{"AccountNameInvisible", func() (*http.Response, string) {
					return b.post("/staff/accounts?lang=ES", url.Values{"csrf": {b.csrf("/staff/accounts")},
						"name": {"\u200b\u200b"}, "email": {"ana@example.org"}, "role": {"technician"}, "lang": {"es"}})
				}, 422, "solo tiene caracteres invisibles"},
				{"NoteWithNUL", func() (*http.Response, string) {
					path := fmtPath("/staff/families/%d", fam.ID)
					return coord.post(path+"/notes?lang=es", url.Values{"csrf": {coord.csrf(path)}, "note": {"Llamada\x00"}})
				}, 422, "caracteres que no se pueden guardar"},
				{"NoteInInvalidUTF8", func() (*http.Response, string) {
					path := fmtPath("/staff/families/%d", fam.ID)
					return coord.post(path+"/notes?lang=fr", url.Values{"csrf": {coord.csrf(path)}, "note": {"Appel \xe9"}})
				}, 422, "caractères impossibles à enregistrer"},
				{"MissingAccount", func() (*http.Response, string) {
					return b.post("/staff/accounts/999999/reset?lang=es", url.Values{"csrf": {b.csrf("/staff/accounts")}})
				}, 404, "Esta página no existe"},
				{"MissingPage", func() (*http.Response, string) { return b.get("/staff/nothing?lang=ar") }, 404, "هذه الصفحة غير موجودة"},
				{"CrossOrigin", func() (*http.Response, string) {
					req, _ := http.NewRequest(http.MethodPost, b.base.String()+"/staff/accounts?lang=es", strings.NewReader("name=x"))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Sec-Fetch-Site", "cross-site")
					return b.do(req)
				}, 403, "desde el propio back-office"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					res, body := tt.do()
					wantStatus(t, res, tt.status, body)
					if !strings.Contains(body, tt.want) {
						t.Errorf("the page lacks %q:\n%s", tt.want, body)
					}
					for _, e := range english {
						if strings.Contains(body, e) {
							t.Errorf("the page says %q", e)
						}
					}
				})
			}
			if list, err := srv.staff.FindStaff(t.Context()); err != nil || len(list) != 2 {
				t.Errorf("%d accounts (%v), want the admin and the coordinator only", len(list), err)
			}
			if events, err := srv.Submissions.FindEvents(t.Context(), fam.ID); err != nil || len(events) != 0 {
				t.Errorf("%d events (%v), want no note", len(events), err)
			}
		})
	}
}

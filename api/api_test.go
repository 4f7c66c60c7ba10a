package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/api"
	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/internal/webtest"
	"github.com/cepaim/senderos/site"
	"github.com/cepaim/senderos/store/sqldb"
)

// testAPI is the API over a real SQLite database in a temporary folder.
type testAPI struct {
	*httptest.Server
	store  *sqldb.SubmissionService
	outbox *sqldb.NotificationService
	logs   *webtest.Buffer
	clock  *webtest.Clock
}

func mustOpenAPI(t *testing.T, configure ...func(*api.Config)) *testAPI {
	t.Helper()
	svc := webtest.OpenSQLite(t)
	srv := webtest.MustNew(t, api.NewServer, api.Config{
		Logger:      svc.Logger(),
		Submissions: svc.Submissions,
		Places:      atlas.Places{},
		Pages:       siteDir,
		FormKey:     webtest.FormKey(),
		Now:         svc.Clock.Now,
	}, configure...)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &testAPI{Server: ts, store: svc.Submissions, outbox: svc.Notifications, logs: svc.Logs, clock: svc.Clock}
}

// siteDir holds the few site pages the API fills in, as the Hugo build
// makes them (forms, thank-you pages, search page).
var siteDir = site.Dir("testdata/site")

// client does not follow redirects: the tests look at them.
var client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (a *testAPI) postJSON(t *testing.T, path string, body any) (*http.Response, map[string]any) {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, a.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(res.Body)
	json.Unmarshal(data, &out)
	return res, out
}

func (a *testAPI) postForm(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res, string(data)
}

func (a *testAPI) mustFind(t *testing.T, ref string) *senderos.Submission {
	t.Helper()
	s, err := a.store.FindSubmissionByReference(context.Background(), ref)
	if err != nil {
		t.Fatalf("find %s: %v", ref, err)
	}
	return s
}

func (a *testAPI) count(t *testing.T) int {
	t.Helper()
	all, err := a.store.FindSubmissions(context.Background(), senderos.SubmissionFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// validInterest is a complete family form, as JSON fields.
func validInterest() map[string]any {
	return map[string]any{
		"lang": "es", "adults": 2, "children": []any{map[string]any{"age": 7, "stage": "primary"}},
		"languages": []string{"ar", "fr"}, "spanish_level": "basic", "city": "Madrid", "province_code": "28",
		"sectors": []string{"agriculture"}, "skills": "Poda", "driving_licence": true,
		"regions": []string{"02"}, "bedrooms": 3, "needs_school": true, "move_when": "asap",
		"name": "Zarah Testname", "phone": "612 345 987", "email": "zarah@example.com",
		"contact_language": "ar", "channel": "whatsapp", "consent": true, "privacy_version": "2026-11",
	}
}

// validInterestForm is the same family form as sent without JavaScript.
func validInterestForm(lang string) url.Values {
	return url.Values{
		"lang": {lang}, "privacy_version": {"2026-11"}, "form_token": {""}, "submission_id": {""}, "website": {""},
		"adults": {"2"}, "child_age": {"7", ""}, "child_stage": {"primary", ""}, "languages": {"ar", "fr"},
		"spanish_level": {"basic"}, "city": {"Madrid"}, "province_code": {"28"}, "skills": {"Poda"},
		"regions": {"02"}, "bedrooms": {"3"}, "move_when": {"asap"}, "name": {"Zarah Testname"},
		"phone": {"612 345 987"}, "email": {"zarah@example.com"}, "contact_language": {"ar"},
		"channel": {"phone"}, "consent": {"yes"},
	}
}

func validMunicipality() map[string]any {
	return map[string]any{
		"lang": "es", "ine_code": "44013", "contact_name": "Persona Contacto", "role": "Agente de desarrollo",
		"email": "adl@example.org", "phone": "978 654 321", "population": 16000, "homes": 4,
		"rent_min": 250, "rent_max": 450, "services": []string{"school"},
		"jobs":        []any{map[string]any{"sector": "care", "count": 2, "description": "Residencia"}},
		"description": "Texto con <script>alert(1)</script> y **negrita**", "consent": true, "privacy_version": "2026-11",
	}
}

func with(m map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

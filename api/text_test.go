package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/api"
	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/store/postgres"
	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
	"github.com/cepaim/senderos/store/storetest"
)

// engines opens the API over each store: SQLite always, PostgreSQL when
// SENDEROS_TEST_POSTGRES names a server.
var engines = map[string]func(t *testing.T) senderos.SubmissionService{
	"SQLite": func(t *testing.T) senderos.SubmissionService {
		db, err := sqlite.Open(filepath.Join(t.TempDir(), "senderos.db"), storetest.Keys())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return sqldb.NewSubmissionService(db)
	},
	"PostgreSQL": func(t *testing.T) senderos.SubmissionService {
		db, err := postgres.Open(context.Background(), pgtest.Schema(t), storetest.Keys())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return sqldb.NewSubmissionService(db)
	},
}

func openAPIOn(t *testing.T, open func(t *testing.T) senderos.SubmissionService) (*httptest.Server, senderos.SubmissionService) {
	t.Helper()
	store := open(t)
	srv, err := api.NewServer(api.Config{
		Logger: slog.New(slog.DiscardHandler), Submissions: store, Places: atlas.Places{}, Pages: siteDir,
		FormKey: bytes.Repeat([]byte("k"), 32),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, store
}

// TestBadTextIsRefused sends every kind of bad text the rule knows, as
// JSON and as a form, to both engines: each is a 422 naming the field in
// the person's language, and nothing reaches the store.
func TestBadTextIsRefused(t *testing.T) {
	wantES := map[senderos.TextFault]string{
		senderos.TextMalformed: "caracteres que no se pueden guardar",
		senderos.TextInvisible: "solo tiene caracteres invisibles",
	}
	cases := []struct {
		name, field, json string // json: the field's value as written in the body
		fault             senderos.TextFault
	}{
		{"ZeroWidthName", "name", `"\u200b\u200b"`, senderos.TextInvisible},
		{"BellInName", "name", `"A\u0007B"`, senderos.TextMalformed},
		{"NULInSkills", "skills", `"poda\u0000"`, senderos.TextMalformed},
		{"InvalidUTF8InName", "name", "\"Jos\xe9 Garc\xeda\"", senderos.TextMalformed},
		{"LoneSurrogateInCity", "city", `"Mad\ud800rid"`, senderos.TextMalformed},
		{"NewlineInCity", "city", `"Mad\nrid"`, senderos.TextMalformed},
		{"JoinersOnlyInCity", "city", `"\u200d\u2060\u200e"`, senderos.TextInvisible},
	}
	for engine, open := range engines {
		t.Run(engine, func(t *testing.T) {
			ts, store := openAPIOn(t, open)
			for _, tt := range cases {
				t.Run("JSON"+tt.name, func(t *testing.T) {
					body, _ := json.Marshal(with(validInterest(), tt.field, "PLACEHOLDER"))
					raw := strings.Replace(string(body), `"PLACEHOLDER"`, tt.json, 1)
					res, err := http.Post(ts.URL+"/api/v1/interest", "application/json", strings.NewReader(raw))
					if err != nil {
						t.Fatal(err)
					}
					var out api.ValidationError
					decode(t, res, &out)
					if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(out.Fields[tt.field], wantES[tt.fault]) {
						t.Errorf("got %d %+v, want 422 with %q for %s", res.StatusCode, out, wantES[tt.fault], tt.field)
					}
				})
			}
			for _, tt := range []struct {
				name, field, value string
				fault              senderos.TextFault
			}{
				{"ZeroWidthName", "name", "\u200b\u200b", senderos.TextInvisible},
				{"BellInName", "name", "A\u0007B", senderos.TextMalformed},
				{"NULInSkills", "skills", "poda\x00", senderos.TextMalformed},
				{"InvalidUTF8InName", "name", "Jos\xe9", senderos.TextMalformed},
				{"ReplacementInName", "name", "Jos\ufffd", senderos.TextMalformed},
			} {
				t.Run("Form"+tt.name, func(t *testing.T) {
					f := validInterestForm("es")
					f.Set(tt.field, tt.value)
					res, err := http.Post(ts.URL+"/api/v1/interest?lang=es", "application/x-www-form-urlencoded", strings.NewReader(f.Encode()))
					if err != nil {
						t.Fatal(err)
					}
					page := readAll(t, res)
					if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, wantES[tt.fault]) {
						t.Errorf("got %d, want 422 with %q:\n%s", res.StatusCode, wantES[tt.fault], page)
					}
				})
			}
			t.Run("MunicipalityDescriptionWithNUL", func(t *testing.T) {
				body, _ := json.Marshal(with(validMunicipality(), "description", "Texto\x00"))
				res, err := http.Post(ts.URL+"/api/v1/municipalities", "application/json", bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("got %d, want 422", res.StatusCode)
				}
			})
			if all, err := store.FindSubmissions(context.Background(), senderos.SubmissionFilter{}); err != nil || len(all) != 0 {
				t.Fatalf("%d submissions stored (%v), want none", len(all), err)
			}
			t.Run("LinesInMultilineFieldsAreKept", func(t *testing.T) {
				res, out := postJSONTo(t, ts.URL+"/api/v1/interest", with(validInterest(), "skills", "Poda\r\nRiego\tgoteo"))
				if res.StatusCode != http.StatusCreated {
					t.Fatalf("got %d %v", res.StatusCode, out)
				}
			})
		})
	}
}

// TestBadTextMessagesInEveryLanguage: the message is the person's.
func TestBadTextMessagesInEveryLanguage(t *testing.T) {
	ts, _ := openAPIOn(t, engines["SQLite"])
	want := map[string]string{
		"es": "solo tiene caracteres invisibles", "en": "only invisible characters",
		"fr": "que des caractères invisibles", "ar": "غير مرئية",
	}
	for l, w := range want {
		res, out := postJSONTo(t, ts.URL+"/api/v1/interest", with(validInterest(), "lang", l, "name", "\u200b\u200b"))
		fields, _ := out["fields"].(map[string]any)
		if msg, _ := fields["name"].(string); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msg, w) {
			t.Errorf("%s: got %d %v, want %q", l, res.StatusCode, out, w)
		}
	}
}

func postJSONTo(t *testing.T, u string, body any) (*http.Response, map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	res, err := http.Post(u, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	decode(t, res, &out)
	return res, out
}

package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cepaim/senderos/api"
	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/search/searchtest"
)

// TestAnswersInTheRequestsLanguage: every refusal of the public API is
// worded in the language the request asks for, never in the English of
// the code behind it.
func TestAnswersInTheRequestsLanguage(t *testing.T) {
	searchSrv, _ := mustOpenSearch(t, searchtest.Documents())
	bare, err := api.NewServer(api.Config{Places: atlas.Places{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		srv    http.Handler
		path   string
		accept string
		status int
		want   string
	}{
		{"SearchUnknownParameter", searchSrv, "/api/v1/search?q=padron&lang=fr&nope=1", "", 400, "ne connaît pas le paramètre « nope »"},
		{"SearchLangInAnyCase", searchSrv, "/api/v1/search?q=padron&lang=FR&nope=1", "", 400, "ne connaît pas le paramètre"},
		{"SearchPerPage", searchSrv, "/api/v1/search?q=padron&lang=ar&per_page=99", "", 400, "أقصى قيمة"},
		{"SearchPage", searchSrv, "/api/v1/search?q=padron&lang=es&page=x", "", 400, "tiene que ser un número entero"},
		{"SearchEmpty", searchSrv, "/api/v1/search?q=&lang=en", "", 400, "required"},
		{"SearchTooLong", searchSrv, "/api/v1/search?lang=es&q=" + strings.Repeat("a", 201), "", 400, "como máximo 200"},
		{"SearchControlCharacter", searchSrv, "/api/v1/search?lang=en&q=a%07b", "", 400, "cannot be stored"},
		{"SearchUnknownLanguage", searchSrv, "/api/v1/search?q=padron&lang=de", "fr", 400, "Choisissez"},
		{"SearchUnknownType", searchSrv, "/api/v1/search?q=padron&lang=fr&type=poem", "", 400, "Choisissez"},
		{"SearchUnknownTopic", searchSrv, "/api/v1/search?q=padron&lang=fr&topic=nothing-has-it", "", 400, "La requête n’est pas correcte."},
		{"SearchOff", bare, "/api/v1/search?q=padron", "ar;q=0.9, en;q=0.3", 501, "البحث غير متاح"},
		{"PlacesNoQuery", bare, "/api/v1/places?q=", "fr", 422, "nom de la commune"},
		{"PlacesUnknownProvince", bare, "/api/v1/places?q=alca&province=99", "en;q=0.1, es;q=0.8", 400, "No conocemos esa provincia"},
		{"PlacesProvinceLangParam", bare, "/api/v1/places?q=alca&province=xx&lang=AR", "", 400, "لا نعرف هذه المقاطعة"},
		{"Profiles", bare, "/api/v1/municipalities/published", "fr", 501, "pas de profils publiés"},
		{"UnknownEndpoint", bare, "/api/v1/nothing", "ar", 404, "هذا العنوان غير موجود"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			req.Header.Set("Accept-Language", tt.accept)
			tt.srv.ServeHTTP(rec, req)
			var body api.ErrorResponse
			json.Unmarshal(rec.Body.Bytes(), &body)
			if rec.Code != tt.status || !strings.Contains(body.Message, tt.want) {
				t.Errorf("got %d %q, want %d with %q", rec.Code, body.Message, tt.status, tt.want)
			}
		})
	}
	t.Run("KnownProvinceStillFinds", func(t *testing.T) {
		rec := httptest.NewRecorder()
		bare.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/places?q=alca&province=44", nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Alcañiz") {
			t.Errorf("got %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("SearchPageErrorInItsLanguage", func(t *testing.T) {
		rec := httptest.NewRecorder()
		searchSrv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/search?q=padron&lang=ar&topic=nothing-has-it&format=html", nil))
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "الطلب غير صحيح.") ||
			strings.Contains(rec.Body.String(), "no document has it") {
			t.Errorf("got %d %s", rec.Code, rec.Body)
		}
	})
}

// TestFormAnswersInTheAcceptedLanguage: a form without a language of its
// own is answered in the one Accept-Language prefers, by quality.
func TestFormAnswersInTheAcceptedLanguage(t *testing.T) {
	a := mustOpenAPI(t)
	for _, tt := range []struct{ accept, query, want string }{
		{"en;q=0.2, fr;q=0.9", "", "Écrivez"},
		{"fr;q=0, en", "", "Write"},
		{"", "?lang=FR", "Écrivez"},
		{"ar", "?lang=En", "Write"},
	} {
		body, _ := json.Marshal(with(validInterest(), "lang", "", "name", "\u200b"))
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/api/v1/interest"+tt.query, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", tt.accept)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out api.ValidationError
		decode(t, res, &out)
		if !strings.HasPrefix(out.Fields["name"], tt.want) {
			t.Errorf("Accept-Language %q, %s: %+v, want a message starting %q", tt.accept, tt.query, out.Fields, tt.want)
		}
	}
}

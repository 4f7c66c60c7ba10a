package api_test

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func validHost() map[string]any {
	return map[string]any{
		"lang": "es", "ine_code": "44013", "kind": "family", "people": 3,
		"languages": []string{"es", "ar"}, "offers": []string{"welcome", "paperwork"},
		"about": "Vivimos en la plaza.\nTenemos huerto.", "name": "Lucía Anfitriona", "phone": "612 345 678",
		"email": "lucia@example.org", "contact_language": "es", "channel": "whatsapp",
		"consent": true, "privacy_version": "2026-11",
	}
}

func validHostForm(lang string) url.Values {
	return url.Values{
		"lang": {lang}, "privacy_version": {"2026-11"}, "form_token": {""}, "submission_id": {""}, "website": {""},
		"province_code": {"26"}, "municipality": {"ocon"}, "kind": {"mentor"}, "people": {""},
		"languages": {"es", "fr"}, "offers": {"spanish"}, "about": {""}, "name": {"Pedro Mentor"},
		"phone": {""}, "email": {"pedro@example.org"}, "contact_language": {lang}, "channel": {"email"}, "consent": {"yes"},
	}
}

func TestCreateHost(t *testing.T) {
	a := mustOpenAPI(t)

	t.Run("StoresWithVillageFromOfficialList", func(t *testing.T) {
		res, body := a.postJSON(t, "/api/v1/hosts", validHost())
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("status %d %v", res.StatusCode, body)
		}
		s := a.mustFind(t, body["reference"].(string))
		h := s.Host
		if s.Kind != senderos.KindHost || h == nil || s.Interest != nil || s.Municipality != nil {
			t.Fatalf("stored %+v", s)
		}
		if h.Code != "44013" || h.Name != "Alcañiz" || h.Province != "Teruel" || h.Region != "Aragón" {
			t.Fatalf("village %+v", h)
		}
		want := senderos.Contact{Name: "Lucía Anfitriona", Phone: "+34612345678", Email: "lucia@example.org", Language: "es", Channel: "whatsapp"}
		if h.Kind != "family" || h.People != 3 || !reflect.DeepEqual(h.Languages, []string{"es", "ar"}) ||
			!reflect.DeepEqual(h.Offers, []string{"welcome", "paperwork"}) || h.About != "Vivimos en la plaza.\nTenemos huerto." || h.Contact != want {
			t.Fatalf("stored %+v", h)
		}
		if s.Status != senderos.StatusNew || s.Consent.PrivacyVersion != "2026-11" || s.Consent.Lang != "es" {
			t.Fatalf("status %s consent %+v", s.Status, s.Consent)
		}
	})
	t.Run("FormWithoutJavaScriptRedirectsToItsThanks", func(t *testing.T) {
		res, _ := a.postForm(t, "/api/v1/hosts?lang=ar", validHostForm("ar"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		ref := strings.TrimPrefix(res.Header.Get("Location"), "/api/v1/thanks/")
		s := a.mustFind(t, ref)
		if h := s.Host; h.Code != "26108" || h.Kind != senderos.HostMentor || h.People != 1 || s.Lang != "ar" {
			t.Fatalf("stored %+v in %s", h, s.Lang)
		}
		thanks, err := client.Get(a.URL + res.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		page := readAll(t, thanks)
		if thanks.StatusCode != http.StatusOK || !strings.Contains(page, ref) || !strings.Contains(page, "شكرا للعائلة المضيفة") {
			t.Fatalf("thanks page %d: %.300s", thanks.StatusCode, page)
		}
	})
	t.Run("ErrorPageKeepsWhatWasTyped", func(t *testing.T) {
		f := validHostForm("es")
		f.Set("name", "")
		f.Set("about", "Texto que se queda")
		res, page := a.postForm(t, "/api/v1/hosts", f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Texto que se queda") ||
			!strings.Contains(page, `id="error-name"`) || !strings.Contains(page, "Este dato es obligatorio.") {
			t.Fatalf("status %d: %s", res.StatusCode, page)
		}
	})
	t.Run("ErrRequiredFieldsInEachLanguage", func(t *testing.T) {
		want := map[string]string{
			"es": "Este dato es obligatorio.", "en": "This is required.",
			"fr": "Cette information est obligatoire.", "ar": "هذه المعلومة مطلوبة.",
		}
		for lang, msg := range want {
			n := a.count(t)
			res, body := a.postJSON(t, "/api/v1/hosts", map[string]any{"lang": lang})
			fields, _ := body["fields"].(map[string]any)
			if res.StatusCode != http.StatusUnprocessableEntity || a.count(t) != n {
				t.Fatalf("%s: status %d, %d stored", lang, res.StatusCode, a.count(t)-n)
			}
			for _, f := range []string{"municipality", "kind", "people", "languages", "offers", "name", "contact_language", "channel"} {
				if fields[f] != msg {
					t.Errorf("%s: field %s: %v, want %q", lang, f, fields[f], msg)
				}
			}
			if fields["consent"] == nil || fields["consent"] == msg {
				t.Errorf("%s: consent: %v", lang, fields["consent"])
			}
		}
	})
	for _, tc := range []struct {
		name   string
		change []any
		field  string
		want   map[string]string
	}{
		{"ErrUnknownVillage", []any{"ine_code", "99999"}, "municipality", map[string]string{
			"en": "We could not find that municipality in the official list. Check the name and the province."}},
		{"ErrKindNotInList", []any{"kind", "landlord"}, "kind", map[string]string{
			"es": "Elige una de las opciones de la lista.", "en": "Choose one of the options in the list."}},
		{"ErrOfferNotInList", []any{"offers", []string{"money"}}, "offers", map[string]string{"en": "Choose one of the options in the list."}},
		{"ErrLanguageNotInList", []any{"languages", []string{"klingon"}}, "languages", map[string]string{"en": "Choose one of the options in the list."}},
		{"ErrTooManyPeople", []any{"people", 21}, "people", map[string]string{"en": "Enter a number between 1 and 20."}},
		{"ErrPeopleNotANumber", []any{"people", "tres"}, "people", map[string]string{"en": "Enter a number, using digits only."}},
		{"ErrNoWayToReach", []any{"phone", nil, "email", nil}, "phone", map[string]string{}},
		{"ErrEmailChannelWithoutEmail", []any{"channel", "email", "email", nil}, "email", map[string]string{}},
		{"ErrBadEmail", []any{"email", "lucia@"}, "email", map[string]string{}},
		{"ErrBadPhone", []any{"phone", "123"}, "phone", map[string]string{}},
		{"ErrAboutTooLong", []any{"about", strings.Repeat("x", 2001)}, "about", map[string]string{"en": "Write at most 2000 characters."}},
		{"ErrAboutControlCharacter", []any{"about", "a\u0007b"}, "about", map[string]string{}},
		{"ErrNoConsent", []any{"consent", false}, "consent", map[string]string{}},
		{"ErrUnknownField", []any{"nationality", "x"}, "nationality", map[string]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msgs := map[string]string{}
			for _, lang := range []string{"es", "en", "fr", "ar"} {
				n := a.count(t)
				res, body := a.postJSON(t, "/api/v1/hosts?lang="+lang, with(validHost(), append([]any{"lang", lang}, tc.change...)...))
				fields, _ := body["fields"].(map[string]any)
				msg, _ := fields[tc.field].(string)
				if res.StatusCode != http.StatusUnprocessableEntity || msg == "" || a.count(t) != n {
					t.Fatalf("%s: status %d, %s = %q (%v), %d stored", lang, res.StatusCode, tc.field, msg, fields, a.count(t)-n)
				}
				if want, ok := tc.want[lang]; ok && msg != want {
					t.Errorf("%s: %s = %q, want %q", lang, tc.field, msg, want)
				}
				msgs[lang] = msg
			}
			// Each language has its own words, not Spanish for all.
			if msgs["es"] == msgs["en"] || msgs["en"] == msgs["fr"] || msgs["fr"] == msgs["ar"] {
				t.Errorf("one message in several languages: %q", msgs)
			}
		})
	}
	t.Run("MentorIsOnePerson", func(t *testing.T) {
		res, body := a.postJSON(t, "/api/v1/hosts", with(validHost(), "kind", "mentor", "people", 4, "about", "Mentor"))
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("status %d %v", res.StatusCode, body)
		}
		if h := a.mustFind(t, body["reference"].(string)).Host; h.People != 1 {
			t.Fatalf("a mentor stored as %d people", h.People)
		}
	})
	t.Run("SameFormTwiceIsOneRecord", func(t *testing.T) {
		form := with(validHost(), "about", "Una vez")
		r1, b1 := a.postJSON(t, "/api/v1/hosts", form)
		r2, b2 := a.postJSON(t, "/api/v1/hosts", form)
		if r1.StatusCode != http.StatusCreated || r2.StatusCode != http.StatusOK || b1["reference"] != b2["reference"] {
			t.Fatalf("%d %v / %d %v", r1.StatusCode, b1, r2.StatusCode, b2)
		}
		id := with(validHost(), "about", "Con id", "submission_id", "host-2b0c7a0e-0e1f")
		_, b3 := a.postJSON(t, "/api/v1/hosts", id)
		_, b4 := a.postJSON(t, "/api/v1/hosts", with(id, "about", "Con id, corregido"))
		if b3["reference"] != b4["reference"] {
			t.Fatalf("%v / %v", b3, b4)
		}
	})
}

func TestHostSpamIsKeptApart(t *testing.T) {
	a := mustOpenAPI(t)
	token := func(t *testing.T) string {
		res, err := client.Get(a.URL + "/api/v1/form-token")
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Token string }
		decode(t, res, &body)
		return body.Token
	}
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, body map[string]any)
		reason  string
	}{
		{"HoneypotFilled", func(t *testing.T, b map[string]any) { b["website"] = "http://spam.example" }, "honeypot"},
		{"SentTooFast", func(t *testing.T, b map[string]any) { b["form_token"] = token(t); a.clock.Add(2 * time.Second) }, "too_fast"},
		{"ForgedToken", func(t *testing.T, b map[string]any) { b["form_token"] = "AAAAAAAAAAAAAAAAAAAAAA" }, "bad_token"},
		{"PersonWithToken", func(t *testing.T, b map[string]any) { b["form_token"] = token(t); a.clock.Add(3 * time.Minute) }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := with(validHost(), "about", "Host "+tc.name)
			tc.prepare(t, body)
			res, out := a.postJSON(t, "/api/v1/hosts", body)
			if res.StatusCode != http.StatusCreated {
				t.Fatalf("status %d %v: suspected spam must be acknowledged like any submission", res.StatusCode, out)
			}
			s := a.mustFind(t, out["reference"].(string))
			if s.SpamReason != tc.reason {
				t.Fatalf("spam reason %q, want %q", s.SpamReason, tc.reason)
			}
			if (tc.reason != "") != (s.Status == senderos.StatusSuspected) {
				t.Fatalf("stored as %s with reason %q", s.Status, tc.reason)
			}
		})
	}
	t.Run("RateLimited", func(t *testing.T) {
		b := mustOpenAPI(t, func(c *apiConfig) { c.RateLimit = 2 })
		var last *http.Response
		var body map[string]any
		for i := range 3 {
			last, body = b.postJSON(t, "/api/v1/hosts?lang=fr", with(validHost(), "about", "N"+string(rune('A'+i))))
		}
		if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" || b.count(t) != 2 {
			t.Fatalf("status %d %v, %d stored", last.StatusCode, body, b.count(t))
		}
		if msg, _ := body["message"].(string); !strings.Contains(msg, "formulaires") {
			t.Errorf("message not in French: %q", msg)
		}
	})
}

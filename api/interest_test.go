package api_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/api"
)

func TestCreateInterestJSON(t *testing.T) {
	a := mustOpenAPI(t)

	t.Run("StoresAndReturnsReference", func(t *testing.T) {
		res, body := a.postJSON(t, "/api/v1/interest", validInterest())
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("status %d %v", res.StatusCode, body)
		}
		ref, _ := body["reference"].(string)
		s := a.mustFind(t, ref)
		if s.Kind != senderos.KindInterest || s.Status != senderos.StatusNew || s.Interest == nil {
			t.Fatalf("stored %+v", s)
		}
		in := s.Interest
		if in.Adults != 2 || len(in.Children) != 1 || in.Children[0].Age != 7 || in.Contact.Phone != "+34612345987" ||
			in.Contact.Email != "zarah@example.com" || in.Regions[0] != "02" || !in.DrivingLicence {
			t.Fatalf("stored interest %+v", in)
		}
		if s.Consent.PrivacyVersion != "2026-11" || s.Consent.Lang != "es" || s.Consent.At.IsZero() {
			t.Fatalf("consent %+v", s.Consent)
		}
	})
	t.Run("ErrUnknownField", func(t *testing.T) {
		n := a.count(t)
		res, body := a.postJSON(t, "/api/v1/interest", with(validInterest(), "nationality", "x"))
		fields, _ := body["fields"].(map[string]any)
		if res.StatusCode != http.StatusUnprocessableEntity || fields["nationality"] == nil {
			t.Fatalf("status %d %v", res.StatusCode, body)
		}
		if a.count(t) != n {
			t.Fatal("an invalid submission changed the database")
		}
	})
	t.Run("ErrNotANumber", func(t *testing.T) {
		res, body := a.postJSON(t, "/api/v1/interest", with(validInterest(), "adults", "two"))
		fields, _ := body["fields"].(map[string]any)
		if res.StatusCode != http.StatusUnprocessableEntity || fields["adults"] != "Escribe un número, solo con cifras." {
			t.Fatalf("status %d %v", res.StatusCode, body)
		}
	})
	t.Run("ErrMalformedJSON", func(t *testing.T) {
		res, body := a.postJSON(t, "/api/v1/interest", `{"adults": 2,`)
		if res.StatusCode != http.StatusUnprocessableEntity || body["code"] != "invalid" {
			t.Fatalf("status %d %v", res.StatusCode, body)
		}
	})
	t.Run("ErrRequiredFieldsInEachLanguage", func(t *testing.T) {
		want := map[string]string{
			"es": "Este dato es obligatorio.", "en": "This is required.",
			"fr": "Cette information est obligatoire.", "ar": "هذه المعلومة مطلوبة.",
		}
		for lang, msg := range want {
			res, body := a.postJSON(t, "/api/v1/interest", map[string]any{"lang": lang})
			fields, _ := body["fields"].(map[string]any)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%s: status %d", lang, res.StatusCode)
			}
			for _, f := range []string{"adults", "languages", "spanish_level", "city", "province_code", "regions", "bedrooms", "move_when", "name", "contact_language", "channel"} {
				if fields[f] != msg {
					t.Errorf("%s: field %s: %v, want %q", lang, f, fields[f], msg)
				}
			}
			if fields["consent"] == nil {
				t.Errorf("%s: consent not required", lang)
			}
		}
	})
	t.Run("ErrLanguageFromQueryWhenBodyUnreadable", func(t *testing.T) {
		res, body := a.postJSON(t, "/api/v1/interest?lang=fr", `nope`)
		if res.StatusCode != http.StatusUnprocessableEntity || body["message"] != "Vérifiez ces réponses avant d’envoyer le formulaire :" {
			t.Fatalf("status %d %v", res.StatusCode, body)
		}
	})
	for _, tc := range []struct {
		name, field string
		change      []any
		want        string
	}{
		{"ErrEmailInvalid", "email", []any{"email", "zarah@"}, "Enter a valid email address, for example name@example.com."},
		{"ErrPhoneInvalid", "phone", []any{"phone", "12345"}, "Enter a valid phone number: 9 digits, or with the international code, for example +34 600 000 000."},
		{"ErrContactNeeded", "phone", []any{"phone", "", "email", ""}, "Enter a phone number or an email address so that we can contact you."},
		{"ErrPhoneNeededForWhatsApp", "phone", []any{"phone", ""}, "For us to call you or write on WhatsApp, enter a phone number."},
		{"ErrEmailNeededForEmail", "email", []any{"email", "", "channel", "email"}, "For us to write to you by email, enter an email address."},
		{"ErrAdultsOutOfRange", "adults", []any{"adults", 0}, "Enter a number between 1 and 10."},
		{"ErrChildTooOld", "children", []any{"children", []any{map[string]any{"age": 18}}}, "Enter a number between 0 and 17."},
		{"ErrUnknownStage", "children", []any{"children", []any{map[string]any{"age": 5, "stage": "uni"}}}, "Choose one of the options in the list."},
		{"ErrUnknownProvince", "province_code", []any{"province_code", "53"}, "Choose one of the options in the list."},
		{"ErrUnknownRegion", "regions", []any{"regions", []string{"20"}}, "Choose one of the options in the list."},
		{"ErrCityTooLong", "city", []any{"city", strings.Repeat("a", 81)}, "Write at most 80 characters."},
		{"ErrSkillsTooLong", "skills", []any{"skills", strings.Repeat("é", 1001)}, "Write at most 1000 characters."},
		{"ErrConsentMissing", "consent", []any{"consent", false}, "To send the form you need to accept the privacy notice."},
		{"ErrTooManyLanguages", "languages", []any{"languages", []string{"es", "ar", "fr", "en", "pt", "ro", "uk", "ru", "zh"}}, "Give at most 8."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := with(validInterest(), append([]any{"lang", "en"}, tc.change...)...)
			res, out := a.postJSON(t, "/api/v1/interest", body)
			fields, _ := out["fields"].(map[string]any)
			if res.StatusCode != http.StatusUnprocessableEntity || fields[tc.field] != tc.want {
				t.Fatalf("status %d, %s: %v, want %q (all: %v)", res.StatusCode, tc.field, fields[tc.field], tc.want, fields)
			}
		})
	}
	t.Run("AnywhereStandsAlone", func(t *testing.T) {
		_, body := a.postJSON(t, "/api/v1/interest", with(validInterest(), "regions", []string{"02", "anywhere"}, "city", "Getafe"))
		s := a.mustFind(t, body["reference"].(string))
		if len(s.Interest.Regions) != 1 || s.Interest.Regions[0] != senderos.Anywhere {
			t.Fatalf("regions %v", s.Interest.Regions)
		}
	})
	t.Run("InternationalPhone", func(t *testing.T) {
		_, body := a.postJSON(t, "/api/v1/interest", with(validInterest(), "phone", "00 212 612-345-678", "city", "Leganés"))
		s := a.mustFind(t, body["reference"].(string))
		if s.Interest.Contact.Phone != "+212612345678" {
			t.Fatalf("phone %q", s.Interest.Contact.Phone)
		}
	})
}

func TestCreateInterestForm(t *testing.T) {
	a := mustOpenAPI(t)

	t.Run("RedirectsToThankYouPage", func(t *testing.T) {
		res, _ := a.postForm(t, "/api/v1/interest?lang=ar", validInterestForm("ar"))
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/api/v1/thanks/NS-") {
			t.Fatalf("status %d location %q", res.StatusCode, loc)
		}
		ref := strings.TrimPrefix(loc, "/api/v1/thanks/")
		s := a.mustFind(t, ref)
		if s.Lang != "ar" || s.Interest.Contact.Channel != "phone" || len(s.Interest.Children) != 1 {
			t.Fatalf("stored %+v %+v", s, s.Interest)
		}
		page, err := client.Get(a.URL + loc)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, page)
		if page.StatusCode != http.StatusOK || !strings.Contains(body, `dir="rtl"`) || !strings.Contains(body, ">"+ref+"</strong>") {
			t.Fatalf("thanks page %d:\n%s", page.StatusCode, body)
		}
		if strings.Contains(body, "Zarah") || strings.Contains(body, "612 345 987") {
			t.Fatal("the thank-you page shows personal data")
		}
	})
	t.Run("ErrorPageKeepsWhatWasTyped", func(t *testing.T) {
		n := a.count(t)
		f := validInterestForm("ar")
		f.Set("email", "zarah@@example")
		f.Set("city", "")
		f.Set("skills", `<b>"Cocina"</b>`)
		res, body := a.postForm(t, "/api/v1/interest?lang=ar", f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("status %d", res.StatusCode)
		}
		for _, want := range []string{
			`dir="rtl"`,
			`اكتبوا بريدًا إلكترونيًا صحيحًا`, // the e-mail problem, in Arabic
			`هذه المعلومة مطلوبة.`,            // city is required
			`value="zarah@@example"`,
			`value="Zarah Testname"`,
			`&lt;b&gt;&#34;Cocina&#34;&lt;/b&gt;</textarea>`, // typed text kept, escaped
			`id="error-email"`, `aria-invalid="true"`, `href="#email"`, `role="alert"`,
			`<title>خطأ: `,
			`>Ciudad: هذه المعلومة مطلوبة.</a>`, // the summary names the field without its "(required)" mark
		} {
			if !strings.Contains(body, want) {
				t.Errorf("error page lacks %s", want)
			}
		}
		if !strings.Contains(body, `value="ar" checked`) && !strings.Contains(body, `value="ar" checked=""`) {
			t.Errorf("checkbox languages=ar not kept checked")
		}
		if a.count(t) != n {
			t.Fatal("an invalid submission changed the database")
		}
	})
	t.Run("WorksWithoutSitePages", func(t *testing.T) {
		b := mustOpenAPI(t, func(c *apiConfig) { c.Pages = nil })
		f := validInterestForm("fr")
		f.Set("adults", "")
		res, body := b.postForm(t, "/api/v1/interest", f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `lang="fr"`) || !strings.Contains(body, "obligatoire") {
			t.Fatalf("status %d\n%s", res.StatusCode, body)
		}
	})
}

func TestOneRecordPerForm(t *testing.T) {
	a := mustOpenAPI(t)
	t.Run("SameContentTwice", func(t *testing.T) {
		res1, b1 := a.postJSON(t, "/api/v1/interest", validInterest())
		res2, b2 := a.postJSON(t, "/api/v1/interest", validInterest())
		if res1.StatusCode != http.StatusCreated || res2.StatusCode != http.StatusOK || b1["reference"] != b2["reference"] {
			t.Fatalf("%d %v / %d %v", res1.StatusCode, b1, res2.StatusCode, b2)
		}
	})
	t.Run("SameSubmissionIDTwice", func(t *testing.T) {
		first := with(validInterest(), "submission_id", "5b0c7a0e-0e1f-4c55-9d7e-1a2b3c4d5e6f")
		second := with(first, "city", "Alcorcón") // a retry after an edit keeps its id
		_, b1 := a.postJSON(t, "/api/v1/interest", first)
		_, b2 := a.postJSON(t, "/api/v1/interest", second)
		if b1["reference"] != b2["reference"] {
			t.Fatalf("%v / %v", b1, b2)
		}
	})
	t.Run("DoubleClickedForm", func(t *testing.T) {
		n := a.count(t)
		f := validInterestForm("es")
		f.Set("city", "Móstoles")
		r1, _ := a.postForm(t, "/api/v1/interest", f)
		r2, _ := a.postForm(t, "/api/v1/interest", f)
		if r1.Header.Get("Location") != r2.Header.Get("Location") || a.count(t) != n+1 {
			t.Fatalf("%q %q, %d records", r1.Header.Get("Location"), r2.Header.Get("Location"), a.count(t)-n)
		}
	})
}

// TestDuplicateFormKey checks the key that recognises a form sent twice
// without JavaScript: a MAC of the form under a key derived from the form
// key, which replicas share, never a plain hash that a guess of the
// person's name and e-mail could be checked against.
func TestDuplicateFormKey(t *testing.T) {
	keyOf := func(t *testing.T, formKey []byte) string {
		a := mustOpenAPI(t, func(c *api.Config) { c.FormKey = formKey })
		res, _ := a.postForm(t, "/api/v1/interest", validInterestForm("es"))
		ref := strings.TrimPrefix(res.Header.Get("Location"), "/api/v1/thanks/")
		return a.mustFind(t, ref).IdempotencyKey
	}
	one, other := bytes.Repeat([]byte("k"), 32), bytes.Repeat([]byte("o"), 32)
	k1, k2, k3 := keyOf(t, one), keyOf(t, one), keyOf(t, other)
	if !strings.HasPrefix(k1, "hmac:") {
		t.Errorf("key %q is not a MAC", k1)
	}
	if k1 != k2 {
		t.Errorf("two servers with one form key make %q and %q: replicas would not recognise a repeat", k1, k2)
	}
	if k1 == k3 {
		t.Errorf("two form keys make the same key %q: it is not keyed", k1)
	}
}

// TestSameFormUnderNewPrivacyNotice sends a form again after the privacy
// notice changed: the person is answered as for any form that arrived (the
// thank-you page with the first reference) and the new consent is kept.
func TestSameFormUnderNewPrivacyNotice(t *testing.T) {
	a := mustOpenAPI(t)
	f := validInterestForm("es")
	r1, _ := a.postForm(t, "/api/v1/interest", f)
	a.clock.Add(24 * time.Hour)
	f.Set("privacy_version", "2027-02")
	r2, _ := a.postForm(t, "/api/v1/interest", f)
	if r2.StatusCode != http.StatusSeeOther || r2.Header.Get("Location") != r1.Header.Get("Location") {
		t.Fatalf("second send: %d to %q, want 303 to %q", r2.StatusCode, r2.Header.Get("Location"), r1.Header.Get("Location"))
	}
	if thanks, err := client.Get(a.URL + r2.Header.Get("Location")); err != nil || thanks.StatusCode != http.StatusOK {
		t.Fatalf("thank-you page: %v %v", thanks, err)
	}
	if n := a.count(t); n != 1 {
		t.Fatalf("%d records, want 1", n)
	}
	s := a.mustFind(t, strings.TrimPrefix(r1.Header.Get("Location"), "/api/v1/thanks/"))
	if s.Consent.PrivacyVersion != "2027-02" || !s.Consent.At.Equal(a.clock.Now()) {
		t.Errorf("consent %+v, want 2027-02 at %v", s.Consent, a.clock.Now())
	}
	events, err := a.store.FindEvents(context.Background(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Type != senderos.EventConsent || events[0].From != "2026-11" || events[0].To != "2027-02" {
		t.Errorf("history %+v, want the consent to 2027-02", events)
	}

	// The page's script gets the same answer as for a repeat: 200 and
	// the reference.
	res, body := a.postJSON(t, "/api/v1/interest", with(validInterest(), "privacy_version", "2027-02", "submission_id", "5b0c7a0e-0e1f-4c55-9d7e-1a2b3c4d5e70"))
	_, again := a.postJSON(t, "/api/v1/interest", with(validInterest(), "privacy_version", "2027-05", "submission_id", "5b0c7a0e-0e1f-4c55-9d7e-1a2b3c4d5e70"))
	if res.StatusCode != http.StatusCreated || again["reference"] != body["reference"] {
		t.Errorf("JSON: %d %v then %v", res.StatusCode, body, again)
	}
}

func TestSpamIsKeptApart(t *testing.T) {
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
		{"ExpiredToken", func(t *testing.T, b map[string]any) { b["form_token"] = token(t); a.clock.Add(25 * time.Hour) }, "expired_token"},
		{"PersonWithToken", func(t *testing.T, b map[string]any) { b["form_token"] = token(t); a.clock.Add(3 * time.Minute) }, ""},
		{"PersonWithoutJavaScript", func(t *testing.T, b map[string]any) {}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := with(validInterest(), "city", "Ciudad "+tc.name)
			tc.prepare(t, body)
			res, out := a.postJSON(t, "/api/v1/interest", body)
			if res.StatusCode != http.StatusCreated {
				t.Fatalf("status %d %v: suspected spam must be acknowledged like any submission", res.StatusCode, out)
			}
			s := a.mustFind(t, out["reference"].(string))
			if s.SpamReason != tc.reason {
				t.Fatalf("spam reason %q, want %q", s.SpamReason, tc.reason)
			}
			if tc.reason != "" && (s.Status != senderos.StatusSuspected || s.ExpiresAt.Sub(s.Consent.At) != 30*24*time.Hour) {
				t.Fatalf("suspected spam stored as %s expiring %v", s.Status, s.ExpiresAt)
			}
			if tc.reason == "" && (s.Status != senderos.StatusNew || !s.ExpiresAt.IsZero()) {
				t.Fatalf("a person's submission stored as %s expiring %v", s.Status, s.ExpiresAt)
			}
		})
	}
}

func TestRequestLimits(t *testing.T) {
	t.Run("BodyOver64KBIs413", func(t *testing.T) {
		a := mustOpenAPI(t)
		big := with(validInterest(), "skills", strings.Repeat("x", 70_000))
		res, body := a.postJSON(t, "/api/v1/interest?lang=en", big)
		if res.StatusCode != http.StatusRequestEntityTooLarge || body["message"] != "The form sent is too large (64 KB at most)." || a.count(t) != 0 {
			t.Fatalf("status %d %v", res.StatusCode, body)
		}
		f := validInterestForm("es")
		f.Set("skills", strings.Repeat("x", 70_000))
		res2, page := a.postForm(t, "/api/v1/interest?lang=es", f)
		if res2.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(page, "demasiado grande") {
			t.Fatalf("form: status %d", res2.StatusCode)
		}
	})
	t.Run("TooManyIs429WithRetryAfter", func(t *testing.T) {
		a := mustOpenAPI(t, func(c *apiConfig) { c.RateLimit = 3 })
		var last *http.Response
		var body map[string]any
		for i := range 4 {
			last, body = a.postJSON(t, "/api/v1/interest?lang=ar", with(validInterest(), "city", "Ciudad "+string(rune('A'+i))))
		}
		if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" ||
			body["message"] != "أرسلتم استمارات كثيرة في وقت قصير. حاولوا مرة أخرى بعد بضع دقائق." {
			t.Fatalf("status %d retry-after %q %v", last.StatusCode, last.Header.Get("Retry-After"), body)
		}
		if a.count(t) != 3 {
			t.Fatalf("%d stored", a.count(t))
		}
		a.clock.Add(time.Minute)
		if res, _ := a.postJSON(t, "/api/v1/interest", with(validInterest(), "city", "Más tarde")); res.StatusCode != http.StatusCreated {
			t.Fatalf("after waiting: %d", res.StatusCode)
		}
	})
	t.Run("CrossOriginFormPostIs403", func(t *testing.T) {
		a := mustOpenAPI(t)
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/api/v1/interest?lang=es", strings.NewReader(validInterestForm("es").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		page := readAll(t, res)
		if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "solo se puede enviar desde la web") || a.count(t) != 0 {
			t.Fatalf("status %d %s", res.StatusCode, page)
		}
	})
	t.Run("TrustedOriginMayPost", func(t *testing.T) {
		a := mustOpenAPI(t, func(c *apiConfig) { c.TrustedOrigins = []string{"https://site.example"} })
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/api/v1/interest", strings.NewReader(validInterestForm("es").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://site.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	t.Run("OtherMediaTypeIs415", func(t *testing.T) {
		a := mustOpenAPI(t)
		res, err := client.Post(a.URL+"/api/v1/interest", "text/plain", strings.NewReader("hi"))
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusUnsupportedMediaType {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
}

func TestLogsCarryNoPersonalData(t *testing.T) {
	a := mustOpenAPI(t)
	a.postJSON(t, "/api/v1/interest", validInterest())
	a.postForm(t, "/api/v1/interest", url.Values{"name": {"Zarah Testname"}, "email": {"zarah@example.com"}})
	a.postJSON(t, "/api/v1/municipalities", validMunicipality())
	logs := a.logs.String()
	if !strings.Contains(logs, `"request_id"`) || !strings.Contains(logs, "submission stored") {
		t.Fatalf("logs lack request ids or events:\n%s", logs)
	}
	for _, secret := range []string{"Zarah", "zarah@example.com", "612345987", "612 345 987", "adl@example.org", "Persona Contacto", "Madrid", "978654321", "978 654 321"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}

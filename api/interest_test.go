package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/cepaim/senderos"
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

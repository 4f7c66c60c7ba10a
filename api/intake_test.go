package api_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/api"
)

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

package familypage

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func TestPage(t *testing.T) {
	e := newEnv(t)
	_, path := e.link(e.c)

	t.Run("OpensInTheFamilysLanguageRightToLeft", func(t *testing.T) {
		res, body := e.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		for _, want := range []string{`<html lang="ar" dir="rtl">`, "خطتكم الشخصية", "Curso de español A2", "Empadronarse en el pueblo",
			"<bdi>Lucía</bdi>.", Contact, "زيارة منزلية", "هل كان الانتقال إلى القرية قرارًا جيدًا؟"} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		for _, never := range []string{"Fernández", "Amina", "600111222", "amina@example.org"} {
			if strings.Contains(body, never) {
				t.Errorf("page shows %q", never)
			}
		}
	})
	t.Run("LanguageSwitcher", func(t *testing.T) {
		_, body := e.get(path + "?lang=fr")
		if !strings.Contains(body, `<html lang="fr" dir="ltr">`) || !strings.Contains(body, "Votre plan personnel") {
			t.Error("?lang=fr does not give the page in French")
		}
		for _, l := range []string{"es", "en", "fr", "ar"} {
			if !strings.Contains(body, `href="?lang=`+l+`"`) {
				t.Errorf("no link to %s", l)
			}
		}
	})
	t.Run("Headers", func(t *testing.T) {
		res, body := e.get(path)
		for k, want := range map[string]string{
			"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
			"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
		} {
			if got := res.Header.Get(k); got != want {
				t.Errorf("%s: %q, want %q", k, got, want)
			}
		}
		if !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("CSP %q", res.Header.Get("Content-Security-Policy"))
		}
		if !strings.Contains(body, `<meta name="robots" content="noindex, nofollow">`) {
			t.Error("no robots meta")
		}
	})
	t.Run("NoOtherSite", func(t *testing.T) {
		for _, p := range []string{path, path + "?lang=es", "/family/nope"} {
			_, body := e.get(p)
			if m := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9]`).FindString(body); m != "" {
				t.Errorf("%s: the page names another site: %q", p, m)
			}
			if strings.Contains(body, "<script") {
				t.Errorf("%s: the page has a script", p)
			}
		}
	})
	t.Run("Audited", func(t *testing.T) {
		got := e.audited(senderos.AuditFamilyPage)
		if len(got) == 0 || got[0].Target != e.c.Reference {
			t.Fatalf("open not audited: %+v", got)
		}
	})
	t.Run("Stylesheet", func(t *testing.T) {
		res, body := e.get("/family/static/family.css")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "@media print") {
			t.Errorf("stylesheet: %d", res.StatusCode)
		}
	})
}

func TestNeutralPage(t *testing.T) {
	e := newEnv(t)
	revoked, revokedPath := e.link(e.c)
	if err := e.family.RevokeFamilyLink(t.Context(), revoked.ID, e.svc.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	now := e.svc.Clock.Now()
	_, token, err := e.family.CreateFamilyLink(t.Context(), e.c.ID, e.tech.ID, now.Add(-48*time.Hour), now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	token2, _ := senderos.NewFamilyToken()
	erased := e.newCase("es")
	_, erasedPath := e.link(erased)
	if err := e.svc.Submissions.EraseSubmission(t.Context(), erased.SubmissionID, e.tech.ID); err != nil {
		t.Fatal(err)
	}
	var first string
	for name, p := range map[string]string{"Revoked": revokedPath, "Expired": "/family/" + token,
		"Unknown": "/family/" + token2, "Erased": erasedPath, "Garbage": "/family/x", "Deeper": "/family/x/y"} {
		t.Run(name, func(t *testing.T) {
			res, body := e.get(p)
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("status %d", res.StatusCode)
			}
			for _, want := range []string{"Este enlace no funciona", "This link does not work", "Ce lien ne fonctionne pas", "هذا الرابط لا يعمل",
				`lang="ar" dir="rtl"`, "noindex", "<bdi>" + Contact + "</bdi>."} {
				if !strings.Contains(body, want) {
					t.Errorf("lacks %q", want)
				}
			}
			if res.Header.Get("X-Robots-Tag") == "" || res.Header.Get("Referrer-Policy") != "no-referrer" {
				t.Error("headers missing")
			}
			if first == "" {
				first = body
			} else if body != first {
				t.Error("the neutral page differs with the reason")
			}
		})
	}
	t.Run("DeniedAuditedWithoutToken", func(t *testing.T) {
		got := e.audited(senderos.AuditFamilyDenied)
		if len(got) < 3 {
			t.Fatalf("%d denied opens audited", len(got))
		}
		for _, a := range got {
			if strings.Contains(a.Target+a.Detail+a.Actor, token) || strings.Contains(a.Target+a.Detail, e.c.Reference) {
				t.Errorf("audit entry names the link or the case: %+v", a)
			}
		}
	})
}

func TestGuessingIsLimited(t *testing.T) {
	e := newEnv(t)
	_, valid := e.link(e.c)
	for i := range guessLimit {
		if res, _ := e.get("/family/wrong" + string(rune('a'+i))); res.StatusCode != http.StatusNotFound {
			t.Fatalf("wrong link %d: %d", i+1, res.StatusCode)
		}
	}
	res, body := e.get("/family/wrongz")
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "This link does not work") {
		t.Fatalf("after %d wrong links: %d", guessLimit, res.StatusCode)
	}
	if res, _ := e.get(valid); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a valid link from a guessing address: %d, want 429", res.StatusCode)
	}
	e.svc.Clock.Add(guessWindow / guessLimit)
	if res, _ := e.get(valid); res.StatusCode != http.StatusOK {
		t.Errorf("a valid link once the window moved on: %d", res.StatusCode)
	}
}

func TestFeedback(t *testing.T) {
	e := newEnv(t)
	_, path := e.link(e.c)
	_, body := e.get(path)
	token := csrf(t, body)

	t.Run("BadInputSavesNothing", func(t *testing.T) {
		for name, form := range map[string]url.Values{
			"ErrScore":    {"support": {"7"}, "comment": {"ok"}},
			"ErrNothing":  {},
			"ErrDecision": {"good_decision": {"maybe"}},
			"ErrComment":  {"comment": {strings.Repeat("a", senderos.MaxLongText+1)}},
		} {
			t.Run(name, func(t *testing.T) {
				form.Set("csrf", token)
				form.Set("lang", "ar")
				res, body := e.post(path, form)
				if res.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d", res.StatusCode)
				}
				if !strings.Contains(body, `class="error"`) || !strings.Contains(body, "راجعوا ما هو مُشار إليه") {
					t.Error("no problem shown in Arabic")
				}
			})
		}
		if got := e.feedback(e.c); len(got) != 0 {
			t.Errorf("%d feedback saved", len(got))
		}
	})
	t.Run("ErrScoreKeepsTheAnswers", func(t *testing.T) {
		_, body := e.post(path, url.Values{"csrf": {token}, "lang": {"es"}, "support": {"9"}, "village": {"4"}, "comment": {"Hola"}})
		if !strings.Contains(body, `id="support-error"`) || !strings.Contains(body, `name="village" value="4" checked`) ||
			!strings.Contains(body, ">Hola</textarea>") || !strings.Contains(body, `lang="es"`) {
			t.Error("the form does not come back as sent, with the problem by its field")
		}
	})
	t.Run("ErrCSRF", func(t *testing.T) {
		res, _ := e.post(path, url.Values{"csrf": {"forged"}, "support": {"5"}})
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d", res.StatusCode)
		}
		other := e.newCase("es")
		_, otherPath := e.link(other)
		res, _ = e.post(otherPath, url.Values{"csrf": {token}, "support": {"5"}})
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("another link's token: status %d", res.StatusCode)
		}
		if got := e.feedback(e.c); len(got) != 0 {
			t.Errorf("%d feedback saved", len(got))
		}
	})
	t.Run("SavedAndThanked", func(t *testing.T) {
		res, _ := e.post(path, url.Values{"csrf": {token}, "lang": {"ar"}, "support": {"5"}, "information": {"4"},
			"village": {"3"}, "good_decision": {"yes"}, "comment": {"شكرًا\r\nكل شيء جيد"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		loc := res.Header.Get("Location")
		got := e.feedback(e.c)
		if len(got) != 1 {
			t.Fatalf("%d feedback saved", len(got))
		}
		f := got[0]
		if f.Support != 5 || f.Information != 4 || f.Training != 0 || f.Village != 3 || f.Month != 1 || f.GoodDecision != "yes" ||
			f.Channel != senderos.FeedbackFamilyPage || f.Comment != "شكرًا\nكل شيء جيد" {
			t.Errorf("saved %+v", f)
		}
		_, body := e.get(loc)
		if !strings.Contains(body, "شكرًا لكم. وصلتنا إجابتكم.") {
			t.Error("no thank-you after the redirect")
		}
		if strings.Contains(body, `name="good_decision"`) {
			t.Error("the decision question is asked again once answered")
		}
	})
	t.Run("RevokedLinkCannotPost", func(t *testing.T) {
		l, p := e.link(e.c)
		_, body := e.get(p)
		tok := csrf(t, body)
		e.family.RevokeFamilyLink(t.Context(), l.ID, e.svc.Clock.Now())
		res, _ := e.post(p, url.Values{"csrf": {tok}, "support": {"1"}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", res.StatusCode)
		}
	})
}

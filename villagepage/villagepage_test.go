package villagepage

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func TestVillagePage(t *testing.T) {
	e := newEnv(t)

	t.Run("WrongLinkGetsTheNeutralPage", func(t *testing.T) {
		res, body := e.get("/village/" + strings.Repeat("x", 43))
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", res.StatusCode)
		}
		for _, want := range []string{"Este enlace no funciona", "This link does not work", "Ce lien ne fonctionne pas", "هذا الرابط لا يعمل"} {
			if !strings.Contains(body, want) {
				t.Errorf("no %q", want)
			}
		}
		if strings.Contains(body, "Alcañiz") || res.Header.Get("X-Robots-Tag") != "noindex, nofollow" {
			t.Errorf("the neutral page tells something, or is indexed: %s", res.Header.Get("X-Robots-Tag"))
		}
	})
	t.Run("ShowsItsOffersAndProposalsOnly", func(t *testing.T) {
		res, body := e.get(e.path + "?lang=es")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		if res.Header.Get("X-Robots-Tag") != "noindex, nofollow" || !strings.Contains(body, `<meta name="robots" content="noindex, nofollow">`) {
			t.Error("the page may be indexed")
		}
		for _, want := range []string{`lang="es" dir="ltr"`, "Alcañiz 44013", "Recogida de aceituna", "Cooperativa 44013",
			"3 dormitorios", "350 € al mes", "Familia " + e.proposal.Reference, `name="reason" value="housing"`,
			`href="?lang=ar"`} {
			if !strings.Contains(body, want) {
				t.Errorf("no %q on the page", want)
			}
		}
		for _, never := range []string{"Pastoreo en el Pirineo", "Karim", "Haddad", "600333444"} {
			if strings.Contains(body, never) {
				t.Errorf("the page shows %q", never)
			}
		}
		_, ar := e.get(e.path + "?lang=ar")
		if !strings.Contains(ar, `lang="ar" dir="rtl"`) || !strings.Contains(ar, "عروض العمل المتاحة") {
			t.Error("no Arabic page, right to left")
		}
	})
	t.Run("AddingAJobWithMistakesChangesNothing", func(t *testing.T) {
		res, body := e.post(e.path, "job", url.Values{"lang": {"es"}, "employer": {"Granja Los Olivos"},
			"sector": {"livestock"}, "tasks": {"Cuidado de ovejas"}, "contract": {"permanent"}, "hours_week": {"40"},
			"start": {e.svc.Clock.Now().AddDate(0, 0, -1).Format(time.DateOnly)}, "pay_min": {"1300"}, "pay_max": {"mucho"},
			"vacancies": {"0"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		for _, want := range []string{`id="job-vacancies-error"`, `id="job-start-error"`, `id="job-pay_max-error"`,
			"La fecha no puede ser anterior a hoy.", "Tiene que ser un número entero.", `value="Granja Los Olivos"`} {
			if !strings.Contains(body, want) {
				t.Errorf("no %q on the page", want)
			}
		}
		if cs := e.changes("44013"); len(cs) != 0 {
			t.Errorf("%d changes stored", len(cs))
		}
	})
	t.Run("AddingAJobIsAPendingChange", func(t *testing.T) {
		res, _ := e.post(e.path, "job", url.Values{"lang": {"fr"}, "employer": {"Granja Los Olivos"},
			"contact.name": {"Ana Granjera"}, "contact.phone": {"978000111"},
			"sector": {"livestock"}, "tasks": {"Cuidado de ovejas"}, "contract": {"permanent"}, "hours_week": {"40"},
			"start": {e.svc.Clock.Now().AddDate(0, 1, 0).Format(time.DateOnly)}, "pay_min": {"1300"}, "pay_max": {"1500"},
			"vacancies": {"1"}, "needs_licence": {"on"}, "spanish_level": {"basic"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		cs := e.changes("44013")
		if len(cs) != 1 || cs[0].Kind != senderos.ChangeAddJob || cs[0].Status != senderos.ChangePending || cs[0].Job == nil ||
			cs[0].Job.Employer != "Granja Los Olivos" || !cs[0].Job.NeedsLicence || cs[0].Job.SpanishLevel != "basic" ||
			cs[0].Job.Contact.Name != "Ana Granjera" {
			t.Fatalf("changes %+v", cs)
		}
		jobs, _ := e.offers.FindJobs(t.Context(), senderos.OfferFilter{Municipality: "44013"})
		if len(jobs) != 1 {
			t.Errorf("%d jobs: a change is public before staff review it", len(jobs))
		}
		_, body := e.get(res.Header.Get("Location"))
		if !strings.Contains(body, "L’offre d’emploi a été envoyée") || !strings.Contains(body, "Nouvelle offre d’emploi") {
			t.Errorf("the page does not say it was sent or list it:\n%.3000s", body)
		}
	})
	t.Run("AddingAHomeAndTheVillagesFacts", func(t *testing.T) {
		res, body := e.post(e.path, "home", url.Values{"bedrooms": {"0"}, "rent": {"-5"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="home-bedrooms-error"`) ||
			!strings.Contains(body, `id="home-rent-error"`) || !strings.Contains(body, `id="home-available_from-error"`) {
			t.Fatalf("status %d", res.StatusCode)
		}
		res, _ = e.post(e.path, "home", url.Values{"bedrooms": {"2"}, "rent": {"0"}, "step_free": {"on"},
			"available_from": {e.svc.Clock.Now().Format(time.DateOnly)}, "job": {strconv.FormatInt(e.job.ID, 10)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("home: status %d", res.StatusCode)
		}
		res, _ = e.post(e.path, "village", url.Values{"services": {"school", "pharmacy"}, "hospital_km": {"35"}, "town_km": {"12"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("village: status %d", res.StatusCode)
		}
		cs := e.changes("44013")
		var home, village *senderos.VillageChange
		for _, c := range cs {
			switch c.Kind {
			case senderos.ChangeAddHome:
				home = c
			case senderos.ChangeVillage:
				village = c
			}
		}
		if home == nil || home.Home.Bedrooms != 2 || !home.Home.StepFree || home.Home.JobID != e.job.ID {
			t.Errorf("home change %+v", home)
		}
		if village == nil || village.Village.HospitalKm != 35 || village.Village.TownKm != 12 || len(village.Village.Services) != 2 {
			t.Errorf("village change %+v", village)
		}
	})
	t.Run("ClosingAnotherMunicipalitysOfferIsRefused", func(t *testing.T) {
		before := len(e.changes("44013")) + len(e.changes("22001"))
		res, body := e.post(e.path, "close", url.Values{"lang": {"es"}, "offer": {"job"}, "id": {strconv.FormatInt(e.otherJob.ID, 10)}})
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "no es de este municipio") {
			t.Fatalf("status %d:\n%.2000s", res.StatusCode, body)
		}
		if after := len(e.changes("44013")) + len(e.changes("22001")); after != before {
			t.Errorf("%d changes, want %d", after, before)
		}
		res, _ = e.post(e.path, "close", url.Values{"offer": {"job"}, "id": {strconv.FormatInt(e.job.ID, 10)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("closing its own: status %d", res.StatusCode)
		}
	})
	t.Run("AnotherLinksTokenIsRefused", func(t *testing.T) {
		other := e.link("22001")
		_, body := e.get(other)
		before := len(e.changes("44013"))
		res, _ := e.post(e.path, "village", url.Values{"csrf": {csrf(t, body)}, "hospital_km": {"1"}})
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d", res.StatusCode)
		}
		if len(e.changes("44013")) != before {
			t.Error("a change was stored")
		}
	})
	t.Run("AnsweringAProposal", func(t *testing.T) {
		id := strconv.FormatInt(e.proposal.ID, 10)
		other := e.link("22001")
		res, _ := e.post(other, "answer", url.Values{"id": {id}, "answer": {"accept"}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("another village answered: status %d", res.StatusCode)
		}
		res, body := e.post(e.path, "answer", url.Values{"lang": {"ar"}, "id": {id}, "answer": {"decline"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "اختاروا سببًا من القائمة") {
			t.Errorf("decline without a reason: status %d", res.StatusCode)
		}
		if p, _ := e.matches.FindProposal(t.Context(), e.proposal.ID); len(p.Responses) != 0 {
			t.Fatalf("stored %+v", p.Responses)
		}
		res, _ = e.post(e.path, "answer", url.Values{"lang": {"ar"}, "id": {id}, "answer": {"accept"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept: status %d", res.StatusCode)
		}
		p, _ := e.matches.FindProposal(t.Context(), e.proposal.ID)
		a := p.Answer(senderos.PartyMunicipality)
		if a == nil || !a.Accept || a.Via != senderos.ViaVillageLink || len(p.Responses) != 1 {
			t.Fatalf("stored %+v", p.Responses)
		}
		_, body = e.get(res.Header.Get("Location"))
		if !strings.Contains(body, "سُجّل قبول البلدية") || !strings.Contains(body, "قبلت البلدية يوم") {
			t.Error("the page does not say what was recorded")
		}
		res, body = e.post(e.path, "answer", url.Values{"lang": {"es"}, "id": {id}, "answer": {"decline"}, "reason": {"other"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "ya respondió") {
			t.Errorf("twice: status %d", res.StatusCode)
		}
		if p, _ := e.matches.FindProposal(t.Context(), e.proposal.ID); len(p.Responses) != 1 {
			t.Errorf("stored %+v", p.Responses)
		}
	})
	t.Run("OpensAndAnswersAreAudited", func(t *testing.T) {
		for _, action := range []string{senderos.AuditVillagePage, senderos.AuditVillageDenied, senderos.AuditVillageAnswer} {
			got, err := e.svc.Audit.FindAudit(t.Context(), senderos.AuditFilter{Action: action, Limit: 10})
			if err != nil || len(got) == 0 {
				t.Errorf("%s: %v, %d entries", action, err, len(got))
			}
		}
	})
	t.Run("GuessingIsRateLimited", func(t *testing.T) {
		f := newEnv(t)
		var last int
		for i := range guessLimit + 2 {
			res, _ := f.get("/village/" + strings.Repeat("y", 40) + strconv.Itoa(i))
			last = res.StatusCode
		}
		if last != http.StatusTooManyRequests {
			t.Errorf("status %d after many wrong links", last)
		}
		if res, _ := f.get(f.path); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("a good link from the same address: status %d", res.StatusCode)
		}
	})
}

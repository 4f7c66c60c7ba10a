package familypage

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/webtest"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
	"github.com/cepaim/senderos/store/storetest"
	"github.com/cepaim/senderos/texts"
)

// proposalEnv is a family's page with the match and offer services, and a
// waiting family proposed a job and a home in an approved village.
type proposalEnv struct {
	*env
	matches *sqldb.MatchService
	offers  *sqldb.OfferService
	c       *senderos.Case
	p       *senderos.Proposal
	path    string
}

func newProposalEnv(t *testing.T, lang string) *proposalEnv {
	return newProposalEnvHost(t, lang, false)
}

// newProposalEnvHost is newProposalEnv, with the village's approved host
// family in the bundle when host is set.
func newProposalEnvHost(t *testing.T, lang string, host bool) *proposalEnv {
	t.Helper()
	e := newEnv(t)
	db, err := sqlite.Open(e.svc.DBPath, storetest.Keys())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	pe := &proposalEnv{env: e, matches: sqldb.NewMatchService(db), offers: sqldb.NewOfferService(db)}
	srv, err := NewServer(Config{Family: e.svc.Families, Cases: e.svc.Cases, Submissions: e.svc.Submissions, Staff: e.svc.Staff,
		Audit: e.svc.Audit, Matches: pe.matches, Offers: pe.offers, FormKey: webtest.FormKey(), Logger: e.svc.Logger(), Now: e.svc.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.ts = httptest.NewServer(srv)
	t.Cleanup(e.ts.Close)

	ctx, now := t.Context(), e.svc.Clock.Now()
	muni := webtest.Municipality("44013")
	if _, err := e.svc.Submissions.CreateSubmission(ctx, muni); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Profiles.ApproveMunicipality(ctx, senderos.Approval{SubmissionID: muni.ID, StaffID: e.tech.ID, Actor: e.tech.Email}); err != nil {
		t.Fatal(err)
	}
	job := &senderos.Job{Municipality: "44013", Employer: "Almazara del Bajo Aragón", Sector: "agriculture",
		Tasks: "Recogida de aceituna y trabajo en la almazara", Contract: senderos.ContractSeasonal, HoursWeek: 40,
		Start: now.AddDate(0, 1, 0), PayMin: 1200, PayMax: 1400, Vacancies: 2, Status: senderos.OfferOpen,
		Contact: senderos.Contact{Name: "Pedro Almazara", Phone: "978111222"}}
	if err := pe.offers.CreateJob(ctx, job, e.tech.ID, now); err != nil {
		t.Fatal(err)
	}
	home := &senderos.Home{Municipality: "44013", Bedrooms: 3, Rent: 350, AvailableFrom: now.AddDate(0, 0, 20),
		Furnished: true, Status: senderos.OfferOpen}
	if err := pe.offers.CreateHome(ctx, home, e.tech.ID, now); err != nil {
		t.Fatal(err)
	}
	var hostID int64
	if host {
		h := storetest.NewHost()
		h.Host.Code, h.Host.Name = "44013", "Alcañiz"
		if _, err := e.svc.Submissions.CreateSubmission(ctx, h); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Submissions.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: h.ID, By: e.tech.ID, Status: senderos.StatusApproved}); err != nil {
			t.Fatal(err)
		}
		hostID = h.ID
	}
	pe.c = e.waitingCase(lang)
	pe.p = &senderos.Proposal{CaseID: pe.c.ID, JobID: job.ID, HomeID: home.ID, HostID: hostID, By: e.tech.ID,
		Deadline: now.AddDate(0, 0, senderos.DefaultProposalDays),
		Fit: senderos.Fit{Total: 72, Scores: []senderos.Score{
			{Criterion: senderos.CriterionExperience, Weight: 5, Value: 1, Points: 40,
				Reason: senderos.Reason{Key: "match.score.experience.years", Args: []any{4}}},
			{Criterion: senderos.CriterionHospital, Weight: 2, Value: .5, Points: 8,
				Reason: senderos.Reason{Key: "match.score.hospital.km", Args: []any{35}}},
			{Criterion: senderos.CriterionTown, Weight: 0, Reason: senderos.Reason{Key: "match.score.town.km", Args: []any{34}}},
		}}}
	if err := pe.matches.Propose(ctx, pe.p, now); err != nil {
		t.Fatal(err)
	}
	_, pe.path = e.link(pe.c)
	return pe
}

// waitingCase stores an interviewed family that filled its form in lang,
// with an open case and no move yet: one a proposal may be made to.
func (e *env) waitingCase(lang string) *senderos.Case {
	t, ctx := e.t, e.t.Context()
	t.Helper()
	sub := &senderos.Submission{Kind: senderos.KindInterest, Lang: lang,
		Consent: senderos.Consent{PrivacyVersion: "2026-11", Lang: lang, At: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		Interest: &senderos.Interest{
			Adults: 2, Children: []senderos.Child{{Age: 8}}, Languages: []string{"ar"}, SpanishLevel: "basic", City: "Madrid", Province: "28",
			Sectors: []string{"agriculture"}, Regions: []string{"02"}, Bedrooms: 3, MoveWhen: "asap",
			Contact: senderos.Contact{Name: "Karim Haddad", Phone: "600333444", Language: lang, Channel: "whatsapp"},
		}}
	if _, err := e.svc.Submissions.CreateSubmission(ctx, sub); err != nil {
		t.Fatal(err)
	}
	for _, st := range []senderos.Status{senderos.StatusContacted, senderos.StatusInterviewed} {
		if _, err := e.svc.Submissions.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: sub.ID, By: e.tech.ID, Status: st, AssigneeID: e.tech.ID}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := e.cases.OpenCase(ctx, sub.ID, e.tech.ID, e.svc.Clock.Now().AddDate(0, -1, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// answerToken returns the answer forms' token on page body.
func answerToken(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `/proposal#proposal"`)
	if i < 0 {
		t.Fatalf("no answer form on the page:\n%.3000s", body)
	}
	return csrf(t, body[i:])
}

func (pe *proposalEnv) answer(form url.Values) (*http.Response, string) {
	pe.t.Helper()
	_, body := pe.get(pe.path)
	form.Set("csrf", answerToken(pe.t, body))
	form.Set("proposal", strconv.FormatInt(pe.p.ID, 10))
	return pe.post(pe.path+"/proposal", form)
}

func (pe *proposalEnv) stored() *senderos.Proposal {
	pe.t.Helper()
	p, err := pe.matches.FindProposal(pe.t.Context(), pe.p.ID)
	if err != nil {
		pe.t.Fatal(err)
	}
	return p
}

func TestProposalOnFamilyPage(t *testing.T) {
	t.Run("ShowsTheBundleAndItsReasonsInTheFamilysLanguage", func(t *testing.T) {
		pe := newProposalEnv(t, "ar")
		res, body := pe.get(pe.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		for _, want := range []string{`lang="ar" dir="rtl"`, "اقتراح لعائلتكم", "Alcañiz 44013", "الزراعة", "موسمي",
			"Recogida de aceituna", "ساعة في الأسبوع", "3 غرف نوم", "350 يورو في الشهر", "مفروش",
			"سنوات الخبرة لدى عائلتكم", "35", `name="reason" value="housing"`, "<fieldset", "<legend>"} {
			if !strings.Contains(body, want) {
				t.Errorf("no %q on the page", want)
			}
		}
		for _, never := range []string{"Almazara del Bajo Aragón", "Pedro", "978111222", "match.score", "%!"} {
			if strings.Contains(body, never) {
				t.Errorf("the page shows %q", never)
			}
		}
		// A criterion weighed 0 is not a reason.
		if strings.Contains(body, "34 كم") || strings.Contains(body, "أقرب مدينة") {
			t.Error("a criterion of weight 0 is shown as a reason")
		}
	})
	t.Run("ShowsTheHostsKindOnly", func(t *testing.T) {
		pe := newProposalEnvHost(t, "es", true)
		host, err := pe.svc.Submissions.FindSubmissionByID(t.Context(), pe.p.HostID)
		if err != nil {
			t.Fatal(err)
		}
		_, body := pe.get(pe.path)
		if !strings.Contains(body, "Familia de acogida del pueblo quiere ayudaros") {
			t.Errorf("no host's kind on the page:\n%.3000s", body)
		}
		for _, never := range []string{host.Host.Contact.Name, host.Host.Contact.Phone, host.Host.About} {
			if never != "" && strings.Contains(body, never) {
				t.Errorf("the page shows the host's %q", never)
			}
		}
	})
	t.Run("DeclineWithoutReasonChangesNothing", func(t *testing.T) {
		pe := newProposalEnv(t, "es")
		res, body := pe.answer(url.Values{"answer": {"decline"}, "lang": {"es"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Elige un motivo de la lista.") ||
			!strings.Contains(body, `id="reason-error"`) {
			t.Fatalf("status %d:\n%.3000s", res.StatusCode, body)
		}
		if p := pe.stored(); len(p.Responses) != 0 || p.Status != senderos.ProposalPending {
			t.Errorf("stored %+v", p)
		}
	})
	t.Run("AcceptIsRecordedAndShown", func(t *testing.T) {
		pe := newProposalEnv(t, "es")
		res, _ := pe.answer(url.Values{"answer": {"accept"}, "lang": {"es"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		p := pe.stored()
		a := p.Answer(senderos.PartyFamily)
		if a == nil || !a.Accept || a.Via != senderos.ViaFamilyPage || a.By != 0 || p.Status != senderos.ProposalPending {
			t.Fatalf("stored %+v", p)
		}
		_, body := pe.get(res.Header.Get("Location"))
		for _, want := range []string{"Hemos guardado tu respuesta", "Dijiste que sí el", "esperamos la respuesta del ayuntamiento"} {
			if !strings.Contains(body, want) {
				t.Errorf("no %q after answering", want)
			}
		}
		if strings.Contains(body, `/proposal#proposal"`) {
			t.Error("the answer form is still shown")
		}
		if got := pe.audited(senderos.AuditFamilyPage); !containsDetail(got, "proposal accepted") {
			t.Error("the answer is not audited")
		}
	})
	t.Run("AnsweringTwiceChangesNothing", func(t *testing.T) {
		pe := newProposalEnv(t, "fr")
		_, body := pe.get(pe.path)
		token := answerToken(t, body)
		form := url.Values{"answer": {"decline"}, "reason": {"timing"}, "note": {"Pas avant l’été"}, "lang": {"fr"},
			"csrf": {token}, "proposal": {strconv.FormatInt(pe.p.ID, 10)}}
		if res, _ := pe.post(pe.path+"/proposal", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("first answer: status %d", res.StatusCode)
		}
		form.Set("answer", "accept")
		form.Del("reason")
		res, body := pe.post(pe.path+"/proposal", form)
		if res.StatusCode == http.StatusSeeOther || !strings.Contains(body, "Vous avez déjà répondu") {
			t.Fatalf("second answer: status %d:\n%.3000s", res.StatusCode, body)
		}
		p := pe.stored()
		if len(p.Responses) != 1 || p.Responses[0].Accept || p.Responses[0].Reason != "timing" || p.Status != senderos.ProposalDeclined {
			t.Errorf("stored %+v", p)
		}
	})
	t.Run("AfterTheDeadlineChangesNothing", func(t *testing.T) {
		pe := newProposalEnv(t, "ar")
		_, body := pe.get(pe.path)
		token := answerToken(t, body)
		pe.svc.Clock.Add(time.Duration(senderos.DefaultProposalDays+1) * 24 * time.Hour)
		res, body := pe.post(pe.path+"/proposal", url.Values{"answer": {"accept"}, "lang": {"ar"}, "csrf": {token},
			"proposal": {strconv.FormatInt(pe.p.ID, 10)}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "انتهت مهلة الرد") {
			t.Fatalf("status %d:\n%.3000s", res.StatusCode, body)
		}
		if p := pe.stored(); len(p.Responses) != 0 {
			t.Errorf("stored %+v", p)
		}
	})
	t.Run("AnotherLinksTokenIsRefused", func(t *testing.T) {
		pe := newProposalEnv(t, "es")
		_, other := pe.link(pe.env.c)
		_, body := pe.get(other)
		res, _ := pe.post(pe.path+"/proposal", url.Values{"answer": {"accept"}, "csrf": {csrf(t, body)},
			"proposal": {strconv.FormatInt(pe.p.ID, 10)}})
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d", res.StatusCode)
		}
		if p := pe.stored(); len(p.Responses) != 0 {
			t.Errorf("stored %+v", p)
		}
	})
}

func containsDetail(es []*senderos.AuditEntry, detail string) bool {
	for _, e := range es {
		if e.Detail == detail {
			return true
		}
	}
	return false
}

// TestEveryReasonHasTheFamilysWords checks that each of the engine's
// sentences on a criterion (match.score.*) has the family's own in every
// language, with the same values, so that the page never speaks of the
// family in the third person.
func TestEveryReasonHasTheFamilysWords(t *testing.T) {
	for _, key := range texts.Default().Keys() {
		rest, ok := strings.CutPrefix(key, "match.score.")
		if !ok {
			continue
		}
		own := "familypage.score." + rest
		for _, lang := range texts.Langs {
			staff, family := texts.T(lang, key), texts.T(lang, own)
			if family == own {
				t.Errorf("%s: no %s", lang, own)
			} else if strings.Count(staff, "%d") != strings.Count(family, "%d") {
				t.Errorf("%s: %s takes %d values, %s %d", lang, key, strings.Count(staff, "%d"), own, strings.Count(family, "%d"))
			}
		}
	}
}

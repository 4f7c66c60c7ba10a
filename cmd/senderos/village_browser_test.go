package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/postgres"
	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
)

// TestMatchPagesInBrowser runs senderos api and, in chromium without
// JavaScript at a phone's width, in Arabic and in Spanish: the family
// answers a proposal on its own page (a decline without a reason refused,
// then a yes), and the municipality opens its private link, sends a job
// offer with a mistake (shown next to the field, nothing stored), then a
// good one (a pending change), and accepts the proposal. A wrong village
// link gets the neutral page.
//
// It runs on SQLite, and on PostgreSQL when SENDEROS_TEST_POSTGRES names a
// server. With SENDEROS_FAMILY_ARTIFACTS set, the SQLite run saves each
// page's HTML under html/ (for the Nu HTML Checker and axe-core in
// .ci/browser/family.mjs) and a screenshot of each.
func TestMatchPagesInBrowser(t *testing.T) {
	bin := chromium(t)
	t.Run("SQLite", func(t *testing.T) {
		data := t.TempDir()
		url, _ := startAPIWith(t, "--data", data, "--rate-limit", "0")
		testMatchPagesInBrowser(t, bin, url, mustOpenData(t, data), os.Getenv("SENDEROS_FAMILY_ARTIFACTS"))
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		dsn, keys := pgtest.Schema(t), seal.Generate()
		url, _ := startAPIWith(t, "--data", t.TempDir(), "--database-url", dsn, "--data-keys", keys, "--rate-limit", "0")
		ring, err := seal.Parse(keys)
		if err != nil {
			t.Fatal(err)
		}
		db, err := postgres.Open(t.Context(), dsn, ring)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		testMatchPagesInBrowser(t, bin, url, db, "")
	})
}

func testMatchPagesInBrowser(t *testing.T, bin, url string, db *sqldb.DB, artifacts string) {
	ctx := t.Context()
	cases, families := sqldb.NewCaseService(db), sqldb.NewFamilyService(db)
	subs, staff, profiles := sqldb.NewSubmissionService(db), sqldb.NewStaffService(db), sqldb.NewProfileService(db)
	offers, matches, villages := sqldb.NewOfferService(db), sqldb.NewMatchService(db), sqldb.NewVillageService(db)
	if artifacts != "" {
		if err := os.MkdirAll(filepath.Join(artifacts, "html"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	coord := &senderos.Staff{Email: "coord@cepaim.example", Name: "Marta Coordinadora", Role: senderos.RoleCoordinator,
		Lang: "es", PasswordHash: "x", TOTPSecret: []byte("12345678901234567890")}
	if err := staff.CreateStaff(ctx, coord); err != nil {
		t.Fatal(err)
	}
	muni := &senderos.Submission{Kind: senderos.KindMunicipality, Lang: "es",
		Consent: senderos.Consent{PrivacyVersion: "2026-11", Lang: "es", At: time.Now().AddDate(0, -1, 0)},
		Municipality: &senderos.MunicipalitySignup{Code: "44013", Name: "Alcañiz", Province: "Teruel", Region: "Aragón",
			ContactName: "Pilar Contacto", Role: "Agente de desarrollo local", Email: "adl@alcaniz.example", Phone: "978654321",
			Population: 16000, Homes: 4, RentMin: 250, RentMax: 450, Services: []string{"school", "pharmacy"}, Description: "Un pueblo."}}
	if _, err := subs.CreateSubmission(ctx, muni); err != nil {
		t.Fatal(err)
	}
	if _, err := profiles.ApproveMunicipality(ctx, senderos.Approval{SubmissionID: muni.ID, StaffID: coord.ID, Actor: coord.Email}); err != nil {
		t.Fatal(err)
	}
	save := func(p tab, name, lang string) string {
		t.Helper()
		html := p.html()
		if artifacts != "" {
			png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(artifacts, name+"-"+lang+".png"), png, 0o644)
			os.WriteFile(filepath.Join(artifacts, "html", name+"-"+lang+".html"), []byte("<!DOCTYPE html>\n"+html), 0o644)
		}
		return html
	}

	for _, lang := range []string{"ar", "es"} {
		t.Run(lang, func(t *testing.T) {
			now := time.Now()
			job := &senderos.Job{Municipality: "44013", Employer: "Almazara del Bajo Aragón", Sector: "agriculture",
				Tasks: "Recogida de aceituna y trabajo en la almazara", Contract: senderos.ContractSeasonal, HoursWeek: 40,
				Start: now.AddDate(0, 1, 0), PayMin: 1200, PayMax: 1400, Vacancies: 1, Status: senderos.OfferOpen}
			if err := offers.CreateJob(ctx, job, coord.ID, now); err != nil {
				t.Fatal(err)
			}
			home := &senderos.Home{Municipality: "44013", JobID: job.ID, Bedrooms: 3, Rent: 350, AvailableFrom: now.AddDate(0, 0, 20),
				Furnished: true, Status: senderos.OfferOpen}
			if err := offers.CreateHome(ctx, home, coord.ID, now); err != nil {
				t.Fatal(err)
			}
			c := seedWaitingCase(t, subs, cases, coord, lang)
			prop := &senderos.Proposal{CaseID: c.ID, JobID: job.ID, HomeID: home.ID, By: coord.ID,
				Deadline: now.AddDate(0, 0, senderos.DefaultProposalDays),
				Fit: senderos.Fit{Total: 70, Scores: []senderos.Score{
					{Criterion: senderos.CriterionExperience, Weight: 5, Value: 1, Points: 45,
						Reason: senderos.Reason{Key: "match.score.experience.years", Args: []any{4}}},
					{Criterion: senderos.CriterionHospital, Weight: 2, Value: .6, Points: 10,
						Reason: senderos.Reason{Key: "match.score.hospital.km", Args: []any{35}}},
					{Criterion: senderos.CriterionServices, Weight: 2, Value: .4, Points: 15,
						Reason: senderos.Reason{Key: "match.score.services", Args: []any{2, 5}}},
				}}}
			if err := matches.Propose(ctx, prop, now); err != nil {
				t.Fatal(err)
			}
			_, token, err := families.CreateFamilyLink(ctx, c.ID, coord.ID, now, now.Add(senderos.FamilyLinkLifetime))
			if err != nil {
				t.Fatal(err)
			}

			// The family, on its page.
			f := tab{t, browser(t, bin, false)}
			f.do("phone width", chromedp.EmulateViewport(360, 740))
			f.do("open the family's link", chromedp.Navigate(url+"family/"+token), chromedp.WaitReady(chromedp.CSS(`#proposal`)))
			if lang == "es" {
				// The other two languages, chosen on the page, for the
				// checkers.
				for _, other := range []string{"en", "fr"} {
					f.do("the proposal in "+other, chromedp.Navigate(url+"family/"+token+"?lang="+other), chromedp.WaitReady(chromedp.CSS(`#proposal`)))
					save(f, "family-proposal", other)
				}
				f.do("back to Spanish", chromedp.Navigate(url+"family/"+token+"?lang=es"), chromedp.WaitReady(chromedp.CSS(`#proposal`)))
			}
			html := save(f, "family-proposal", lang)
			if !strings.Contains(html, "Alcañiz") || !strings.Contains(html, "Recogida de aceituna") || strings.Contains(html, "Almazara del Bajo") {
				t.Fatalf("the proposal in %s:\n%.3000s", lang, html)
			}
			f.do("decline without a reason",
				chromedp.Click(chromedp.CSS(`form.answer button.secondary`)), chromedp.WaitReady(chromedp.CSS(`#reason-error`)))
			save(f, "family-proposal-error", lang)
			f.do("say yes", chromedp.Click(chromedp.CSS(`form.answer button:not(.secondary)`)), chromedp.WaitReady(chromedp.CSS(`.recorded`)))
			save(f, "family-proposal-answered", lang)
			if p, err := matches.FindProposal(ctx, prop.ID); err != nil || p.Answer(senderos.PartyFamily) == nil || !p.Answer(senderos.PartyFamily).Accept {
				t.Fatalf("the family's yes: %v %+v", err, p)
			}

			// The municipality, on its link.
			_, vtoken, err := villages.CreateVillageLink(ctx, "44013", coord.ID, now, now.Add(senderos.VillageLinkLifetime))
			if err != nil {
				t.Fatal(err)
			}
			v := tab{t, browser(t, bin, false)}
			v.do("phone width", chromedp.EmulateViewport(360, 740))
			v.do("open the village's link", chromedp.Navigate(url+"village/"+vtoken+"?lang="+lang), chromedp.WaitReady(chromedp.CSS(`#proposals`)))
			if lang == "es" {
				for _, other := range []string{"en", "fr"} {
					v.do("the village's page in "+other, chromedp.Navigate(url+"village/"+vtoken+"?lang="+other), chromedp.WaitReady(chromedp.CSS(`#proposals`)))
					save(v, "village", other)
				}
				v.do("back to Spanish", chromedp.Navigate(url+"village/"+vtoken+"?lang=es"), chromedp.WaitReady(chromedp.CSS(`#proposals`)))
			}
			html = save(v, "village", lang)
			if !strings.Contains(html, prop.Reference) || strings.Contains(html, "Karim") || !strings.Contains(html, "Almazara del Bajo") {
				t.Fatalf("the village's page in %s:\n%.3000s", lang, html)
			}
			before, _ := villages.FindChanges(ctx, "44013")
			v.do("send a job offer without vacancies",
				chromedp.SetValue(chromedp.CSS(`#job-employer`), "Granja Los Olivos"),
				chromedp.SetValue(chromedp.CSS(`#job-sector`), "livestock"),
				chromedp.SetValue(chromedp.CSS(`#job-tasks`), "Cuidado de ovejas"),
				chromedp.Click(chromedp.CSS(`input[name=contract][value=permanent]`)),
				chromedp.SetValue(chromedp.CSS(`#job-hours_week`), "40"),
				chromedp.SetValue(chromedp.CSS(`#job-start`), now.AddDate(0, 1, 0).Format(time.DateOnly)),
				chromedp.SetValue(chromedp.CSS(`#job-pay_min`), "1300"),
				chromedp.SetValue(chromedp.CSS(`#job-pay_max`), "1500"),
				chromedp.SetValue(chromedp.CSS(`#job-vacancies`), "0"),
				chromedp.Click(chromedp.CSS(`form[action$="/job#add-job"] button`)),
				chromedp.WaitReady(chromedp.CSS(`#job-vacancies-error`)))
			save(v, "village-job-error", lang)
			if after, _ := villages.FindChanges(ctx, "44013"); len(after) != len(before) {
				t.Fatal("a job offer without vacancies was stored")
			}
			v.do("send it with a vacancy",
				chromedp.SetValue(chromedp.CSS(`#job-vacancies`), "1"),
				chromedp.Click(chromedp.CSS(`form[action$="/job#add-job"] button`)),
				chromedp.WaitReady(chromedp.CSS(`#done-job`)))
			if after, _ := villages.FindChanges(ctx, "44013", senderos.ChangePending); len(after) != len(before)+1 {
				t.Fatalf("%d pending changes, want %d", len(after), len(before)+1)
			}
			// Not .recorded: the page may show an answer to an earlier
			// proposal before this one's.
			v.do("accept the proposal", chromedp.Click(chromedp.CSS(`form[action$="/answer#proposals"] button:not(.secondary)`)),
				chromedp.WaitReady(chromedp.CSS(`#done-accept`)))
			save(v, "village-answered", lang)
			if p, err := matches.FindProposal(ctx, prop.ID); err != nil || p.Answer(senderos.PartyMunicipality) == nil {
				t.Fatalf("the municipality's yes: %v %+v", err, p)
			}
			// The employer's answer is staff's to record; withdraw so the
			// next language gets a home of its own.
			if err := matches.WithdrawProposal(ctx, prop.ID, coord.ID, time.Now()); err != nil {
				t.Fatal(err)
			}

			v.do("a wrong village link", chromedp.Navigate(url+"village/"+strings.Repeat("z", 43)), chromedp.WaitReady(chromedp.CSS(`main`)))
			if html := save(v, "village-neutral", lang); !strings.Contains(html, "هذا الرابط لا يعمل") || strings.Contains(html, "Alcañiz") {
				t.Fatalf("the wrong link:\n%.2000s", html)
			}
		})
	}
}

// seedWaitingCase stores an interviewed family whose form was in lang,
// with an open case and no move: one a proposal may be made to.
func seedWaitingCase(t *testing.T, subs *sqldb.SubmissionService, cases *sqldb.CaseService, tech *senderos.Staff, lang string) *senderos.Case {
	t.Helper()
	ctx, now := t.Context(), time.Now()
	sub := &senderos.Submission{Kind: senderos.KindInterest, Lang: lang,
		Consent: senderos.Consent{PrivacyVersion: "2026-11", Lang: lang, At: now.AddDate(0, -2, 0)},
		Interest: &senderos.Interest{
			Adults: 2, Languages: []string{"ar"}, SpanishLevel: "basic", City: "Madrid", Province: "28",
			Sectors: []string{"agriculture"}, Regions: []string{"02"}, Bedrooms: 3, MoveWhen: "asap",
			Contact: senderos.Contact{Name: "Karim Haddad", Phone: "600333444", Language: lang, Channel: "whatsapp"},
		}}
	if _, err := subs.CreateSubmission(ctx, sub); err != nil {
		t.Fatal(err)
	}
	for _, st := range []senderos.Status{senderos.StatusContacted, senderos.StatusInterviewed} {
		if _, err := subs.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: sub.ID, By: tech.ID, Status: st, AssigneeID: tech.ID}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := cases.OpenCase(ctx, sub.ID, tech.ID, now.AddDate(0, -1, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

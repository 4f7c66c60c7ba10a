package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/postgres"
	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
)

// TestFamilyPageInBrowser opens a family's own page in chromium, without
// JavaScript, at a phone's width, in Arabic (the language of the family's
// form, right to left) and in Spanish: the plan, the feedback form sent
// empty (the problem shown, nothing saved) and then answered (a thank-you,
// the answer stored), and the neutral page once the link is revoked.
//
// It runs on SQLite, and on PostgreSQL when SENDEROS_TEST_POSTGRES names a
// server. With SENDEROS_FAMILY_ARTIFACTS set to a folder, the SQLite run
// saves each page's HTML there under html/ (for the Nu HTML Checker) and a
// screenshot of each.
func TestFamilyPageInBrowser(t *testing.T) {
	bin := chromium(t)
	t.Run("SQLite", func(t *testing.T) {
		data := t.TempDir()
		url, _ := startAPIWith(t, "--data", data, "--rate-limit", "0")
		testFamilyPageInBrowser(t, bin, url, mustOpenData(t, data), os.Getenv("SENDEROS_FAMILY_ARTIFACTS"))
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
		testFamilyPageInBrowser(t, bin, url, db, "")
	})
}

func testFamilyPageInBrowser(t *testing.T, bin, url string, db *sqldb.DB, artifacts string) {
	cases, families := sqldb.NewCaseService(db), sqldb.NewFamilyService(db)
	subs, staff := sqldb.NewSubmissionService(db), sqldb.NewStaffService(db)
	if artifacts != "" {
		if err := os.MkdirAll(filepath.Join(artifacts, "html"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	tech := &senderos.Staff{Email: "lucia@cepaim.example", Name: "Lucía Fernández", Role: senderos.RoleTechnician,
		Lang: "es", PasswordHash: "x", TOTPSecret: []byte("12345678901234567890")}
	if err := staff.CreateStaff(t.Context(), tech); err != nil {
		t.Fatal(err)
	}

	for _, lang := range []string{"ar", "es"} {
		t.Run(lang, func(t *testing.T) {
			c := seedCase(t, subs, cases, tech, lang)
			now := time.Now()
			link, token, err := families.CreateFamilyLink(t.Context(), c.ID, tech.ID, now, now.Add(senderos.FamilyLinkLifetime))
			if err != nil {
				t.Fatal(err)
			}
			p := tab{t, browser(t, bin, false)}
			ctx, do := p.ctx, p.do
			save := func(name string) string {
				t.Helper()
				html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
				if err != nil {
					t.Fatal(err)
				}
				if artifacts != "" {
					png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatal(err)
					}
					os.WriteFile(filepath.Join(artifacts, "family-"+name+"-"+lang+".png"), png, 0o644)
					os.WriteFile(filepath.Join(artifacts, "html", "family-"+name+"-"+lang+".html"), []byte("<!DOCTYPE html>\n"+html), 0o644)
				}
				return html
			}
			do("phone width", chromedp.EmulateViewport(360, 740))

			do("open the link", chromedp.Navigate(url+"family/"+token), chromedp.WaitReady(chromedp.CSS(`main`)))
			html := save("plan")
			dir := "ltr"
			if lang == "ar" {
				dir = "rtl"
			}
			if !strings.Contains(html, `lang="`+lang+`" dir="`+dir+`"`) || !strings.Contains(html, "Curso de español A2") ||
				!strings.Contains(html, "Lucía") || strings.Contains(html, "Fernández") {
				t.Fatalf("the plan in %s:\n%.3000s", lang, html)
			}

			if n := printedPages(t, ctx); n != 1 {
				t.Errorf("the plan prints on %d sheets, want 1", n)
			}

			do("send the form empty", chromedp.Click(chromedp.CSS(`form button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`#feedback-error`)))
			save("feedback-error")
			if got, _ := families.FindFeedback(t.Context(), c.ID); len(got) != 0 {
				t.Fatalf("an empty form saved %d answers", len(got))
			}

			do("answer",
				chromedp.Click(chromedp.CSS(`input[name=support][value="4"]`)),
				chromedp.Click(chromedp.CSS(`input[name=village][value="5"]`)),
				chromedp.Click(chromedp.CSS(`input[name=good_decision][value=yes]`)),
				chromedp.SetValue(chromedp.CSS(`#comment`), "Todo bien en el pueblo"),
				chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
				chromedp.WaitReady(chromedp.CSS(`#thanks`)),
			)
			save("thanks")
			got, err := families.FindFeedback(t.Context(), c.ID)
			if err != nil || len(got) != 1 || got[0].Support != 4 || got[0].Village != 5 || got[0].GoodDecision != "yes" ||
				got[0].Comment != "Todo bien en el pueblo" {
				t.Fatalf("feedback stored: %v %+v", err, got)
			}

			if err := families.RevokeFamilyLink(t.Context(), link.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
			do("open the revoked link", chromedp.Navigate(url+"family/"+token), chromedp.WaitReady(chromedp.CSS(`main`)))
			if html := save("neutral"); !strings.Contains(html, "هذا الرابط لا يعمل") || strings.Contains(html, "Lucía") {
				t.Fatalf("the revoked link:\n%.2000s", html)
			}
		})
	}
}

// seedCase stores an interviewed family whose form was in lang, assigned
// to tech, with an agreed plan, an appointment, and a move a month and
// three days ago (so that the first follow-up asks whether moving was a
// good decision).
func seedCase(t *testing.T, subs *sqldb.SubmissionService, cases *sqldb.CaseService, tech *senderos.Staff, lang string) *senderos.Case {
	t.Helper()
	ctx, now := t.Context(), time.Now()
	sub := &senderos.Submission{Kind: senderos.KindInterest, Lang: lang,
		Consent: senderos.Consent{PrivacyVersion: "2026-11", Lang: lang, At: now.AddDate(0, -4, 0)},
		Interest: &senderos.Interest{
			Adults: 2, Languages: []string{"ar"}, SpanishLevel: "basic", City: "Madrid", Province: "28",
			Sectors: []string{"agriculture"}, Regions: []string{"02"}, Bedrooms: 3, MoveWhen: "asap",
			Contact: senderos.Contact{Name: "Amina Benali", Phone: "600111222", Language: lang, Channel: "whatsapp"},
		}}
	if _, err := subs.CreateSubmission(ctx, sub); err != nil {
		t.Fatal(err)
	}
	for _, st := range []senderos.Status{senderos.StatusContacted, senderos.StatusInterviewed} {
		if _, err := subs.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: sub.ID, By: tech.ID, Status: st, AssigneeID: tech.ID}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := cases.OpenCase(ctx, sub.ID, tech.ID, now.AddDate(0, -3, 0))
	if err != nil {
		t.Fatal(err)
	}
	rev, err := cases.ReviseItinerary(ctx, &senderos.Revision{CaseID: c.ID, By: tech.ID, Why: "first plan",
		Goals: []senderos.Goal{
			{Number: 1, Phase: senderos.PhasePreparation, Area: "spanish", What: "Curso de español A2", Target: "Aprobar el A2",
				Measure: "Certificado", Due: now.AddDate(0, 2, 0), Responsible: "family", Status: senderos.GoalInProgress},
			{Number: 2, Phase: senderos.PhaseSettlingIn, Area: "employment", What: "Trabajo en la almazara", Target: "Un contrato de 6 meses",
				Measure: "Contrato", Due: now.AddDate(0, 4, 0), Responsible: "technician", Status: senderos.GoalPlanned},
			{Number: 3, Phase: senderos.PhaseSettlingIn, Area: "schooling", What: "Matrícula en la escuela del pueblo", Target: "Plaza en 3.º de primaria",
				Measure: "Matrícula", Due: now.AddDate(0, 1, 0), Responsible: "municipality", Status: senderos.GoalAchieved, Evidence: "Matrícula hecha"},
		},
		Tasks: []senderos.Task{{Number: 1, Phase: senderos.PhasePreparation, What: "Empadronarse en el pueblo", Owner: "family", Due: now.AddDate(0, 0, 10)}},
	}, 0, now.AddDate(0, -2, 0))
	if err != nil {
		t.Fatal(err)
	}
	if err := cases.RecordAgreement(ctx, &senderos.Agreement{RevisionID: rev.ID, On: now.AddDate(0, -2, 0),
		How: senderos.AgreedInPerson, RecordedBy: tech.ID}, now); err != nil {
		t.Fatal(err)
	}
	if err := cases.AddVisit(ctx, &senderos.Visit{CaseID: c.ID, Kind: senderos.VisitHome, On: now.AddDate(0, 0, 5),
		Place: "Calle Mayor 3", RecordedBy: tech.ID}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := cases.MarkMoved(ctx, c.ID, tech.ID, now.AddDate(0, -1, -3), "44013", senderos.DefaultSchedule, now); err != nil {
		t.Fatal(err)
	}
	return c
}

// startAPIWith runs senderos api (no site build) with flags on a free
// port and returns its address.
func startAPIWith(t *testing.T, flags ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- Run(ctx, append([]string{"api", "--addr", "127.0.0.1:0"}, flags...), &stdout, &stderr) }()
	t.Cleanup(func() { cancel(); <-done })
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, u, ok := strings.Cut(stdout.String(), "running at "); ok {
			return strings.Fields(u)[0], &stderr
		}
		select {
		case err := <-done:
			t.Fatalf("api stopped: %v\n%s", err, stderr.String())
		default:
		}
	}
	t.Fatal("api did not become ready")
	return "", nil
}

// printedPages prints the page in chromium as it would on paper, by its
// print stylesheet, and returns how many sheets it takes.
func printedPages(t *testing.T, ctx context.Context) int {
	t.Helper()
	prefer := true // the stylesheet's @page: A4
	print := func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
		if err != nil {
			return nil, err
		}
		return res.Data, nil
	}
	pdf, err := chromedp.Run(ctx, print)
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
}

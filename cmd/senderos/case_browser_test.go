package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/webtest"
	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/seal"
)

// TestCaseInBrowser follows a family's case through the back-office in
// chromium, without JavaScript, as a technician would: the case of an
// interviewed family opened, an itinerary of three goals and two tasks
// written and revised, the family's agreement, a field visit, the move and
// its four follow-ups; with the portal's clock forty days on, the overdue
// follow-up on the work queue as a warning (raised by the portal's own
// scheduler); then the family's link, opening the plan in Arabic, right to
// left, whose feedback form, sent without JavaScript, shows in the case;
// and once revoked, the neutral page. It runs on SQLite, and on PostgreSQL
// when SENDEROS_TEST_POSTGRES names a server.
func TestCaseInBrowser(t *testing.T) {
	ctx := browser(t, chromium(t), false) // one for both engines
	t.Run("SQLite", func(t *testing.T) { testCaseInBrowser(t, tab{t, ctx}, nil) })
	t.Run("PostgreSQL", func(t *testing.T) {
		testCaseInBrowser(t, tab{t, ctx}, []string{"--database-url", pgtest.Schema(t), "--data-keys", seal.Generate()})
	})
}

func testCaseInBrowser(t *testing.T, p tab, store []string) {
	clock := webtest.NewClock()
	clock.Add(time.Since(clock.Now())) // today, stopped
	store = append(store, "--data", t.TempDir())
	url := startWithClock(t, clock.Now, append([]string{"--rate-limit", "0", "--warning-every", "1s"}, store...)...)
	day := func(n int) string { return clock.Now().AddDate(0, 0, n).UTC().Format(time.DateOnly) }

	family := postJSON(t, url+"api/v1/interest", map[string]any{
		"lang": "ar", "adults": 2, "languages": []string{"ar"}, "spanish_level": "basic", "city": "Madrid",
		"province_code": "28", "sectors": []string{"agriculture"}, "regions": []string{"02"}, "bedrooms": 3,
		"move_when": "asap", "name": "Amina Haddad", "phone": "600 111 222", "contact_language": "ar",
		"channel": "whatsapp", "consent": true, "privacy_version": "2026-11",
	})
	email, password := "tina@cepaim.example", "un camino nuevo hacia el pueblo"
	link := addStaff(t, url, store, email, "Tina Técnica", "--lang", "en")
	secret := setUpAccount(p, link, password, clock.Now())

	// The family was interviewed; its record opens a case.
	p.do("open the families", chromedp.Navigate(url+"staff/families"), chromedp.WaitReady(chromedp.CSS(`main table`)))
	p.do("open the record", chromedp.Click(chromedp.CSS(`main table a[href*="/staff/families/"]`)), chromedp.WaitReady(chromedp.CSS(`#status`)))
	for _, status := range []string{"contacted", "interviewed"} {
		send(p, "status "+status, `form[action$="/status"]`, chromedp.SetValue(chromedp.CSS(`#status`), status))
	}
	if flash := send(p, "open the case", `form[action$="/case"]`); flash != "Case opened." {
		t.Fatalf("opening the case: %q", flash)
	}
	casePage := location(p)

	// The itinerary: three goals and two tasks, then a new version.
	goal := func(i, phase, area, what, target string, due int) []chromedp.Action[chromedp.Void] {
		f := `[name="goals.` + i + `.`
		return []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.CSS(f+`phase"]`), phase), chromedp.SetValue(chromedp.CSS(f+`area"]`), area),
			chromedp.SetValue(chromedp.CSS(f+`what"]`), what), chromedp.SetValue(chromedp.CSS(f+`target"]`), target),
			chromedp.SetValue(chromedp.CSS(f+`measure"]`), "Contrato firmado"), chromedp.SetValue(chromedp.CSS(f+`due"]`), day(due)),
			chromedp.SetValue(chromedp.CSS(f+`responsible"]`), "technician"), chromedp.SetValue(chromedp.CSS(f+`status"]`), "planned"),
		}
	}
	task := func(i, what, owner string, due int) []chromedp.Action[chromedp.Void] {
		f := `[name="tasks.` + i + `.`
		return []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.CSS(f+`phase"]`), "preparation"), chromedp.SetValue(chromedp.CSS(f+`what"]`), what),
			chromedp.SetValue(chromedp.CSS(f+`owner"]`), owner), chromedp.SetValue(chromedp.CSS(f+`due"]`), day(due)),
		}
	}
	var plan []chromedp.Action[chromedp.Void]
	plan = append(plan, goal("0", "preparation", "employment", "Encontrar trabajo en el campo", "Un contrato", 30)...)
	plan = append(plan, goal("1", "move", "housing", "Alquilar una casa", "Casa de tres habitaciones", 60)...)
	plan = append(plan, goal("2", "settling_in", "schooling", "Matricular a la niña", "Plaza en primaria", 90)...)
	plan = append(plan, task("0", "Preparar el currículum", "family", 5)...)
	plan = append(plan, task("1", "Llamar al ayuntamiento", "technician", 3)...)
	itinerary := `form[action$="/itinerary"]`
	p.do("open the itinerary", chromedp.Click(chromedp.CSS(`a[href$="/itinerary"]`)), chromedp.WaitReady(chromedp.CSS(itinerary)))
	send(p, "write the itinerary", itinerary, plan...)
	seeAll(t, "the case page", p.text(`main`), "Version 1.", "Encontrar trabajo en el campo", "Alquilar una casa",
		"Matricular a la niña", "Preparar el currículum", "Llamar al ayuntamiento")
	p.do("change the itinerary", chromedp.Click(chromedp.CSS(`a[href$="/itinerary"]`)), chromedp.WaitReady(chromedp.CSS(itinerary)))
	send(p, "revise the itinerary", itinerary, chromedp.SetValue(chromedp.CSS(`[name="goals.0.status"]`), "in_progress"),
		chromedp.SetValue(chromedp.CSS(`#why`), "Ya trabaja en la cooperativa"))
	seeAll(t, "the case page", p.text(`main`), "Version 2.", "Ya trabaja en la cooperativa", "The family has not agreed yet.")

	send(p, "record the agreement", `form[action$="/agreement"]`,
		chromedp.SetValue(chromedp.CSS(`#agreed_on`), day(0)), chromedp.SetValue(chromedp.CSS(`#how`), "in_person"))
	seeAll(t, "the case page", p.text(`main`), "The family agreed on ")

	send(p, "log a field visit", `form[action$="/visits"]`,
		chromedp.SetValue(chromedp.CSS(`#kind`), "exploratory"), chromedp.SetValue(chromedp.CSS(`#on`), day(0)),
		chromedp.Click(chromedp.CSS(`input[name=done]`)), chromedp.SetValue(chromedp.CSS(`#place`), "Alcañiz"),
		chromedp.SetValue(chromedp.CSS(`#participants`), "Familia\nAgente de desarrollo local"),
		chromedp.SetValue(chromedp.CSS(`#outcome`), "Les gustó el pueblo"), chromedp.Click(chromedp.CSS(`input[name=goals][value="1"]`)))
	seeAll(t, "the visits", p.text(`dl.visit`), "Alcañiz", "Les gustó el pueblo")

	send(p, "mark the family moved", `form[action$="/moved"]`,
		chromedp.SetValue(chromedp.CSS(`#moved_on`), day(0)), chromedp.SetValue(chromedp.CSS(`#municipality`), "Alcañiz"))
	moved := senderos.Day(clock.Now())
	var due []string
	for _, months := range []int{1, 3, 6, 12} {
		due = append(due, senderos.AddMonths(moved, months).Format(time.DateOnly))
	}
	seeAll(t, "the follow-ups", p.text(`#move ~ .table-wrap tbody`), due...)

	// Forty days on, the session has ended, and the scheduler has found
	// the first follow-up late (it had not been, until then).
	warning := "The follow-up due on " + due[0] + " is "
	p.do("open the work queue", chromedp.Navigate(url+"staff/"), chromedp.WaitReady(chromedp.CSS(`#warnings`)))
	if queue := p.text(`#warnings + *`); strings.Contains(queue, warning) {
		t.Fatalf("a warning before its time:\n%s", queue)
	}
	clock.Add(40 * 24 * time.Hour)
	p.do("open the work queue", chromedp.Navigate(url+"staff/"), chromedp.WaitReady(chromedp.CSS(`#email`)))
	logIn(p, email, password, secret, clock.Now())
	var queue string
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(queue, warning) && time.Now().Before(deadline); {
		p.do("open the work queue", chromedp.Navigate(url+"staff/"), chromedp.WaitReady(chromedp.CSS(`#warnings`)))
		queue = p.text(`#warnings + *`)
	}
	seeAll(t, "the work queue's warnings", queue, family, warning)

	// The family's link: its plan in Arabic, right to left, and its
	// feedback in the case.
	p.do("open the case", chromedp.Navigate(casePage), chromedp.WaitReady(chromedp.CSS(`#feedback`)))
	p.do("open the family's links", chromedp.Click(chromedp.CSS(`a[href$="/link"]`)), chromedp.WaitReady(chromedp.CSS(`form[action$="/link"]`)))
	linksPage := location(p)
	p.do("make a link", chromedp.Click(chromedp.CSS(`form[action$="/link"] button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`code.link`)))
	familyLink := strings.TrimSpace(p.text(`code.link`))
	p.do("open the family's link", chromedp.Navigate(familyLink), chromedp.WaitReady(chromedp.CSS(`main`)))
	seeAll(t, "the family's page", p.html(), `lang="ar" dir="rtl"`, "Encontrar trabajo en el campo")
	p.do("send feedback",
		chromedp.Click(chromedp.CSS(`input[name=support][value="4"]`)),
		chromedp.Click(chromedp.CSS(`input[name=village][value="5"]`)),
		chromedp.SetValue(chromedp.CSS(`#comment`), "Nos gusta el pueblo"),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`#thanks`)),
	)
	p.do("open the case", chromedp.Navigate(casePage), chromedp.WaitReady(chromedp.CSS(`dl.feedback`)))
	seeAll(t, "the feedback in the case", p.text(`dl.feedback`), "Nos gusta el pueblo", "4/5")

	// Revoked, the link shows the neutral page.
	p.do("open the family's links", chromedp.Navigate(linksPage), chromedp.WaitReady(chromedp.CSS(`form[action$="/revoke"]`)))
	send(p, "revoke the link", `form[action$="/revoke"]`)
	p.do("open the revoked link", chromedp.Navigate(familyLink), chromedp.WaitReady(chromedp.CSS(`main`)))
	if html := p.html(); !strings.Contains(html, "هذا الرابط لا يعمل") || strings.Contains(html, "Encontrar trabajo") {
		t.Fatalf("the revoked link:\n%.2000s", html)
	}
}

// send reloads the page (so that no earlier message is on it), fills in
// the form sel with fill, sends it, and returns the message the page it
// leads to shows.
func send(p tab, name, sel string, fill ...chromedp.Action[chromedp.Void]) string {
	p.t.Helper()
	p.do(name+": reload", chromedp.Navigate(location(p)), chromedp.WaitReady(chromedp.CSS(sel)))
	p.do(name, fill...)
	p.do(name+": send", chromedp.Click(chromedp.CSS(sel+` button[type=submit]:not([name=more])`)), chromedp.WaitReady(chromedp.CSS(`p.flash`)))
	return strings.TrimSpace(p.text(`p.flash`))
}

// location is the address of the tab's page.
func location(p tab) string {
	p.t.Helper()
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		p.t.Fatal(err)
	}
	return loc
}

// seeAll fails the test unless page shows each of want.
func seeAll(t *testing.T, what, page string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Fatalf("%s lacks %q:\n%.3000s", what, w, page)
		}
	}
}

// startWithClock runs the API and back-office (no site) on a free port
// with flags, whose back-office, family page and scheduler read clock,
// and returns its address; a failed test shows its logs.
func startWithClock(t *testing.T, clock func() time.Time, flags ...string) string {
	t.Helper()
	var logs syncBuffer
	m := &Main{Out: &logs, Logger: newLogger(&logs, "info"), Now: clock}
	fs := newFlagSet("api", "", &logs)
	m.Config.bind(fs, false)
	if err := fs.Parse(append([]string{"--addr", "127.0.0.1:0"}, flags...)); err != nil {
		t.Fatal(err)
	}
	if err := m.Open(context.Background()); err != nil {
		t.Fatalf("open: %v\n%s", err, logs.String())
	}
	t.Cleanup(func() {
		m.Close()
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	})
	return m.URL()
}

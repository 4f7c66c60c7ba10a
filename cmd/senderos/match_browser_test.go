package main

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/seal"
)

// TestMatchInBrowser follows a match from the village's offer to the
// agreement in chromium, without JavaScript, at a phone's width, through
// the whole portal (site included): staff add a job offer and a home to an
// approved village and the public profile shows them once rebuilt; the
// family's suggestions show their reasons; a proposal is declined by the
// municipality on its link, which frees the home; proposed again, it is
// accepted by the family on its own page in Arabic, by the municipality on
// its link, and the employer's yes is recorded by staff: the match is
// agreed, the offer filled, and the rebuilt public profile no longer offers
// it. It runs on SQLite, and on PostgreSQL when SENDEROS_TEST_POSTGRES names
// a server.
func TestMatchInBrowser(t *testing.T) {
	ctx := browser(t, chromium(t), false) // one for both engines
	t.Run("SQLite", func(t *testing.T) { testMatchInBrowser(t, tab{t, ctx}, nil) })
	t.Run("PostgreSQL", func(t *testing.T) {
		testMatchInBrowser(t, tab{t, ctx}, []string{"--database-url", pgtest.Schema(t), "--data-keys", seal.Generate()})
	})
}

func testMatchInBrowser(t *testing.T, p tab, store []string) {
	store = append(store, "--data", t.TempDir())
	url, logs := startPortalWith(t, append([]string{"--rate-limit", "0"}, store...)...)
	day := func(n int) string { return time.Now().AddDate(0, 0, n).UTC().Format(time.DateOnly) }

	// A family of two adults, in Arabic, who would go to Aragón; Alcañiz
	// (Teruel, Aragón) signs up.
	family := postJSON(t, url+"api/v1/interest", map[string]any{
		"lang": "ar", "adults": 2, "languages": []string{"ar", "fr"}, "spanish_level": "basic", "city": "Madrid",
		"province_code": "28", "sectors": []string{"agriculture"}, "regions": []string{"02"}, "bedrooms": 2,
		"move_when": "asap", "name": "Samira Ouali", "phone": "611 222 333", "contact_language": "ar",
		"channel": "whatsapp", "consent": true, "privacy_version": "2026-11",
	})
	postJSON(t, url+"api/v1/municipalities", map[string]any{
		"lang": "es", "ine_code": "44013", "contact_name": "Persona Contacto", "role": "Agente de desarrollo",
		"email": "adl@example.org", "phone": "978 654 321", "population": 16000, "homes": 2,
		"rent_min": 250, "rent_max": 450, "services": []string{"school", "health-centre", "public-transport"},
		"description": "Un pueblo con escuela.", "consent": true, "privacy_version": "2026-11",
	})
	link := addStaff(t, url, store, "coord@cepaim.example", "Clara Coordinadora", "--role", "coordinator")
	setUpAccount(p, link, "un camino nuevo hacia el pueblo", time.Now())

	p.do("open the municipalities", chromedp.Navigate(url+"staff/municipalities"), chromedp.WaitReady(chromedp.CSS(`main table`)))
	p.do("open the sign-up", chromedp.Click(chromedp.CSS(`main table a[href*="/staff/municipalities/"]`)),
		chromedp.WaitReady(chromedp.CSS(`form[action$="/approve"]`)))
	p.do("approve it", chromedp.Click(chromedp.CSS(`form[action$="/approve"] button`)), chromedp.WaitReady(chromedp.CSS(`p.flash`)))

	// The family is interviewed and its case opened.
	p.do("open the families", chromedp.Navigate(url+"staff/families"), chromedp.WaitReady(chromedp.CSS(`main table`)))
	p.do("open the record", chromedp.Click(chromedp.CSS(`main table a[href*="/staff/families/"]`)), chromedp.WaitReady(chromedp.CSS(`#status`)))
	record := location(p)
	for _, status := range []string{"contacted", "interviewed"} {
		send(p, "status "+status, `form[action$="/status"]`, chromedp.SetValue(chromedp.CSS(`#status`), status))
	}
	send(p, "open the case", `form[action$="/case"]`)
	casePage := location(p)

	// A job offer (first with mistakes: nothing stored) and a home.
	village := url + "staff/villages/44013"
	p.do("the job form", chromedp.Navigate(village+"/jobs/new"), chromedp.WaitReady(chromedp.CSS(`#employer`)))
	job := func(vacancies, start string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.CSS(`#employer`), "Aceites del Bajo Aragón"),
			chromedp.SetValue(chromedp.CSS(`#contact-name`), "Jorge Encargado"),
			chromedp.SetValue(chromedp.CSS(`#sector`), "agriculture"),
			chromedp.SetValue(chromedp.CSS(`#tasks`), "Poda y recogida de aceituna"),
			chromedp.SetValue(chromedp.CSS(`#contract`), "permanent"),
			chromedp.SetValue(chromedp.CSS(`#hours_week`), "40"),
			chromedp.SetValue(chromedp.CSS(`#start`), start),
			chromedp.SetValue(chromedp.CSS(`#pay_min`), "1200"),
			chromedp.SetValue(chromedp.CSS(`#pay_max`), "1400"),
			chromedp.SetValue(chromedp.CSS(`#vacancies`), vacancies),
		}
	}
	p.do("a job with no vacancy, starting yesterday", append(job("0", day(-1)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`#vacancies[aria-invalid]`)))...)
	if html := p.html(); !strings.Contains(html, `id="start"`) || !strings.Contains(p.text(`main form`), "1") {
		t.Fatalf("the job form with mistakes:\n%.2000s", html)
	}
	p.do("a good job", append(job("1", day(20)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`p.flash`)))...)
	p.do("the home form", chromedp.Navigate(village+"/homes/new"), chromedp.WaitReady(chromedp.CSS(`#bedrooms`)))
	p.do("a home", chromedp.SetValue(chromedp.CSS(`#bedrooms`), "2"), chromedp.SetValue(chromedp.CSS(`#rent`), "300"),
		chromedp.SetValue(chromedp.CSS(`#available_from`), day(10)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`p.flash`)))

	// The public profile, once rebuilt, offers the job and the home.
	waitProfile(t, url, logs, "the offers on the public profile", func(page string) bool {
		return strings.Contains(page, "Agricultura: 1 puesto de trabajo") && strings.Contains(page, "Una vivienda con 2 dormitorios")
	})

	// The family's suggestions, with their reasons, and a proposal.
	propose := func(name string) {
		t.Helper()
		p.do(name+": suggestions", chromedp.Navigate(casePage+"/match"), chromedp.WaitReady(chromedp.CSS(`form.propose`)))
		seeAll(t, "the suggestions", p.text(`main`), "Alcañiz", "Aceites del Bajo Aragón")
		p.do(name, chromedp.Click(chromedp.CSS(`form.propose button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`p.flash`)))
	}
	propose("propose")

	// The village's link: the municipality declines; the home is free.
	p.do("the village page", chromedp.Navigate(village), chromedp.WaitReady(chromedp.CSS(`form[action$="/link"]`)))
	p.do("make the village's link", chromedp.Click(chromedp.CSS(`form[action$="/link"] button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`code.link`)))
	villageLink := strings.TrimSpace(p.text(`code.link`))
	p.do("open the village's link", chromedp.Navigate(villageLink), chromedp.WaitReady(chromedp.CSS(`#proposals`)))
	p.do("the municipality declines",
		chromedp.Click(chromedp.CSS(`form.decline input[name=reason][value=timing]`)),
		chromedp.Click(chromedp.CSS(`form.decline button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`#done-decline`)))
	propose("propose again") // the home is suggested again: it is free

	// The family accepts on its own page, in Arabic, right to left.
	p.do("the family's links", chromedp.Navigate(record+"/link"), chromedp.WaitReady(chromedp.CSS(`form[action$="/link"]`)))
	p.do("make the family's link", chromedp.Click(chromedp.CSS(`form[action$="/link"] button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`code.link`)))
	familyLink := strings.TrimSpace(p.text(`code.link`))
	p.do("open the family's link", chromedp.Navigate(familyLink), chromedp.WaitReady(chromedp.CSS(`#proposal`)))
	if html := p.html(); !strings.Contains(html, `lang="ar" dir="rtl"`) || !strings.Contains(html, "Alcañiz") || strings.Contains(html, "Jorge") {
		t.Fatalf("the proposal on the family's page:\n%.3000s", html)
	}
	p.do("the family accepts", chromedp.Click(chromedp.CSS(`form.answer button:not(.secondary)`)), chromedp.WaitReady(chromedp.CSS(`.recorded`)))

	// The municipality accepts on its link; staff record the employer's yes.
	p.do("open the village's link again", chromedp.Navigate(villageLink), chromedp.WaitReady(chromedp.CSS(`#proposals`)))
	// The page it leads to says so (#done-accept): the declined
	// proposal's answer (.recorded) is on the page before it.
	p.do("the municipality accepts", chromedp.Click(chromedp.CSS(`form[action$="/answer#proposals"]:not(.decline) button`)),
		chromedp.WaitReady(chromedp.CSS(`#done-accept`)))
	p.do("the proposals", chromedp.Navigate(url+"staff/proposals?status=pending"), chromedp.WaitReady(chromedp.CSS(`main`)))
	p.do("the pending proposal", chromedp.Click(chromedp.CSS(`main a[href*="/staff/proposals/"]`)), chromedp.WaitReady(chromedp.CSS(`#party`)))
	p.do("the employer's yes", chromedp.SetValue(chromedp.CSS(`#party`), "employer"),
		chromedp.Click(chromedp.CSS(`input[name=answer][value=accept]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/answer"] button[type=submit]`)), chromedp.WaitReady(chromedp.CSS(`p.flash`)))
	seeAll(t, "the agreed proposal", p.text(`main`), "Acordada", family)
	p.do("the village page at last", chromedp.Navigate(village), chromedp.WaitReady(chromedp.CSS(`main`)))
	seeAll(t, "the filled offers", p.text(`main`), "Cubierta")
	p.do("the case", chromedp.Navigate(casePage), chromedp.WaitReady(chromedp.CSS(`main`)))
	seeAll(t, "the case's itinerary", p.text(`main`), "Visita a Alcañiz")

	// The rebuilt public profile no longer offers them.
	waitProfile(t, url, logs, "the filled offers gone from the public profile", func(page string) bool {
		return strings.Contains(page, "Alcañiz") && !strings.Contains(page, "puesto de trabajo") && !strings.Contains(page, "Una vivienda con")
	})
}

// waitProfile waits (for a rebuild of the site, at most three minutes)
// until the public profile of Alcañiz (44013) satisfies ok.
func waitProfile(t *testing.T, url string, logs *syncBuffer, what string, ok func(page string) bool) {
	t.Helper()
	get := func(u string) string {
		res, err := http.Get(u)
		if err != nil {
			return ""
		}
		defer res.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(res.Body)
		return b.String()
	}
	page := ""
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(time.Second) {
		if m := regexp.MustCompile(`href="(/municipalities/[^"]*44013/)"`).FindStringSubmatch(get(url + "municipalities/")); m != nil {
			if page = get(strings.TrimSuffix(url, "/") + m[1]); ok(page) {
				return
			}
		}
	}
	t.Fatalf("%s: never seen\n%.3000s\n%s", what, page, logs.String())
}

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/sqlite"
)

// chromium returns the browser to test with, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	t.Skip("no chromium: apt-get install chromium (.ci/run does)")
	return ""
}

// browser starts a headless chromium; script says whether pages may run
// JavaScript.
func browser(t *testing.T, bin string, script bool) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.Headless,
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(390, 844),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	scripts := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !script})
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(ctx, scripts); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// TestFormsInBrowser fills in both forms in chromium, with and without
// JavaScript, in Spanish and in Arabic, and finds each on the thank-you page
// and in the database.
func TestFormsInBrowser(t *testing.T) {
	bin := chromium(t)
	data := t.TempDir()
	url, _ := startPortalWith(t, "--data", data, "--min-fill-time", "1s", "--rate-limit", "0")
	db, err := sqlite.Open(filepath.Join(data, "senderos.db"), mustDataKeys(t, data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store := sqldb.NewSubmissionService(db)

	for _, lang := range []string{"es", "ar"} {
		for _, script := range []bool{false, true} {
			mode := "WithoutJavaScript"
			if script {
				mode = "WithJavaScript"
			}
			prefix := url
			if lang != "es" {
				prefix += lang + "/"
			}
			t.Run("Family/"+lang+"/"+mode, func(t *testing.T) {
				ctx := browser(t, bin, script)
				city := "Zaragoza " + lang + " " + mode
				ref := fillAndSend(t, ctx, prefix+"move/form/", []step{
					setValue(`input[name=adults]`, "2"),
					setValue(`input[name=child_age]`, "7"),
					setValue(`select[name=child_stage]`, "primary"),
					click(`input[name=languages][value=ar]`),
					click(`input[name=spanish_level][value=basic]`),
					setValue(`input[name=city]`, city),
					setValue(`select[name=province_code]`, "50"),
					click(`input[name=regions][value="02"]`),
					setValue(`input[name=bedrooms]`, "3"),
					click(`input[name=move_when][value=asap]`),
					setValue(`input[name=name]`, "Persona Navegador"),
					setValue(`input[name=phone]`, "612 345 987"),
					click(`input[name=contact_language][value=` + lang + `]`),
					click(`input[name=channel][value=phone]`),
					click(`input[name=consent]`),
				})
				s := mustStored(t, store, ref, lang)
				if s.Interest == nil || s.Interest.City != city || s.Interest.Children[0].Age != 7 {
					t.Fatalf("stored %+v", s.Interest)
				}
			})
			t.Run("Municipality/"+lang+"/"+mode, func(t *testing.T) {
				ctx := browser(t, bin, script)
				ref := fillAndSend(t, ctx, prefix+"join/form/", []step{
					setValue(`select[name=province_code]`, "44"),
					setValue(`input[name=municipality]`, "Alcañiz"),
					setValue(`input[name=contact_name]`, "Persona Ayuntamiento"),
					setValue(`input[name=role]`, "Agente de desarrollo local"),
					setValue(`input[name=email]`, "adl-"+lang+"@example.org"),
					setValue(`input[name=phone]`, "978 654 321"),
					setValue(`input[name=population]`, "16000"),
					setValue(`textarea[name=description]`, "Pueblo **acogedor** ("+mode+")"),
					click(`input[name=consent]`),
				})
				s := mustStored(t, store, ref, lang)
				if s.Municipality == nil || s.Municipality.Code != "44013" {
					t.Fatalf("stored %+v", s.Municipality)
				}
			})
		}
	}
}

// fillAndSend opens a form, fills it in, sends it and returns the
// reference shown on the thank-you page.
func fillAndSend(t *testing.T, ctx context.Context, page string, fill []step) string {
	t.Helper()
	steps := append([]step{
		{"open " + page, chromedp.Navigate(page)},
		{"wait for the form", chromedp.WaitReady(chromedp.CSS(`form`))},
	}, fill...)
	steps = append(steps,
		step{"pause like a person", chromedp.Sleep(1500 * time.Millisecond)}, // longer than --min-fill-time
		step{"send", chromedp.Click(chromedp.CSS(`form button[type=submit]`))},
		step{"wait for the thank-you page", chromedp.WaitVisible(chromedp.CSS(`#reference`))},
	)
	for _, st := range steps {
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(sctx, st.action)
		cancel()
		if err != nil {
			html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main")))
			t.Fatalf("%s: %s: %v\n%.3000s", page, st.name, err, html)
		}
	}
	ref, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#reference`)))
	if err != nil {
		t.Fatal(err)
	}
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(location, "/api/v1/thanks/") || !strings.HasPrefix(strings.TrimSpace(ref), "NS-") {
		t.Fatalf("after sending %s: at %s, reference %q", page, location, ref)
	}
	return strings.TrimSpace(ref)
}

// step is one named action of a person filling in a form.
type step struct {
	name   string
	action chromedp.Action[chromedp.Void]
}

func mustStored(t *testing.T, store *sqldb.SubmissionService, ref, lang string) *senderos.Submission {
	t.Helper()
	s, err := store.FindSubmissionByReference(context.Background(), ref)
	if err != nil {
		t.Fatalf("reference %s shown but not stored: %v", ref, err)
	}
	if s.Lang != lang || s.Status != senderos.StatusNew {
		t.Fatalf("stored in %s as %s (%s)", s.Lang, s.Status, s.SpamReason)
	}
	return s
}

// tab is a chromium tab a test drives as a person would.
type tab struct {
	t   *testing.T
	ctx context.Context
}

// do runs actions, each within 30 seconds; on failure it stops the test
// and shows the page.
func (p tab) do(name string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	for _, a := range actions {
		sctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
		err := chromedp.Do(sctx, a)
		cancel()
		if err != nil {
			html, _ := chromedp.Run(p.ctx, chromedp.OuterHTML(chromedp.CSS("body")))
			p.t.Fatalf("%s: %v\n%.3000s", name, err, html)
		}
	}
}

// text returns the text of the first element sel matches.
func (p tab) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// html returns the whole page's HTML.
func (p tab) html() string {
	p.t.Helper()
	html, err := chromedp.Run(p.ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		p.t.Fatal(err)
	}
	return html
}

func setValue(sel, v string) step {
	return step{"set " + sel, chromedp.SetValue(chromedp.CSS(sel), v)}
}

func click(sel string) step {
	return step{"click " + sel, chromedp.Click(chromedp.CSS(sel))}
}

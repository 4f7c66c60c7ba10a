package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cepaim/senderos/store/postgres/pgtest"
	"github.com/cepaim/senderos/store/seal"
)

// TestStaffInBrowser is the back-office end to end in chromium, without
// JavaScript: an account made on the command line is set up from its link,
// logs out and in again with password and code, opens a family's record and
// changes its status, approves a municipality, and finds its profile on the
// public site, rebuilt by the portal. It runs on SQLite, and on PostgreSQL
// when SENDEROS_TEST_POSTGRES names a server.
func TestStaffInBrowser(t *testing.T) {
	bin := chromium(t)
	t.Run("SQLite", func(t *testing.T) { testStaffInBrowser(t, bin, nil) })
	t.Run("PostgreSQL", func(t *testing.T) {
		testStaffInBrowser(t, bin, []string{"--database-url", pgtest.Schema(t), "--data-keys", seal.Generate()})
	})
}

func testStaffInBrowser(t *testing.T, bin string, store []string) {
	data := t.TempDir()
	sqlite := len(store) == 0 // no --database-url
	store = append(store, "--data", data)
	url, logs := startPortalWith(t, append([]string{"--rate-limit", "0"}, store...)...)

	family := postJSON(t, url+"api/v1/interest", map[string]any{
		"lang": "es", "adults": 2, "languages": []string{"ar"}, "spanish_level": "basic", "city": "Zaragoza",
		"province_code": "50", "sectors": []string{"agriculture"}, "regions": []string{"02"}, "bedrooms": 3,
		"move_when": "asap", "name": "Yamila Navegadora", "phone": "612 345 987", "email": "yamila.navegadora@example.com",
		"skills": "Cuidado de olivos centenarios", "contact_language": "es",
		"channel": "phone", "consent": true, "privacy_version": "2026-11",
	})
	postJSON(t, url+"api/v1/municipalities", map[string]any{
		"lang": "es", "ine_code": "44013", "contact_name": "Persona Contacto", "role": "Agente de desarrollo",
		"email": "adl@example.org", "phone": "978 654 321", "population": 16000, "homes": 4,
		"rent_min": 250, "rent_max": 450, "services": []string{"school"},
		"description": "Un pueblo **con escuela** y huerta.", "consent": true, "privacy_version": "2026-11",
	})

	link := addStaff(t, url, store, "ana@cepaim.example", "Ana Técnica")
	password := "un camino nuevo hacia el pueblo"

	p := tab{t, browser(t, bin, false)}
	do, text := p.do, p.text
	secret := setUpAccount(p, link, password, time.Now())

	// Log out, then in again: password, then a code (the next time step,
	// as the one used at set-up is never accepted twice).
	do("log out", chromedp.Click(chromedp.CSS(`form.logout button`)), chromedp.WaitReady(chromedp.CSS(`#email`)))
	logIn(p, "ana@cepaim.example", password, secret, time.Now().Add(30*time.Second))

	// A family's record: open it from the list and move it on.
	do("open the families", chromedp.Navigate(url+"staff/families"), chromedp.WaitReady(chromedp.CSS(`main table`)))
	if list := text(`main table`); !strings.Contains(list, family) {
		t.Fatalf("the families list lacks %s:\n%s", family, list)
	}
	do("open the record", chromedp.Click(chromedp.CSS(`main table a[href*="/staff/families/"]`)), chromedp.WaitReady(chromedp.CSS(`#status`)))
	if page := text(`main`); !strings.Contains(page, "Yamila Navegadora") || !strings.Contains(page, "+34612345987") {
		t.Fatalf("the record does not show the family's details:\n%.2000s", page)
	}
	do("change the status",
		chromedp.SetValue(chromedp.CSS(`#status`), "contacted"),
		chromedp.Click(chromedp.CSS(`form[action$="/status"] button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`p.flash`)),
	)
	if page := text(`main`); !strings.Contains(page, "Contactada") && !strings.Contains(page, "contactada") {
		t.Fatalf("the record does not show the new status:\n%.2000s", page)
	}

	// The family asks for erasure: the record is blocked at once.
	familyURL, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	do("erase the record",
		chromedp.Click(chromedp.CSS(`a[href$="/erase"]`)),
		chromedp.WaitReady(chromedp.CSS(`form[action$="/erase"]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/erase"] button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`p.flash`)),
	)
	do("reopen the erased record", chromedp.Navigate(familyURL), chromedp.WaitReady(chromedp.CSS(`main`)))
	if page := text(`main`); strings.Contains(page, "Yamila") {
		t.Fatalf("the erased record still shows:\n%.1000s", page)
	}

	// A municipality: approve it, and its profile appears on the site.
	do("open the municipalities", chromedp.Navigate(url+"staff/municipalities"), chromedp.WaitReady(chromedp.CSS(`main table`)))
	do("open the sign-up", chromedp.Click(chromedp.CSS(`main table a[href*="/staff/municipalities/"]`)),
		chromedp.WaitReady(chromedp.CSS(`form[action$="/approve"]`)))
	do("approve it", chromedp.Click(chromedp.CSS(`form[action$="/approve"] button`)), chromedp.WaitReady(chromedp.CSS(`p.flash`)))

	profile := ""
	deadline := time.Now().Add(3 * time.Minute) // a rebuild of the site
	for profile == "" && time.Now().Before(deadline) {
		res, err := http.Get(url + "municipalities/")
		if err == nil {
			var b bytes.Buffer
			b.ReadFrom(res.Body)
			res.Body.Close()
			if m := regexp.MustCompile(`href="(/municipalities/[^"]*44013/)"`).FindStringSubmatch(b.String()); m != nil {
				profile = m[1]
			}
		}
		if profile == "" {
			time.Sleep(time.Second)
		}
	}
	if profile == "" {
		t.Fatalf("the approved municipality never appeared on /municipalities/\n%s", logs.String())
	}
	do("open the public profile", chromedp.Navigate(strings.TrimSuffix(url, "/")+profile), chromedp.WaitReady(chromedp.CSS(`main h1`)))
	if page := text(`main`); !strings.Contains(page, "Alcañiz") || !strings.Contains(page, "con escuela") || strings.Contains(page, "adl@example.org") {
		t.Fatalf("the public profile:\n%.2000s", page)
	}

	// After the erasure, the family's personal data is nowhere in the
	// data directory (SQLite's database and its log, search index, built
	// site) or in what the portal logged; the erased record itself is still
	// there, blocked, until its retention period ends. (PostgreSQL's
	// columns are read raw by the store's own tests.)
	files := readTree(t, data)
	if sqlite && !bytes.Contains(files, []byte(family)) {
		t.Fatalf("the blocked record %s is not in the database files: the grep reads the wrong files", family)
	}
	for _, secret := range []string{"Yamila Navegadora", "yamila.navegadora@example.com", "612345987", "612 345 987", "olivos centenarios"} {
		if bytes.Contains(files, []byte(secret)) {
			t.Errorf("%q is in the data directory", secret)
		}
		if strings.Contains(logs.String(), secret) {
			t.Errorf("%q is in the logs", secret)
		}
	}
}

// addStaff makes an account on the command line, on the portal's store,
// and returns the set-up link it printed.
func addStaff(t *testing.T, url string, store []string, email, name string, flags ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	args := append([]string{"staff", "add", "--email", email, "--name", name, "--public-url", url}, flags...)
	if err := Run(context.Background(), append(args, store...), &out, &errOut); err != nil {
		t.Fatalf("staff add: %v\n%s", err, errOut.String())
	}
	link := regexp.MustCompile(`http://\S+/staff/setup/\S+`).FindString(out.String())
	if link == "" {
		t.Fatalf("staff add printed no set-up link:\n%s", out.String())
	}
	return link
}

// setUpAccount opens an account's set-up link, chooses password and sets
// up the second factor with its code at now; it returns the factor's
// secret.
func setUpAccount(p tab, link, password string, now time.Time) string {
	p.t.Helper()
	p.do("open the set-up link", chromedp.Navigate(link), chromedp.WaitReady(chromedp.CSS(`code.secret`)))
	secret := strings.ReplaceAll(p.text(`code.secret`), " ", "")
	p.do("set up the account",
		chromedp.SetValue(chromedp.CSS(`#password`), password),
		chromedp.SetValue(chromedp.CSS(`#password2`), password),
		chromedp.SetValue(chromedp.CSS(`#code`), totpCode(p.t, secret, now)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`form.logout`)),
	)
	return secret
}

// logIn fills in the login form the tab shows: password, then the code of
// secret at now.
func logIn(p tab, email, password, secret string, now time.Time) {
	p.t.Helper()
	p.do("log in with the password",
		chromedp.SetValue(chromedp.CSS(`#email`), email),
		chromedp.SetValue(chromedp.CSS(`#password`), password),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`#code`)),
	)
	p.do("log in with the code",
		chromedp.SetValue(chromedp.CSS(`#code`), totpCode(p.t, secret, now)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`form.logout`)),
	)
}

// readTree returns the bytes of every file under dir. A rebuild of the
// site may run meanwhile (it swaps public/ with public.next/ and removes
// public.old/): what vanishes during the walk is no longer on disk, and is
// skipped.
func readTree(t *testing.T, dir string) []byte {
	t.Helper()
	var all []byte
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		all = append(all, b...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// postJSON sends a form as JSON and returns the reference it got.
func postJSON(t *testing.T, url string, body map[string]any) string {
	t.Helper()
	raw, _ := json.Marshal(body)
	res, err := http.Post(url, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got struct{ Reference string }
	json.NewDecoder(res.Body).Decode(&got)
	if res.StatusCode != http.StatusCreated || got.Reference == "" {
		t.Fatalf("POST %s: %d %+v", url, res.StatusCode, got)
	}
	return got.Reference
}

// totpCode is the RFC 6238 code of secret (base32) at t, written here
// independently of the server's own implementation.
func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(secret, "=")))
	if err != nil {
		t.Fatalf("secret %q: %v", secret, err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff % 1000000
	return fmt.Sprintf("%06d", code)
}

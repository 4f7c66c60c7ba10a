package backoffice

import (
	"encoding/base32"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/webtest"
)

// mustInvite stores an account waiting to be set up and returns its
// set-up token.
func mustInvite(t *testing.T, srv *Server, email string) (*senderos.Staff, string) {
	t.Helper()
	token := "setup-token-" + strings.ReplaceAll(email, "@", "-")
	st := &senderos.Staff{
		Email: email, Name: "New person", Role: senderos.RoleCoordinator, Lang: "fr",
		SetupTokenHash: hashToken(token), SetupExpiresAt: srv.Now().Add(time.Hour),
	}
	if err := srv.staff.CreateStaff(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	return st, token
}

var secretOnPage = regexp.MustCompile(`<code class="secret" dir="ltr">([A-Z2-7 ]+)</code>`)

// secretFrom reads the TOTP secret shown on a set-up page.
func secretFrom(t *testing.T, body string) []byte {
	t.Helper()
	m := secretOnPage.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no secret on the set-up page")
	}
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(m[1], " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func TestSetup(t *testing.T) {
	srv, svc := newStaffServer(t)
	st, token := mustInvite(t, srv, "new@example.org")
	b := newBrowser(t, srv)
	path := "/staff/setup/" + token

	res, body := b.get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("set-up page: %d", res.StatusCode)
	}
	if !strings.Contains(body, "otpauth://totp/") {
		t.Error("the page lacks the otpauth link")
	}
	secret := secretFrom(t, body)
	if code, err := newQRCode(totpURI(secret, "new@example.org")); err != nil {
		t.Fatal(err)
	} else if !strings.Contains(body, `role="img" aria-label="`) || !strings.Contains(body, `d="`+code.Path+`"`) {
		t.Error("the page lacks the QR code of its otpauth URI")
	}
	code := func() string { return totpCode(secret, totpStep(srv.Now()), totpDigits) }

	t.Run("RefusesAShortPassword", func(t *testing.T) {
		res, body := b.post(path, url.Values{"password": {"short"}, "password2": {"short"}, "code": {code()}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, staffText("es", "password.too_short")) {
			t.Errorf("%d", res.StatusCode)
		}
	})
	t.Run("RefusesACommonPassword", func(t *testing.T) {
		res, _ := b.post(path, url.Values{"password": {"Password1234"}, "password2": {"Password1234"}, "code": {code()}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%d", res.StatusCode)
		}
	})
	t.Run("RefusesMismatchedPasswords", func(t *testing.T) {
		res, _ := b.post(path, url.Values{"password": {testPassword}, "password2": {testPassword + "x"}, "code": {code()}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%d", res.StatusCode)
		}
	})
	t.Run("RefusesAWrongCode", func(t *testing.T) {
		wrong := totpCode(secret, totpStep(srv.Now())+5, totpDigits)
		res, body := b.post(path, url.Values{"password": {testPassword}, "password2": {testPassword}, "code": {wrong}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, staffText("es", "setup.bad_code")) {
			t.Errorf("%d", res.StatusCode)
		}
	})
	t.Run("SetsUpAndLogsIn", func(t *testing.T) {
		res, _ := b.post(path, url.Values{"password": {testPassword}, "password2": {testPassword}, "code": {code()}})
		wantRedirect(t, res, "/staff/")
		if res, _ := b.get("/staff/"); res.StatusCode != http.StatusOK {
			t.Fatalf("home after set-up: %d", res.StatusCode)
		}
		got, err := svc.Staff.FindStaffByID(t.Context(), st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Ready() || got.SetupTokenHash != "" || string(got.TOTPSecret) != string(secret) {
			t.Errorf("account after set-up: ready=%v token=%q", got.Ready(), got.SetupTokenHash)
		}
		if ok, _ := verifyPassword(got.PasswordHash, testPassword); !ok {
			t.Error("the password was not stored")
		}
	})
	t.Run("LinkWorksOnce", func(t *testing.T) {
		res, body := newBrowser(t, srv).get(path)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, staffText("es", "setup.invalid")) {
			t.Errorf("used link: %d", res.StatusCode)
		}
	})
	t.Run("TheSetUpCodeCannotLogIn", func(t *testing.T) {
		other := newBrowser(t, srv)
		res, _ := other.post("/staff/login", url.Values{"email": {st.Email}, "password": {testPassword}})
		wantRedirect(t, res, "/staff/login/code")
		if res, _ := other.post("/staff/login/code", url.Values{"code": {code()}}); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("the set-up code was accepted again: %d", res.StatusCode)
		}
	})
}

func TestSetupLinkExpires(t *testing.T) {
	srv, svc := newStaffServer(t)
	_, token := mustInvite(t, srv, "late@example.org")
	svc.Clock.Add(time.Hour)
	b := newBrowser(t, srv)
	if res, _ := b.get("/staff/setup/" + token); res.StatusCode != http.StatusNotFound {
		t.Errorf("expired link: %d", res.StatusCode)
	}
	if res, _ := b.post("/staff/setup/"+token, url.Values{"password": {testPassword}, "password2": {testPassword}, "code": {"123456"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("expired link posted: %d", res.StatusCode)
	}
	if res, _ := b.get("/staff/setup/unknown"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown link: %d", res.StatusCode)
	}
}

// postSetup posts the set-up form of token to ts with password and a
// right code, and returns the status.
func postSetup(t *testing.T, srv *Server, ts *httptest.Server, token, password string) int {
	secret := srv.setupSecret(hashToken(token))
	code := totpCode(secret, totpStep(srv.Now()), totpDigits)
	res, err := ts.Client().PostForm(ts.URL+"/staff/setup/"+token,
		url.Values{"password": {password}, "password2": {password}, "code": {code}})
	if err != nil {
		t.Error(err)
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// TestSetupConcurrentPostsUseTheLinkOnce races set-up posts for one link,
// each with its own password: one sets the account up, with its password,
// and the others find the link used.
func TestSetupConcurrentPostsUseTheLinkOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, srv *Server, clock *webtest.Clock) {
		st, token := mustInvite(t, srv, "new@example.org")
		ts := httptest.NewServer(srv)
		defer ts.Close()
		ts.Client().CheckRedirect = noRedirects

		const n = 4 // under the throttle of one e-mail from one address
		var mu sync.Mutex
		statuses, winner := map[int]int{}, ""
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				password := fmt.Sprintf("olive tractor window %d", i)
				status := postSetup(t, srv, ts, token, password)
				mu.Lock()
				defer mu.Unlock()
				statuses[status]++
				if status == http.StatusSeeOther {
					winner = password
				}
			})
		}
		wg.Wait()
		if statuses[http.StatusSeeOther] != 1 || statuses[http.StatusNotFound] != n-1 {
			t.Fatalf("%d concurrent set-ups from one link: %v, want one 303 and the others 404", n, statuses)
		}
		got, err := srv.staff.FindStaffByID(t.Context(), st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := verifyPassword(got.PasswordHash, winner); !ok {
			t.Error("the stored password is not the one of the set-up that succeeded")
		}
	})
}

// TestSetupHashesInTheLoginsSlots floods the set-up page while the slot of
// attempts from anywhere is taken: the posts wait in the login's queue,
// those beyond it are refused before hashing, and no more than one set-up
// hashes at once.
func TestSetupHashesInTheLoginsSlots(t *testing.T) {
	forEachEngine(t, func(t *testing.T, srv *Server, clock *webtest.Clock) {
		srv.login.perAddr, srv.login.perPair, srv.login.queue = nil, nil, 2
		_, token := mustInvite(t, srv, "new@example.org")
		ts := httptest.NewServer(srv)
		defer ts.Close()
		ts.Client().CheckRedirect = noRedirects

		srv.login.anyone <- struct{}{} // a login hashing
		statuses := make(chan int, 2)
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Go(func() { statuses <- postSetup(t, srv, ts, token, fmt.Sprintf("olive tractor window %d", i)) })
		}
		for deadline := time.Now().Add(10 * time.Second); srv.login.waitingAnyone.Load() < 2; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				<-srv.login.anyone
				wg.Wait()
				t.Fatal("the set-up posts did not wait for the login's hashing slot")
			}
		}
		if s := postSetup(t, srv, ts, token, testPassword); s != http.StatusTooManyRequests {
			t.Errorf("a set-up post beyond the queue: %d, want 429", s)
		}
		<-srv.login.anyone
		wg.Wait()
		close(statuses)
		got := map[int]int{}
		for s := range statuses {
			got[s]++
		}
		if got[http.StatusSeeOther] != 1 || got[http.StatusNotFound] != 1 {
			t.Errorf("the two posts that waited: %v, want one 303 and one 404", got)
		}
		if m := srv.login.maxRunning.Load(); m != 1 {
			t.Errorf("%d set-up hashes ran at once, want 1", m)
		}
	})
}

// TestSetupIsThrottledByAddress posts the set-up form from one address
// more often than the login's throttle lets one e-mail be tried.
func TestSetupIsThrottledByAddress(t *testing.T) {
	srv, _ := newStaffServer(t)
	_, token := mustInvite(t, srv, "new@example.org")
	b := newBrowser(t, srv)
	for i := range loginsPerPair {
		if res, _ := b.post("/staff/setup/"+token, url.Values{"password": {"short"}, "password2": {"short"}, "code": {"1"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("post %d: %d", i+1, res.StatusCode)
		}
	}
	res, body := b.post("/staff/setup/"+token, url.Values{"password": {testPassword}, "password2": {testPassword}, "code": {"1"}})
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" ||
		!strings.Contains(body, staffText("es", "login.throttled")) {
		t.Errorf("post %d from one address: %d, Retry-After %q", loginsPerPair+1, res.StatusCode, res.Header.Get("Retry-After"))
	}
	if srv.login.maxRunning.Load() != 0 {
		t.Error("a throttled set-up post was hashed")
	}
}

package api

import (
	"encoding/base32"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
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

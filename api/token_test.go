package api

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// formMessage returns a form token's signed part: issued at t, a nonce.
func formMessage(t time.Time) []byte {
	msg := make([]byte, 16)
	binary.BigEndian.PutUint64(msg[:8], uint64(t.UnixMilli()))
	copy(msg[8:], "12345678")
	return msg
}

// tokenOf returns the form token of msg with mac.
func tokenOf(msg, mac []byte) string {
	return base64.RawURLEncoding.EncodeToString(append(append([]byte{}, msg...), mac...))
}

// TestSigningKeysAreSeparate proves that what is signed with the key of
// form tokens, which anyone may fetch, never passes for a staff login or
// set-up secret, and the other way round, though both derive from the one
// configured key.
func TestSigningKeysAreSeparate(t *testing.T) {
	srv, svc := newStaffServer(t)
	st := mustStaff(t, srv, senderos.RoleAdmin, "ada@cepaim.example")
	root := bytes.Repeat([]byte("k"), 32) // newStaffServer's FormKey

	t.Run("KeysDiffer", func(t *testing.T) {
		keys := map[string][]byte{"configured": root, "form tokens": srv.tokens.key, "staff": srv.staffKey, "duplicate forms": srv.dedupKey}
		for a, ka := range keys {
			for b, kb := range keys {
				if a < b && bytes.Equal(ka, kb) {
					t.Errorf("the %s key is the %s key", a, b)
				}
			}
		}
	})
	pending := func(value string) *senderos.Staff {
		r := httptest.NewRequest(http.MethodPost, "/staff/login/code", nil)
		r.AddCookie(&http.Cookie{Name: pendingCookie, Value: value})
		return srv.pendingStaff(r)
	}
	t.Run("FormKeyDoesNotSignStaffLogins", func(t *testing.T) {
		good := srv.signPending(st, svc.Clock.Now().Add(5*time.Minute))
		if got := pending(good); got == nil || got.ID != st.ID {
			t.Fatalf("the server's own pending login is refused: the test would prove nothing")
		}
		payload, _, _ := cutLast(good, ".")
		for name, key := range map[string][]byte{"form-token key": srv.tokens.key, "configured key": root} {
			mac := hmac.New(sha256.New, key)
			fmt.Fprintf(mac, "staff-login\x00%s\x00%s", payload, st.PasswordHash)
			forged := payload + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
			if got := pending(forged); got != nil {
				t.Errorf("a login signed with the %s passes as staff %d's", name, got.ID)
			}
		}
	})
	t.Run("FormKeyDoesNotMakeSetupSecrets", func(t *testing.T) {
		hash := hashToken("set-up link token")
		for name, key := range map[string][]byte{"form-token key": srv.tokens.key, "configured key": root} {
			mac := hmac.New(sha256.New, key)
			fmt.Fprintf(mac, "staff-totp\x00%s", hash)
			if bytes.Equal(srv.setupSecret(hash), mac.Sum(nil)[:20]) {
				t.Errorf("the set-up secret is made with the %s", name)
			}
		}
	})
	t.Run("StaffKeyDoesNotSignFormTokens", func(t *testing.T) {
		msg := formMessage(svc.Clock.Now().Add(-time.Minute))
		if _, err := srv.tokens.verify(tokenOf(msg, sign(srv.tokens.key, msg))); err != nil {
			t.Fatalf("a form token of the form-token key is refused: the test would prove nothing")
		}
		forged := tokenOf(msg, sign(srv.staffKey, msg))
		if _, err := srv.tokens.verify(forged); err == nil {
			t.Error("a form token signed with the staff key passes")
		}
		if got := srv.screen(&common{FormToken: forged}, svc.Clock.Now()); got != "bad_token" {
			t.Errorf("a form sent with it is screened %q, want bad_token", got)
		}
	})
	t.Run("FormTokensOfTheConfiguredKeyOnlyFromBeforeStart", func(t *testing.T) {
		// Issued by the previous version, which signed with the configured
		// key itself: forms open during an upgrade are not spam.
		before := formMessage(svc.Clock.Now().Add(-time.Hour))
		if _, err := srv.tokens.verify(tokenOf(before, sign(root, before))); err != nil {
			t.Errorf("a form token issued before the upgrade is refused: %v", err)
		}
		after := formMessage(svc.Clock.Now().Add(time.Second))
		if _, err := srv.tokens.verify(tokenOf(after, sign(root, after))); err == nil {
			t.Error("a form token of the configured key issued after start passes")
		}
	})
	t.Run("IssuedTokensVerify", func(t *testing.T) {
		token := srv.tokens.issue()
		if issued, err := srv.tokens.verify(token); err != nil || !issued.Equal(svc.Clock.Now().Truncate(time.Millisecond)) {
			t.Errorf("verify(issue()) = %v, %v", issued, err)
		}
		if strings.ContainsAny(token, ".=") {
			t.Errorf("token %q", token)
		}
	})
}

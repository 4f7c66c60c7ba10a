package api

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/internal/webtest"
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

// TestSigningKeysAreSeparate proves that what is signed with the staff
// key (logins half done, set-up secrets) never passes for a form token,
// though both derive from the one configured key (the back-office's test
// proves the other way round), and that form tokens signed before keys
// were derived are taken only from before the server started.
func TestSigningKeysAreSeparate(t *testing.T) {
	srv, svc := newServer(t)
	root := webtest.FormKey() // newServer's FormKey

	t.Run("KeysAreDerivedForTheirPurposes", func(t *testing.T) {
		if !bytes.Equal(srv.tokens.key, web.DeriveKey(root, web.FormTokenLabel)) {
			t.Error("the form-token key is not the one derived under the form-token label")
		}
		if !bytes.Equal(srv.dedupKey, web.DeriveKey(root, web.DedupKeyLabel)) {
			t.Error("the duplicate-form key is not the one derived under the duplicate-form label")
		}
	})
	t.Run("StaffKeyDoesNotSignFormTokens", func(t *testing.T) {
		msg := formMessage(svc.Clock.Now().Add(-time.Minute))
		if _, err := srv.tokens.verify(tokenOf(msg, web.Sign(srv.tokens.key, msg))); err != nil {
			t.Fatalf("a form token of the form-token key is refused: the test would prove nothing")
		}
		forged := tokenOf(msg, web.Sign(web.DeriveKey(root, web.StaffKeyLabel), msg))
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
		if _, err := srv.tokens.verify(tokenOf(before, web.Sign(root, before))); err != nil {
			t.Errorf("a form token issued before the upgrade is refused: %v", err)
		}
		after := formMessage(svc.Clock.Now().Add(time.Second))
		if _, err := srv.tokens.verify(tokenOf(after, web.Sign(root, after))); err == nil {
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

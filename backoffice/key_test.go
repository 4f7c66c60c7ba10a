package backoffice

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/internal/webtest"
)

// TestSigningKeysAreSeparate proves that what is signed with the key of
// form tokens, which anyone may fetch from the API, never passes for a
// staff login or set-up secret, though both derive from the one configured
// key (the API's test proves the other way round).
func TestSigningKeysAreSeparate(t *testing.T) {
	srv, svc := newStaffServer(t)
	st := mustStaff(t, srv, senderos.RoleAdmin, "ada@cepaim.example")
	root := webtest.FormKey() // newStaffServer's FormKey

	t.Run("StaffKeyIsDerivedForStaff", func(t *testing.T) {
		if !bytes.Equal(srv.staffKey, web.DeriveKey(root, web.StaffKeyLabel)) {
			t.Error("the staff key is not the one derived under the staff label")
		}
	})
	t.Run("DeviceKeyIsDerivedForDevices", func(t *testing.T) {
		if !bytes.Equal(srv.deviceKey, web.DeriveKey(root, web.DeviceKeyLabel)) {
			t.Error("known devices' cookies are not signed with the key derived under the device label")
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
		for name, key := range map[string][]byte{"form-token key": web.DeriveKey(root, web.FormTokenLabel), "configured key": root} {
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
		for name, key := range map[string][]byte{"form-token key": web.DeriveKey(root, web.FormTokenLabel), "configured key": root} {
			mac := hmac.New(sha256.New, key)
			fmt.Fprintf(mac, "staff-totp\x00%s", hash)
			if bytes.Equal(srv.setupSecret(hash), mac.Sum(nil)[:20]) {
				t.Errorf("the set-up secret is made with the %s", name)
			}
		}
	})
}

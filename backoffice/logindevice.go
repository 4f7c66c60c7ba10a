package backoffice

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// A device an account has logged in from keeps a signed cookie naming the
// account. Its attempts skip the throttle by address (keeping one of their
// own) and may take the hashing slot kept for known devices, so that a
// flood of attempts from everywhere does not keep staff out. It opens
// nothing by itself: the password, the second factor and the address's
// lock still apply. The signature covers the password hash, so a reset
// voids it.
const (
	deviceCookie = "senderos_staff_device"
	deviceTTL    = 90 * 24 * time.Hour
)

// setDeviceCookie marks the request's device as known to st.
func (s *Server) setDeviceCookie(w http.ResponseWriter, st *senderos.Staff) {
	payload := fmt.Sprintf("%d.%d.%s", st.ID, s.Now().Add(deviceTTL).Unix(), rand.Text()[:12])
	http.SetCookie(w, &http.Cookie{
		Name: deviceCookie, Value: payload + "." + s.deviceMAC(payload, st.PasswordHash),
		Path: "/staff/login", MaxAge: int(deviceTTL.Seconds()),
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteStrictMode,
	})
}

func (s *Server) deviceMAC(payload, passwordHash string) string {
	mac := hmac.New(sha256.New, s.deviceKey)
	fmt.Fprintf(mac, "staff-device\x00%s\x00%s", payload, passwordHash)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// knownDevice returns the id of the request's device when its cookie is
// valid for st (nil for an unknown e-mail).
func (s *Server) knownDevice(r *http.Request, st *senderos.Staff) (string, bool) {
	c, err := r.Cookie(deviceCookie)
	if err != nil || st == nil || st.PasswordHash == "" {
		return "", false
	}
	payload, sig, ok := cutLast(c.Value, ".")
	parts := strings.Split(payload, ".")
	if !ok || len(parts) != 3 || parts[0] != strconv.FormatInt(st.ID, 10) {
		return "", false
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !s.Now().Before(time.Unix(exp, 0)) {
		return "", false
	}
	if !hmac.Equal([]byte(sig), []byte(s.deviceMAC(payload, st.PasswordHash))) {
		return "", false
	}
	return parts[2], true
}

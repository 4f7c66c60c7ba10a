package backoffice

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP per RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits. A code is
// accepted one step early or late, and never twice.
const (
	totpPeriod = 30
	totpDigits = 6
	totpSkew   = 1
	totpIssuer = "Nuevos Senderos"
)

// totpStep returns the time step of t.
func totpStep(t time.Time) int64 {
	return t.Unix() / totpPeriod
}

// totpCode returns the code of secret at time step step, with digits
// digits (RFC 4226 dynamic truncation).
func totpCode(secret []byte, step int64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	mac := hmac.New(sha1.New, secret)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// verifyTOTP checks code against secret at time now and returns the step
// it matched. Steps at or before lastStep are refused, so that a code is
// never accepted twice.
func verifyTOTP(secret []byte, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	code = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, code)
	if len(code) != totpDigits || len(secret) == 0 {
		return 0, false
	}
	cur := totpStep(now)
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		if s <= lastStep {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(totpCode(secret, s, totpDigits)), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// base32Secret is secret as an authenticator app takes it by hand.
func base32Secret(secret []byte) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(secret)
}

// groupedSecret is the base32 secret in groups of four, easier to type.
func groupedSecret(secret []byte) string {
	s := base32Secret(secret)
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// totpURI is the otpauth:// URI of an account's secret.
func totpURI(secret []byte, account string) string {
	label := url.PathEscape(totpIssuer + ":" + account)
	q := url.Values{
		"secret": {base32Secret(secret)}, "issuer": {totpIssuer}, "algorithm": {"SHA1"},
		"digits": {fmt.Sprint(totpDigits)}, "period": {fmt.Sprint(totpPeriod)},
	}
	return "otpauth://totp/" + label + "?" + q.Encode()
}

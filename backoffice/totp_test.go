package backoffice

import (
	"strings"
	"testing"
	"time"
)

// rfcSecret is the SHA-1 seed of RFC 6238's test vectors.
var rfcSecret = []byte("12345678901234567890")

func TestTOTPCodeMatchesRFC6238(t *testing.T) {
	for _, v := range []struct {
		unix int64
		code string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	} {
		if got := totpCode(rfcSecret, totpStep(time.Unix(v.unix, 0)), 8); got != v.code {
			t.Errorf("code at %d = %s, want %s", v.unix, got, v.code)
		}
	}
}

func TestVerifyTOTP(t *testing.T) {
	at := time.Unix(1111111111, 0)
	code := "050471" // the last six digits of the RFC's 14050471
	step := totpStep(at)

	t.Run("AcceptsTheCurrentCode", func(t *testing.T) {
		got, ok := verifyTOTP(rfcSecret, code, at, 0)
		if !ok || got != step {
			t.Errorf("verify = %d, %v; want %d, true", got, ok, step)
		}
	})
	t.Run("AcceptsSpacesInTheCode", func(t *testing.T) {
		if _, ok := verifyTOTP(rfcSecret, "050 471", at, 0); !ok {
			t.Error("refused")
		}
	})
	t.Run("AcceptsOneStepEarlyOrLate", func(t *testing.T) {
		for _, d := range []time.Duration{-30 * time.Second, 30 * time.Second} {
			if got, ok := verifyTOTP(rfcSecret, code, at.Add(d), 0); !ok || got != step {
				t.Errorf("at %v: verify = %d, %v", d, got, ok)
			}
		}
	})
	t.Run("RefusesTwoStepsAway", func(t *testing.T) {
		for _, d := range []time.Duration{-61 * time.Second, 61 * time.Second} {
			if _, ok := verifyTOTP(rfcSecret, code, at.Add(d), 0); ok {
				t.Errorf("at %v: accepted", d)
			}
		}
	})
	t.Run("RefusesAUsedCode", func(t *testing.T) {
		if _, ok := verifyTOTP(rfcSecret, code, at, step); ok {
			t.Error("a code for an already used step was accepted")
		}
	})
	t.Run("RefusesWrongCodes", func(t *testing.T) {
		for _, c := range []string{"", "050472", "14050471", "abcdef", "05047"} {
			if _, ok := verifyTOTP(rfcSecret, c, at, 0); ok {
				t.Errorf("%q accepted", c)
			}
		}
	})
	t.Run("RefusesWithoutSecret", func(t *testing.T) {
		if _, ok := verifyTOTP(nil, totpCode(nil, step, 6), at, 0); ok {
			t.Error("accepted without a secret")
		}
	})
}

func TestTOTPURI(t *testing.T) {
	uri := totpURI(rfcSecret, "ana@example.org")
	for _, want := range []string{
		"otpauth://totp/Nuevos%20Senderos:ana@example.org?",
		"secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
		"issuer=Nuevos+Senderos", "digits=6", "period=30", "algorithm=SHA1",
	} {
		if !strings.Contains(uri, want) {
			t.Errorf("%s lacks %s", uri, want)
		}
	}
	if got := groupedSecret(rfcSecret); got != "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ" {
		t.Errorf("grouped secret = %q", got)
	}
}

package senderos_test

import (
	"encoding/base64"
	"testing"
	"time"

	senderos "github.com/cepaim/senderos"
)

func TestNewFamilyToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok, err := senderos.NewFamilyToken()
		if err != nil {
			t.Fatal(err)
		}
		b, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(b)*8 < 128 {
			t.Fatalf("token %q: %d bits, %v", tok, len(b)*8, err)
		}
		if seen[tok] {
			t.Fatalf("token %q twice", tok)
		}
		seen[tok] = true
	}
}

func TestHashFamilyToken(t *testing.T) {
	tok, _ := senderos.NewFamilyToken()
	h := senderos.HashFamilyToken(tok)
	if len(h) != 64 || h == tok || h != senderos.HashFamilyToken(tok) {
		t.Errorf("HashFamilyToken(%q) = %q", tok, h)
	}
	if senderos.HashFamilyToken(tok+"x") == h {
		t.Error("two tokens, one hash")
	}
}

func TestFamilyLinkValid(t *testing.T) {
	created := day(2027, time.March, 1)
	for _, tt := range []struct {
		name string
		edit func(l *senderos.FamilyLink)
		at   time.Time
		want bool
	}{
		{"Valid", func(*senderos.FamilyLink) {}, now, true},
		{"ValidJustBeforeExpiry", func(*senderos.FamilyLink) {}, created.Add(senderos.FamilyLinkLifetime - time.Second), true},
		{"Expired", func(*senderos.FamilyLink) {}, created.Add(senderos.FamilyLinkLifetime), false},
		{"Revoked", func(l *senderos.FamilyLink) { l.RevokedAt = now.Add(-time.Hour) }, now, false},
		{"RevokedLater", func(l *senderos.FamilyLink) { l.RevokedAt = now.Add(time.Hour) }, now, true},
		{"BeforeItWasMade", func(*senderos.FamilyLink) {}, created.Add(-time.Second), false},
		{"NoHash", func(l *senderos.FamilyLink) { l.TokenHash = "" }, now, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := &senderos.FamilyLink{CaseID: 7, TokenHash: senderos.HashFamilyToken("t"), CreatedAt: created,
				ExpiresAt: created.Add(senderos.FamilyLinkLifetime)}
			tt.edit(l)
			if got := l.Valid(tt.at); got != tt.want {
				t.Errorf("Valid(%v) = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
}

func TestFamilyLinkValidate(t *testing.T) {
	created := day(2027, time.March, 1)
	for _, tt := range []struct {
		name    string
		expires time.Time
		want    []string
	}{
		{"Valid", created.Add(senderos.FamilyLinkLifetime), nil},
		{"ErrNoExpiry", time.Time{}, []string{"expires_at:required"}},
		{"ErrExpiresWhenMade", created, []string{"expires_at:date_order"}},
		{"ErrExpiresBeforeMade", created.Add(-time.Hour), []string{"expires_at:date_order"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := &senderos.FamilyLink{CaseID: 7, TokenHash: "h", CreatedAt: created, ExpiresAt: tt.expires}
			checkProblems(t, l.Validate(), tt.want...)
		})
	}
}

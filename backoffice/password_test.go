package backoffice

import (
	"strings"
	"testing"
)

func TestHashPassword(t *testing.T) {
	const password = "a long enough passphrase"
	hash, err := hashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("IsPHCArgon2id", func(t *testing.T) {
		if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=3,p=2$") || strings.Count(hash, "$") != 5 {
			t.Errorf("hash %q is not an argon2id PHC string", hash)
		}
	})
	t.Run("RightPasswordMatches", func(t *testing.T) {
		if ok, err := verifyPassword(hash, password); err != nil || !ok {
			t.Errorf("verify = %v, %v", ok, err)
		}
	})
	t.Run("WrongPasswordFails", func(t *testing.T) {
		for _, wrong := range []string{"", "a long enough passphrasE", password + " ", "a long enough"} {
			if ok, err := verifyPassword(hash, wrong); err != nil || ok {
				t.Errorf("verify(%q) = %v, %v", wrong, ok, err)
			}
		}
	})
	t.Run("SaltDiffers", func(t *testing.T) {
		again, err := hashPassword(password)
		if err != nil {
			t.Fatal(err)
		}
		if again == hash {
			t.Error("two hashes of one password are equal")
		}
	})
}

func TestVerifyPasswordRefusesMalformedHashes(t *testing.T) {
	for _, hash := range []string{
		"",
		"plain",
		"$argon2i$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=16$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=999999999,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=65536,t=3,p=2$!!!$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$",
	} {
		if ok, err := verifyPassword(hash, "whatever it is"); err == nil || ok {
			t.Errorf("verify with %q = %v, %v; want an error", hash, ok, err)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tt := range []struct {
		name, password, want string
	}{
		{"Short", "elevenchars", "password.too_short"},
		{"TwelveCharacters", "twelve chars", ""},
		{"RunesNotBytes", "ñññññññññññ", "password.too_short"},
		{"TwelveRunes", "ññññññññññññ", ""},
		{"MaxLength", strings.Repeat("x", 127) + "y", ""},
		{"TooLong", strings.Repeat("x", 128) + "y", "password.too_long"},
		{"Common", "password1234", "password.common"},
		{"CommonAnyCase", "PassWord1234", "password.common"},
		{"CommonSpanish", "Contraseña123", "password.common"},
		{"Passphrase", "olive tractor window seventeen", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkPassword(tt.password); got != tt.want {
				t.Errorf("checkPassword(%q) = %q, want %q", tt.password, got, tt.want)
			}
		})
	}
}

func TestCommonPasswordListIsLoaded(t *testing.T) {
	if n := len(commonPasswords()); n < 300 {
		t.Errorf("%d common passwords, want a few hundred", n)
	}
	for p := range commonPasswords() {
		if p != strings.ToLower(p) || strings.TrimSpace(p) != p {
			t.Errorf("list entry %q is not trimmed lower case", p)
		}
	}
}

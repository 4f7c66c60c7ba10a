package seal

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func mustParse(t testing.TB, text string) *Keyring {
	t.Helper()
	k, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestParse(t *testing.T) {
	a, b := Generate(), Generate()
	for _, tt := range []struct {
		name string
		text string
		n    int // keys, 0 for an error
	}{
		{"OneKey", a, 1},
		{"Commas", a + "," + b, 2},
		{"Lines", "# data keys\n\n" + a + "\n" + b + "\n", 2},
		{"Spaces", " " + a + " , " + b + " ", 2},
		{"ErrEmpty", "", 0},
		{"ErrOnlyComments", "# nothing\n\n", 0},
		{"ErrNotBase64", "not*base64", 0},
		{"ErrShort", "c2hvcnQ=", 0},
		{"ErrTwice", a + "," + a, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k, err := Parse(tt.text)
			if tt.n == 0 {
				if err == nil {
					t.Fatalf("Parse succeeded with %v", k)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.Len() != tt.n {
				t.Errorf("Len = %d, want %d", k.Len(), tt.n)
			}
		})
	}

	t.Run("ErrorHidesKey", func(t *testing.T) {
		bad := "secret-key-text!"
		_, err := Parse(a + "\n" + bad)
		if err == nil || strings.Contains(err.Error(), bad) {
			t.Errorf("error = %v, want one not naming the key", err)
		}
	})
}

func TestKeyring(t *testing.T) {
	a, b := Generate(), Generate()
	plain := []byte("Amina El Idrissi, +34 600 000 000")

	t.Run("RoundTrip", func(t *testing.T) {
		k := mustParse(t, a)
		sealed, err := k.Seal("submission.private", plain)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(sealed, plain) {
			t.Error("sealed value holds the plain text")
		}
		got, err := k.Open("submission.private", sealed)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, plain) {
			t.Errorf("Open = %q, want %q", got, plain)
		}
	})

	t.Run("NonceIsRandom", func(t *testing.T) {
		k := mustParse(t, a)
		x, _ := k.Seal("l", plain)
		y, _ := k.Seal("l", plain)
		if bytes.Equal(x, y) {
			t.Error("sealing twice gave the same bytes")
		}
	})

	t.Run("Format", func(t *testing.T) {
		k := mustParse(t, a)
		sealed, _ := k.Seal("l", plain)
		if sealed[0] != version {
			t.Errorf("version byte = %d, want %d", sealed[0], version)
		}
		if len(sealed) != overhead+len(plain) {
			t.Errorf("len = %d, want %d", len(sealed), overhead+len(plain))
		}
		id := k.keys[0].id
		if !bytes.Equal(sealed[1:1+idSize], id[:]) {
			t.Error("sealed value does not carry the key id")
		}
	})

	t.Run("Rotation", func(t *testing.T) {
		old := mustParse(t, a)
		sealed, _ := old.Seal("l", plain)
		rotated := mustParse(t, b+","+a)
		if rotated.IsPrimary(sealed) {
			t.Error("IsPrimary = true for a value sealed by the old key")
		}
		if !old.IsPrimary(sealed) {
			t.Error("IsPrimary = false under the key that sealed it")
		}
		got, err := rotated.Open("l", sealed)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("Open with the old key second = %q, %v", got, err)
		}
		resealed, _ := rotated.Seal("l", got)
		if !rotated.IsPrimary(resealed) {
			t.Error("IsPrimary = false after re-sealing")
		}
		if _, err := mustParse(t, b).Open("l", resealed); err != nil {
			t.Errorf("re-sealed value does not open once the old key is dropped: %v", err)
		}
	})

	sealed, _ := mustParse(t, a).Seal("submission.private", plain)
	for _, tt := range []struct {
		name  string
		keys  string
		label string
		value func() []byte
	}{
		{"ErrUnknownKey", b, "submission.private", func() []byte { return sealed }},
		{"ErrOtherLabel", a, "event.note", func() []byte { return sealed }},
		{"ErrTampered", a, "submission.private", func() []byte {
			v := bytes.Clone(sealed)
			v[len(v)-1] ^= 1
			return v
		}},
		{"ErrVersion", a, "submission.private", func() []byte {
			v := bytes.Clone(sealed)
			v[0] = 9
			return v
		}},
		{"ErrTruncated", a, "submission.private", func() []byte { return sealed[:overhead-1] }},
		{"ErrEmpty", a, "submission.private", func() []byte { return nil }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k := mustParse(t, tt.keys)
			got, err := k.Open(tt.label, tt.value())
			if !errors.Is(err, ErrOpen) {
				t.Fatalf("Open = %q, %v; want ErrOpen", got, err)
			}
			if strings.Contains(err.Error(), string(plain)) || strings.Contains(err.Error(), a) || strings.Contains(err.Error(), b) {
				t.Errorf("error %q names the key or the plain text", err)
			}
		})
	}

	t.Run("StringHidesKeys", func(t *testing.T) {
		k := mustParse(t, a)
		for _, s := range []string{k.String(), k.GoString()} {
			if strings.Contains(s, a) {
				t.Errorf("%q shows the key", s)
			}
		}
	})

	t.Run("ErrNilKeyring", func(t *testing.T) {
		var k *Keyring
		if _, err := k.Seal("l", plain); err == nil {
			t.Error("Seal on a nil keyring succeeded")
		}
		if _, err := k.Open("l", sealed); err == nil {
			t.Error("Open on a nil keyring succeeded")
		}
	})
}

func FuzzOpen(f *testing.F) {
	k, err := Parse(Generate())
	if err != nil {
		f.Fatal(err)
	}
	good, _ := k.Seal("l", []byte("hello"))
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte{version})
	f.Add(append([]byte{version}, good[1:overhead]...))
	f.Fuzz(func(t *testing.T, value []byte) {
		plain, err := k.Open("l", value)
		if err != nil {
			if !errors.Is(err, ErrOpen) {
				t.Fatalf("error %v is not ErrOpen", err)
			}
			return
		}
		// Only a value this keyring sealed opens: forging one means
		// breaking GCM.
		if !bytes.Equal(value, good) || string(plain) != "hello" {
			t.Fatalf("forged value %x opened to %q", value, plain)
		}
	})
}

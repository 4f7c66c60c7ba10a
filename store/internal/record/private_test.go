package record

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/seal"
)

func interest() *senderos.Submission {
	return &senderos.Submission{
		Kind: senderos.KindInterest,
		Interest: &senderos.Interest{
			Adults: 2, Children: []senderos.Child{{Age: 4, Stage: "infant"}}, City: "Villaprivada", Province: "30",
			Languages: []string{"ar", "fr"}, SpanishLevel: "basic",
			Sectors: []string{"care"}, Skills: "Texto libre privado", Regions: []string{"07"},
			Contact: senderos.Contact{Name: "Nombre Privado", Phone: "+34 611 111 111", Email: "privado@example.org", Language: "es", Channel: "phone"},
		},
	}
}

func municipality() *senderos.Submission {
	return &senderos.Submission{
		Kind: senderos.KindMunicipality,
		Municipality: &senderos.MunicipalitySignup{
			Code: "44216", Name: "Teruel", ContactName: "Alcaldesa Privada", Role: "Alcaldesa",
			Email: "alcaldia-privada@example.org", Phone: "978 111 111", Population: 350,
			Jobs:        []senderos.JobOffer{{Sector: "care", Count: 1, Description: "Puesto privado"}},
			Description: "Descripción privada",
		},
	}
}

func host() *senderos.Submission {
	return &senderos.Submission{
		Kind: senderos.KindHost,
		Host: &senderos.HostSignup{
			Code: "44216", Name: "Teruel", Province: "Teruel", Region: "Aragón",
			Kind: senderos.HostFamily, People: 3, Languages: []string{"es", "fr"}, Offers: []string{"welcome", "spanish"},
			About:   "Somos una familia privada",
			Contact: senderos.Contact{Name: "Anfitriona Privada", Phone: "+34 622 222 222", Email: "anfitriona@example.org", Language: "es", Channel: "email"},
		},
	}
}

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		name    string
		s       *senderos.Submission
		private []string
		clear   []string
	}{
		{"Interest", interest(), []string{"Villaprivada", "Texto libre privado", "Nombre Privado", "+34 611 111 111", "privado@example.org",
			`"languages":["ar","fr"]`, `"age":4`, `"stage":"infant"`},
			[]string{`"regions":["07"]`, `"sectors":["care"]`, `"adults":2`, `"spanish_level":"basic"`, `"children_count":1`}},
		{"Municipality", municipality(), []string{"Alcaldesa Privada", "Alcaldesa", "alcaldia-privada@example.org", "978 111 111", "Puesto privado", "Descripción privada"},
			[]string{`"ine_code":"44216"`, `"population":350`, `"sector":"care"`}},
		{"Host", host(), []string{"Anfitriona Privada", "+34 622 222 222", "anfitriona@example.org", "Somos una familia privada", `"languages":["es","fr"]`},
			[]string{`"ine_code":"44216"`, `"kind":"family"`, `"people":3`, `"offers":["welcome","spanish"]`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := *tt.s
			clear, personal, err := Split(tt.s)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range tt.private {
				if bytes.Contains(clear, []byte(p)) {
					t.Errorf("clear part holds %q: %s", p, clear)
				}
				if !bytes.Contains(personal, []byte(p)) {
					t.Errorf("personal part lacks %q: %s", p, personal)
				}
			}
			for _, c := range tt.clear {
				if !bytes.Contains(clear, []byte(c)) {
					t.Errorf("clear part lacks %s: %s", c, clear)
				}
			}
			got := &senderos.Submission{Kind: tt.s.Kind}
			if err := Join(got, clear, personal); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Interest, want.Interest) || !reflect.DeepEqual(got.Municipality, want.Municipality) ||
				!reflect.DeepEqual(got.Host, want.Host) {
				t.Errorf("Join(Split) = %+v %+v %+v, want %+v %+v %+v", got.Interest, got.Municipality, got.Host,
					want.Interest, want.Municipality, want.Host)
			}
		})
	}

	t.Run("DoesNotChangeSubmission", func(t *testing.T) {
		s := municipality()
		if _, _, err := Split(s); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(s, municipality()) {
			t.Errorf("Split changed its argument: %+v", s.Municipality)
		}
		h := host()
		if _, _, err := Split(h); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(h, host()) {
			t.Errorf("Split changed its argument: %+v", h.Host)
		}
	})

	t.Run("SealsAndOpens", func(t *testing.T) {
		keys, err := seal.Parse(seal.Generate())
		if err != nil {
			t.Fatal(err)
		}
		s := interest()
		data, sealed, err := Seal(keys, s)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(sealed, []byte("Nombre Privado")) {
			t.Error("sealed part holds the name")
		}
		got := &senderos.Submission{Kind: s.Kind}
		if err := Open(keys, got, data, sealed); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Interest, s.Interest) {
			t.Errorf("Open = %+v, want %+v", got.Interest, s.Interest)
		}
		other, _ := seal.Parse(seal.Generate())
		if err := Open(other, got, data, sealed); err == nil {
			t.Error("Open with another key succeeded")
		}
	})
}

// TestJoinBeforeMigration0004 reads rows stored before languages and
// children were sealed: both in the clear part, the sealed part without them.
func TestJoinBeforeMigration0004(t *testing.T) {
	clear := []byte(`{"adults":2,"children":[{"age":4,"stage":"infant"}],"languages":["ar","fr"],"spanish_level":"basic",` +
		`"regions":["07"],"sectors":["care"],"contact":{"name":"","language":"","channel":""}}`)
	personal := []byte(`{"contact":{"name":"Nombre Privado","language":"es","channel":"phone"},"city":"Villaprivada"}`)
	got := &senderos.Submission{Kind: senderos.KindInterest}
	if err := Join(got, clear, personal); err != nil {
		t.Fatal(err)
	}
	i := got.Interest
	if !reflect.DeepEqual(i.Languages, []string{"ar", "fr"}) || !reflect.DeepEqual(i.Children, []senderos.Child{{Age: 4, Stage: "infant"}}) ||
		i.Contact.Name != "Nombre Privado" || i.City != "Villaprivada" {
		t.Errorf("Join = %+v", i)
	}
	if !NeedsReseal(got.Kind, clear) {
		t.Error("NeedsReseal = false for a row holding languages and children in clear")
	}
	data, _, err := Split(got)
	if err != nil {
		t.Fatal(err)
	}
	if NeedsReseal(got.Kind, data) {
		t.Errorf("NeedsReseal = true for what Split makes: %s", data)
	}
}

func TestCutoff(t *testing.T) {
	now := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	if _, ok := Cutoff(now, 0); ok {
		t.Error("a zero period cuts off")
	}
	if c, ok := Cutoff(now, 24*time.Hour); !ok || !c.Equal(now.Add(-24*time.Hour)) {
		t.Errorf("Cutoff = %v, %v", c, ok)
	}
}

package api

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cepaim/senderos/atlas"
	"github.com/cepaim/senderos/internal/web"
)

func TestMessagesInEveryLanguage(t *testing.T) {
	for key := range messages["es"] {
		for _, l := range web.Languages {
			es, other := messages["es"][key], messages[l][key]
			if other == "" {
				t.Errorf("%s has no %s text", key, l)
			}
			if strings.Count(es, "%d") != strings.Count(other, "%d") {
				t.Errorf("%s in %s takes %d numbers, in es %d", key, l, strings.Count(other, "%d"), strings.Count(es, "%d"))
			}
		}
	}
	for _, l := range web.Languages {
		if len(messages[l]) != len(messages["es"]) {
			t.Errorf("%s has %d texts, es %d", l, len(messages[l]), len(messages["es"]))
		}
	}
}

func TestPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"600 111 222", "+34600111222"},
		{"+34 600-111-222", "+34600111222"},
		{"0034 978 00 00 00", "+34978000000"},
		{"(+212) 612 345 678", "+212612345678"},
		{"00 33 6 12 34 56 78", "+33612345678"},
		{"+44 20 7946 0958", "+442079460958"},
	} {
		var p problems
		if got := p.phone("phone", tc.in, true); got != tc.want || len(p) != 0 {
			t.Errorf("phone(%q) = %q %v, want %q", tc.in, got, p, tc.want)
		}
	}
	for _, bad := range []string{"12345", "500 111 222", "+34 500 111 222", "+34 600", "phone", "+1", "600 111 2222", "+0123456789"} {
		var p problems
		if p.phone("phone", bad, true); len(p) != 1 || p[0].Key != msgInvalidPhone {
			t.Errorf("phone(%q) accepted", bad)
		}
	}
}

func TestEmail(t *testing.T) {
	for _, good := range []string{"a@b.es", "nombre.apellido+nuevo@sub.ejemplo.org", "ñandú@correo.es"} {
		var p problems
		if p.email("email", good, true); len(p) != 0 {
			t.Errorf("email(%q) refused", good)
		}
	}
	for _, bad := range []string{"a@b", "a@@b.es", "Name <a@b.es>", "a b@c.es", "@b.es", "a@b.es.", strings.Repeat("a", 250) + "@b.es"} {
		var p problems
		if p.email("email", bad, true); len(p) != 1 {
			t.Errorf("email(%q) accepted", bad)
		}
	}
}

// FuzzInterestJSON feeds arbitrary bodies to the JSON decoder and the
// validation: no panic, and whatever passes keeps the promises of a valid
// interest.
func FuzzInterestJSON(f *testing.F) {
	f.Add(`{"adults":2,"languages":["ar"],"spanish_level":"basic","city":"Madrid","province_code":"28","regions":["anywhere"],"bedrooms":2,"move_when":"asap","name":"Ana","email":"a@b.es","contact_language":"es","channel":"email","consent":true,"privacy_version":"1"}`)
	f.Add(`{"children":[{"age":"x"}]}`)
	f.Add(`{"adults":1e400}`)
	f.Add(`[]`)
	f.Add(`{"lang":"ar","city":"\u0000"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var in interestInput
		var p problems
		decodeJSON([]byte(body), &in, &p)
		if len(p) > 0 {
			return
		}
		checkInterest(t, &in)
	})
}

// FuzzInterestForm does the same for forms sent without JavaScript.
func FuzzInterestForm(f *testing.F) {
	f.Add("adults=2&languages=ar&spanish_level=basic&city=Madrid&province_code=28&regions=02&bedrooms=2&move_when=asap&name=Ana&phone=600111222&contact_language=ar&channel=phone&consent=yes&privacy_version=1")
	f.Add("child_age=3&child_age=x&child_stage=infant")
	f.Add("adults=%00&name=%ff%fe")
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		var in interestInput
		var p problems
		in.fromForm(form, &p)
		if len(p) > 0 {
			return
		}
		checkInterest(t, &in)
	})
}

func checkInterest(t *testing.T, in *interestInput) {
	var p problems
	out := in.validate(atlas.Places{}, &p)
	if len(p) > 0 {
		return
	}
	c := out.Contact
	switch {
	case out.Adults < 1 || out.Adults > maxAdults:
		t.Fatalf("adults %d passed", out.Adults)
	case c.Phone == "" && c.Email == "":
		t.Fatal("no way to contact passed")
	case !utf8.ValidString(c.Name) || strings.ContainsRune(c.Name, 0) || utf8.RuneCountInString(c.Name) > 100:
		t.Fatalf("name %q passed", c.Name)
	case len(out.Children) > maxChildren:
		t.Fatal("too many children passed")
	case !in.Consent:
		t.Fatal("no consent passed")
	}
	for _, ch := range out.Children {
		if ch.Age < 0 || ch.Age > 17 {
			t.Fatalf("child age %d passed", ch.Age)
		}
	}
}

// FuzzMunicipalityJSON feeds arbitrary bodies to the sign-up decoder.
func FuzzMunicipalityJSON(f *testing.F) {
	f.Add(`{"ine_code":"44013","contact_name":"Ana","role":"ADL","email":"a@b.es","phone":"978000000","population":10,"consent":true,"privacy_version":"1","jobs":[{"sector":"care","count":1}]}`)
	f.Add(`{"municipality":"villa","province_code":"4"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var in municipalityInput
		var p problems
		decodeJSON([]byte(body), &in, &p)
		if len(p) > 0 {
			return
		}
		out := in.validate(atlas.Places{}, &p)
		if len(p) > 0 {
			return
		}
		if _, ok := atlas.Lookup(out.Code); !ok || out.RentMin > out.RentMax && in.RentMax != nil {
			t.Fatalf("invalid sign-up passed: %+v", out)
		}
	})
}

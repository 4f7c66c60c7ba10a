package senderos_test

import (
	"strings"
	"testing"

	"github.com/cepaim/senderos"
)

func validHost() *senderos.HostSignup {
	return &senderos.HostSignup{
		Code: "44216", Name: "Teruel", Province: "Teruel", Region: "Aragón",
		Kind: senderos.HostFamily, People: 3, Languages: []string{"es", "ber"}, Offers: []string{"welcome", "spanish"},
		About:   "Tenemos huerto.\nNos gusta cocinar.",
		Contact: senderos.Contact{Name: "Lucía Pérez", Phone: "+34611222333", Language: "es", Channel: "whatsapp"},
	}
}

func TestHostSignupValidate(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(h *senderos.HostSignup)
		want   []string
	}{
		{"Valid", func(h *senderos.HostSignup) {}, nil},
		{"ValidMentor", func(h *senderos.HostSignup) { h.Kind, h.People = senderos.HostMentor, 1 }, nil},
		{"ValidEmailOnly", func(h *senderos.HostSignup) {
			h.Contact.Phone, h.Contact.Email, h.Contact.Channel = "", "a@example.org", "email"
		}, nil},
		{"ValidNoAbout", func(h *senderos.HostSignup) { h.About = "" }, nil},
		{"ErrNoVillage", func(h *senderos.HostSignup) { h.Code, h.Name = "", "" }, []string{"ine_code:required", "name:required"}},
		{"ErrKindMissing", func(h *senderos.HostSignup) { h.Kind = "" }, []string{"kind:required"}},
		{"ErrKindUnknown", func(h *senderos.HostSignup) { h.Kind = "landlord" }, []string{"kind:not_in_list"}},
		{"ErrNobody", func(h *senderos.HostSignup) { h.People = 0 }, []string{"people:out_of_range"}},
		{"ErrTooMany", func(h *senderos.HostSignup) { h.People = senderos.MaxHostPeople + 1 }, []string{"people:out_of_range"}},
		{"ErrMentorIsOnePerson", func(h *senderos.HostSignup) { h.Kind = senderos.HostMentor }, []string{"people:out_of_range"}},
		{"ErrNoLanguage", func(h *senderos.HostSignup) { h.Languages = nil }, []string{"languages:required"}},
		{"ErrLanguageNotACode", func(h *senderos.HostSignup) { h.Languages = []string{"es", "Spanish"} }, []string{"languages:not_in_list"}},
		{"ErrLanguageTwice", func(h *senderos.HostSignup) { h.Languages = []string{"es", "fr", "es"} }, []string{"languages:duplicate"}},
		{"ErrTooManyLanguages", func(h *senderos.HostSignup) { h.Languages = strings.Fields("aa bb cc dd ee ff gg hh ii") },
			[]string{"languages:too_many_items"}},
		{"ErrNoOffer", func(h *senderos.HostSignup) { h.Offers = []string{} }, []string{"offers:required"}},
		{"ErrOfferUnknown", func(h *senderos.HostSignup) { h.Offers = []string{"money"} }, []string{"offers:not_in_list"}},
		{"ErrOfferTwice", func(h *senderos.HostSignup) { h.Offers = []string{"welcome", "welcome"} }, []string{"offers:duplicate"}},
		{"ErrAboutTooLong", func(h *senderos.HostSignup) { h.About = strings.Repeat("a", senderos.MaxHostAbout+1) }, []string{"about:too_long"}},
		{"ErrAboutMalformed", func(h *senderos.HostSignup) { h.About = "a\x00b" }, []string{"about:bad_text"}},
		{"ErrAboutInvisible", func(h *senderos.HostSignup) { h.About = "\u200b" }, []string{"about:invisible_text"}},
		{"ErrNoName", func(h *senderos.HostSignup) { h.Contact.Name = "" }, []string{"contact.name:required"}},
		{"ErrNoWayToReach", func(h *senderos.HostSignup) { h.Contact.Phone = "" }, []string{"contact.phone:required"}},
		{"ErrEmailChannelWithoutEmail", func(h *senderos.HostSignup) { h.Contact.Channel = "email" }, []string{"contact.email:required"}},
		{"ErrContactLanguage", func(h *senderos.HostSignup) { h.Contact.Language = "de" }, []string{"contact.language:not_in_list"}},
		{"ErrChannel", func(h *senderos.HostSignup) { h.Contact.Channel = "pigeon" }, []string{"contact.channel:not_in_list"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := validHost()
			c.change(h)
			checkProblems(t, h.Validate(), c.want...)
		})
	}
}

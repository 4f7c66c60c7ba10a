package senderos

import "slices"

// The bounds of a host sign-up: how many languages and how much they may
// write about themselves.
const (
	MaxHostLanguages = 8
	MaxHostAbout     = 2000
)

// hostLanguageCodes are the languages besides two-letter ISO 639-1 codes
// that the site's list offers (the same list as the families'): Tamazight
// ("ber", ISO 639-2) and "other".
var hostLanguageCodes = []string{"ber", "other"}

// Validate returns what is wrong with h as it is to be stored: no village,
// a kind or an offer not in its list, a household out of its bounds (a
// mentor is one person), a language that is not a code, a value given
// twice, text that is malformed or too long, no way to reach the person, a
// channel without the phone or e-mail it needs. Formats of phone and e-mail
// and the village's existence are the caller's to check (the API does).
// Nothing else is asked of a host: no nationality, religion or health.
func (h *HostSignup) Validate() Problems {
	var p Problems
	checkText(&p, "ine_code", h.Code, false, true, 10)
	checkText(&p, "name", h.Name, false, true, MaxShortText)
	if checkOneOf(&p, "kind", h.Kind, true, HostKindList) && h.Kind == HostMentor {
		checkRange(&p, "people", h.People, 1, 1)
	} else {
		checkRange(&p, "people", h.People, 1, MaxHostPeople)
	}
	checkSome(&p, "languages", h.Languages, MaxHostLanguages, func(v string) bool {
		return languageCode(v) || slices.Contains(hostLanguageCodes, v)
	})
	checkSome(&p, "offers", h.Offers, len(HostOfferList.Terms), func(v string) bool {
		return slices.Contains(HostOfferList.Values(), v)
	})
	checkText(&p, "about", h.About, true, false, MaxHostAbout)

	c := h.Contact
	checkText(&p, "contact.name", c.Name, false, true, 100)
	checkText(&p, "contact.phone", c.Phone, false, false, 30)
	checkText(&p, "contact.email", c.Email, false, false, 254)
	if c.Language == "" {
		p.Add("contact.language", ProblemRequired)
	} else if !slices.Contains(Languages, c.Language) {
		p.Add("contact.language", ProblemNotInList)
	}
	checkOneOf(&p, "contact.channel", c.Channel, true, ChannelList)
	switch {
	case c.Phone == "" && c.Email == "":
		p.Add("contact.phone", ProblemRequired)
	case (c.Channel == "phone" || c.Channel == "whatsapp") && c.Phone == "":
		p.Add("contact.phone", ProblemRequired)
	case c.Channel == "email" && c.Email == "":
		p.Add("contact.email", ProblemRequired)
	}
	return p
}

// checkSome checks a multiple choice: at least one value, at most max, each
// valid by ok and none given twice.
func checkSome(p *Problems, field string, vs []string, max int, ok func(string) bool) {
	switch {
	case len(vs) == 0:
		p.Add(field, ProblemRequired)
		return
	case len(vs) > max:
		p.Add(field, ProblemTooManyItems, max)
		return
	}
	for i, v := range vs {
		switch {
		case !ok(v):
			p.Add(field, ProblemNotInList)
			return
		case slices.Contains(vs[:i], v):
			p.Add(field, ProblemDuplicate)
			return
		}
	}
}

package api

import (
	"net/http"
	"net/url"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// hostInput is what the host form sends: a host family or a mentor of a
// village. The village is given as on the municipality form: by its INE
// code (the page's script fills it in) or by its name and province.
type hostInput struct {
	common

	INECode      string `json:"ine_code"`
	Municipality string `json:"municipality"`
	ProvinceCode string `json:"province_code"`

	Kind      string   `json:"kind"`
	People    *int     `json:"people"`
	Languages []string `json:"languages"`
	Offers    []string `json:"offers"`
	About     string   `json:"about"`

	contactInput
}

func (in *hostInput) fromForm(f url.Values, p *problems) {
	in.common.fromForm(f)
	in.INECode = f.Get("ine_code")
	in.Municipality = f.Get("municipality")
	in.ProvinceCode = f.Get("province_code")
	in.Kind = f.Get("kind")
	in.People = formInt(f, "people", p)
	in.Languages = f["languages"]
	in.Offers = f["offers"]
	in.About = f.Get("about")
	in.contactInput.fromForm(f)
}

// validate checks every field as the other forms do, then the domain's
// own rules (senderos.HostSignup.Validate), and returns the sign-up.
func (in *hostInput) validate(places senderos.PlaceService, p *problems) *senderos.HostSignup {
	out := &senderos.HostSignup{}
	village := municipalityInput{INECode: in.INECode, Municipality: in.Municipality, ProvinceCode: in.ProvinceCode}
	if place, ok := village.place(places, p); ok {
		out.Code, out.Name, out.Province, out.Region = place.Code, place.Name, place.Province, place.Region
	}
	out.Kind = p.oneOf("kind", in.Kind, true, senderos.HostKindList.Values())
	if out.Kind == senderos.HostMentor {
		// A mentor is one person, whatever the household field says.
		out.People = 1
	} else {
		out.People = p.number("people", in.People, true, 1, senderos.MaxHostPeople)
	}
	out.Languages = p.someOf("languages", in.Languages, true, languageCodes, senderos.MaxHostLanguages)
	out.Offers = p.someOf("offers", in.Offers, true, senderos.HostOfferList.Values(), len(senderos.HostOfferList.Terms))
	out.About = p.lines("about", in.About, false, 0, senderos.MaxHostAbout)

	out.Contact = in.contactInput.validate(p)
	in.common.validate(p)
	if len(*p) == 0 {
		// What the checks above let through, the domain still refuses,
		// field by field in the person's language.
		for _, q := range out.Validate() {
			field, ok := hostFields[q.Field]
			if !ok {
				field = q.Field
			}
			p.add(field, hostMessages[q.Code], q.Args...)
		}
	}
	return out
}

// hostFields are the form's names of the domain's fields.
var hostFields = map[string]string{
	"ine_code": "municipality", "name": "municipality",
	"contact.name": "name", "contact.phone": "phone", "contact.email": "email",
	"contact.language": "contact_language", "contact.channel": "channel",
}

// hostMessages are the messages of the domain's problem codes.
var hostMessages = map[string]string{
	senderos.ProblemRequired:     msgRequired,
	senderos.ProblemTooLong:      msgTooLong,
	senderos.ProblemNotInList:    msgNotInList,
	senderos.ProblemOutOfRange:   msgOutOfRange,
	senderos.ProblemTooManyItems: msgTooManyItems,
	senderos.ProblemBadText:      msgBadText,
	senderos.ProblemInvisible:    msgInvisibleText,
	senderos.ProblemDuplicate:    msgNotInList,
}

func (s *Server) registerHostRoutes(r *mux.Router) {
	r.HandleFunc("/hosts", s.handleCreateHost).Methods(http.MethodPost)
}

// handleCreateHost takes a host family's or a mentor's sign-up form.
func (s *Server) handleCreateHost(w http.ResponseWriter, r *http.Request) {
	var in hostInput
	req, ok := s.decode(w, r, &in, in.fromForm)
	if !ok {
		return
	}
	var p problems
	signup := in.validate(s.Places, &p)
	if len(p) > 0 {
		s.invalid(w, r, req, p)
		return
	}
	sub := &senderos.Submission{Kind: senderos.KindHost, Host: signup}
	s.createSubmission(w, r, req, &in.common, sub)
}

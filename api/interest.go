package api

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// interestInput is what the family form sends, as JSON or as form fields
// of the same names. It is separate from the stored senderos.Interest:
// validation turns one into the other.
type interestInput struct {
	common

	Adults       *int         `json:"adults"`
	Children     []childInput `json:"children"`
	Languages    []string     `json:"languages"`
	SpanishLevel string       `json:"spanish_level"`

	City         string `json:"city"`
	ProvinceCode string `json:"province_code"`

	Sectors        []string `json:"sectors"`
	Skills         string   `json:"skills"`
	DrivingLicence bool     `json:"driving_licence"`

	Regions []string `json:"regions"`

	Bedrooms          *int `json:"bedrooms"`
	NeedsSchool       bool `json:"needs_school"`
	NeedsHealthCentre bool `json:"needs_health_centre"`

	MoveWhen string `json:"move_when"`

	contactInput
}

type childInput struct {
	Age   *int   `json:"age"`
	Stage string `json:"stage"`
}

// Limits of the family form.
const (
	maxAdults    = 10
	maxChildren  = 10
	maxLanguages = 8
)

// fromForm fills in from the fields of a form sent without JavaScript.
func (in *interestInput) fromForm(f url.Values, p *problems) {
	in.common.fromForm(f)
	in.Adults = formInt(f, "adults", p)
	ages, stages := f["child_age"], f["child_stage"]
	for i := 0; i < max(len(ages), len(stages)); i++ {
		var c childInput
		if i < len(ages) {
			c.Age = parseInt("children", ages[i], p)
		}
		if i < len(stages) {
			c.Stage = stages[i]
		}
		if c.Age != nil || c.Stage != "" {
			in.Children = append(in.Children, c)
		}
	}
	in.Languages = f["languages"]
	in.SpanishLevel = f.Get("spanish_level")
	in.City = f.Get("city")
	in.ProvinceCode = f.Get("province_code")
	in.Sectors = f["sectors"]
	in.Skills = f.Get("skills")
	in.DrivingLicence = formBool(f, "driving_licence")
	in.Regions = f["regions"]
	in.Bedrooms = formInt(f, "bedrooms", p)
	in.NeedsSchool = formBool(f, "needs_school")
	in.NeedsHealthCentre = formBool(f, "needs_health_centre")
	in.MoveWhen = f.Get("move_when")
	in.contactInput.fromForm(f)
}

// validate checks every field and returns the Interest to store.
func (in *interestInput) validate(places senderos.PlaceService, p *problems) *senderos.Interest {
	out := &senderos.Interest{}
	out.Adults = p.number("adults", in.Adults, true, 1, maxAdults)
	if len(in.Children) > maxChildren {
		p.add("children", msgTooManyItems, maxChildren)
	}
	for _, c := range in.Children {
		if p.has("children") {
			break
		}
		age := p.number("children", c.Age, true, 0, 17)
		stage := p.oneOf("children", c.Stage, false, senderos.SchoolStages)
		out.Children = append(out.Children, senderos.Child{Age: age, Stage: stage})
	}
	out.Languages = p.someOf("languages", in.Languages, true, languageCodes, maxLanguages)
	out.SpanishLevel = p.oneOf("spanish_level", in.SpanishLevel, true, senderos.SpanishLevels)
	out.City = p.text("city", in.City, true, 2, 80)
	out.Province = p.oneOf("province_code", in.ProvinceCode, true, areaCodes(places.Provinces()))
	out.Sectors = p.someOf("sectors", in.Sectors, false, senderos.Sectors, len(senderos.Sectors))
	out.Skills = p.lines("skills", in.Skills, false, 0, 1000)
	out.DrivingLicence = in.DrivingLicence
	out.Regions = p.someOf("regions", in.Regions, true, append(areaCodes(places.Regions()), senderos.Anywhere), 19)
	if len(out.Regions) > 1 && slices.Contains(out.Regions, senderos.Anywhere) {
		out.Regions = []string{senderos.Anywhere}
	}
	out.Bedrooms = p.number("bedrooms", in.Bedrooms, true, 1, 8)
	out.NeedsSchool = in.NeedsSchool
	out.NeedsHealthCentre = in.NeedsHealthCentre
	out.MoveWhen = p.oneOf("move_when", in.MoveWhen, true, senderos.MoveWhens)

	out.Contact = in.contactInput.validate(p)
	in.common.validate(p)
	return out
}

func (s *Server) registerInterestRoutes(r *mux.Router) {
	r.HandleFunc("/interest", s.handleCreateInterest).Methods(http.MethodPost)
}

// handleCreateInterest takes a family's relocation-interest form.
func (s *Server) handleCreateInterest(w http.ResponseWriter, r *http.Request) {
	var in interestInput
	req, ok := s.decode(w, r, &in, in.fromForm)
	if !ok {
		return
	}
	var p problems
	interest := in.validate(s.Places, &p)
	if len(p) > 0 {
		s.invalid(w, r, req, p)
		return
	}
	sub := &senderos.Submission{Kind: senderos.KindInterest, Interest: interest}
	s.createSubmission(w, r, req, &in.common, sub)
}

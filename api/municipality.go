package api

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// municipalityInput is what the municipality form sends. The municipality
// is given by its INE code (the page's script fills it in) or, without
// JavaScript, by its name and province.
type municipalityInput struct {
	common

	INECode      string `json:"ine_code"`
	Municipality string `json:"municipality"`
	ProvinceCode string `json:"province_code"`

	ContactName string `json:"contact_name"`
	Role        string `json:"role"`
	Email       string `json:"email"`
	Phone       string `json:"phone"`

	Population *int `json:"population"`

	Homes   *int `json:"homes"`
	RentMin *int `json:"rent_min"`
	RentMax *int `json:"rent_max"`

	Jobs     []jobInput `json:"jobs"`
	Services []string   `json:"services"`

	Description string `json:"description"`
}

type jobInput struct {
	Sector      string `json:"sector"`
	Count       *int   `json:"count"`
	Description string `json:"description"`
}

const maxJobs = 10

func (in *municipalityInput) fromForm(f url.Values, p *problems) {
	in.common.fromForm(f)
	in.INECode = f.Get("ine_code")
	in.Municipality = f.Get("municipality")
	in.ProvinceCode = f.Get("province_code")
	in.ContactName = f.Get("contact_name")
	in.Role = f.Get("role")
	in.Email = f.Get("email")
	in.Phone = f.Get("phone")
	in.Population = formInt(f, "population", p)
	in.Homes = formInt(f, "homes", p)
	in.RentMin = formInt(f, "rent_min", p)
	in.RentMax = formInt(f, "rent_max", p)
	sectors, counts, descs := f["job_sector"], f["job_count"], f["job_description"]
	for i := 0; i < max(len(sectors), len(counts), len(descs)); i++ {
		var j jobInput
		if i < len(sectors) {
			j.Sector = sectors[i]
		}
		if i < len(counts) {
			j.Count = parseInt("jobs", counts[i], p)
		}
		if i < len(descs) {
			j.Description = descs[i]
		}
		if j.Sector != "" || j.Count != nil || strings.TrimSpace(j.Description) != "" {
			in.Jobs = append(in.Jobs, j)
		}
	}
	in.Services = f["services"]
	in.Description = f.Get("description")
}

func (in *municipalityInput) validate(places senderos.PlaceService, p *problems) *senderos.MunicipalitySignup {
	out := &senderos.MunicipalitySignup{}
	if place, ok := in.place(places, p); ok {
		out.Code, out.Name, out.Province, out.Region = place.Code, place.Name, place.Province, place.Region
	}
	out.ContactName = p.text("contact_name", in.ContactName, true, 2, 100)
	out.Role = p.text("role", in.Role, true, 2, 100)
	out.Email = p.email("email", in.Email, true)
	out.Phone = p.phone("phone", in.Phone, true)
	out.Population = p.number("population", in.Population, true, 1, 4_000_000)
	out.Homes = p.number("homes", in.Homes, false, 0, 1000)
	out.RentMin = p.number("rent_min", in.RentMin, false, 0, 5000)
	out.RentMax = p.number("rent_max", in.RentMax, false, 0, 5000)
	if in.RentMin != nil && in.RentMax != nil && out.RentMin > out.RentMax && !p.has("rent_min") && !p.has("rent_max") {
		p.add("rent_min", msgRentOrder)
	}
	if len(in.Jobs) > maxJobs {
		p.add("jobs", msgTooManyItems, maxJobs)
	}
	for _, j := range in.Jobs {
		if p.has("jobs") {
			break
		}
		out.Jobs = append(out.Jobs, senderos.JobOffer{
			Sector:      p.oneOf("jobs", j.Sector, true, senderos.Sectors),
			Count:       p.number("jobs", j.Count, true, 1, senderos.MaxJobCount),
			Description: p.lines("jobs", j.Description, false, 0, senderos.MaxJobDescription),
		})
	}
	out.Services = p.someOf("services", in.Services, false, senderos.Services, len(senderos.Services))
	out.Description = p.lines("description", in.Description, false, 0, 5000)
	in.common.validate(p)
	return out
}

// place finds the municipality by code, else by name within the province.
func (in *municipalityInput) place(places senderos.PlaceService, p *problems) (senderos.Place, bool) {
	if code := strings.TrimSpace(in.INECode); code != "" {
		place, err := places.FindPlace(code)
		if err != nil {
			p.add("municipality", msgUnknownPlace)
			return senderos.Place{}, false
		}
		return place, true
	}
	name := p.text("municipality", in.Municipality, true, 1, 120)
	if name == "" {
		return senderos.Place{}, false
	}
	if in.ProvinceCode != "" && p.oneOf("province_code", in.ProvinceCode, false, areaCodes(places.Provinces())) == "" {
		return senderos.Place{}, false
	}
	found, err := places.FindPlaces(in.ProvinceCode, name, 2)
	switch {
	case err != nil || len(found) == 0:
		p.add("municipality", msgUnknownPlace)
	case len(found) > 1:
		p.add("municipality", msgAmbiguousPlace)
	default:
		return found[0], true
	}
	return senderos.Place{}, false
}

func (s *Server) registerMunicipalityRoutes(r *mux.Router) {
	r.HandleFunc("/municipalities", s.handleCreateMunicipality).Methods(http.MethodPost)
	r.HandleFunc("/places", s.handleFindPlaces).Methods(http.MethodGet)
}

// handleCreateMunicipality takes a municipality's sign-up form.
func (s *Server) handleCreateMunicipality(w http.ResponseWriter, r *http.Request) {
	var in municipalityInput
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
	sub := &senderos.Submission{Kind: senderos.KindMunicipality, Municipality: signup}
	s.createSubmission(w, r, req, &in.common, sub)
}

// maxPlaceQuery is the longest name the municipality picker looks for.
const maxPlaceQuery = 120

// handleFindPlaces answers the sign-up form's municipality picker:
// GET /api/v1/places?province=44&q=alca
func (s *Server) handleFindPlaces(w http.ResponseWriter, r *http.Request) {
	l := requestLang(r, "")
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" || len([]rune(q)) > maxPlaceQuery || senderos.ValidText(q, false) != "" {
		s.Error(w, r, web.LocalError(senderos.EINVALID, text(l, msgPlaceQuery, maxPlaceQuery)))
		return
	}
	province := r.URL.Query().Get("province")
	if province != "" && !slices.Contains(areaCodes(s.Places.Provinces()), province) {
		s.Error(w, r, web.LocalError(senderos.EBADREQUEST, text(l, msgUnknownProv)))
		return
	}
	found, err := s.Places.FindPlaces(province, q, 20)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if found == nil {
		found = []senderos.Place{}
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"places": found})
}

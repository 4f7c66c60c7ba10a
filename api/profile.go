package api

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// ProfileList is the body of GET /api/v1/municipalities/published: every
// published municipality profile, by name. The site build reads it.
type ProfileList struct {
	Profiles []*senderos.Profile `json:"profiles"`
}

// profileMaxAge is how long caches may keep the published profiles: a
// profile approved now shows at most this late on a cached copy.
const profileMaxAge = "public, max-age=300"

// registerProfileRoutes serves the published municipality profiles.
func (s *Server) registerProfileRoutes(r *mux.Router) {
	r.HandleFunc("/municipalities/published", s.handlePublishedProfiles).Methods(http.MethodGet, http.MethodHead)
}

func (s *Server) handlePublishedProfiles(w http.ResponseWriter, r *http.Request) {
	if s.profiles == nil {
		s.Error(w, r, web.LocalError(senderos.ENOTIMPLEMENTED, text(requestLang(r, ""), msgNoProfiles)))
		return
	}
	profiles, err := s.profiles.FindProfiles(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := ProfileList{Profiles: make([]*senderos.Profile, 0, len(profiles))}
	for _, p := range profiles {
		out.Profiles = append(out.Profiles, publicProfile(p))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", profileMaxAge)
	if err := json.NewEncoder(w).Encode(out); err != nil {
		s.logger.Warn("write response", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
	}
}

// publicProfile returns a copy of p with empty lists rather than null, so
// that the site's templates can range over them.
func publicProfile(p *senderos.Profile) *senderos.Profile {
	c := *p
	if c.Services == nil {
		c.Services = []string{}
	}
	if c.Jobs == nil {
		c.Jobs = []senderos.JobOffer{}
	}
	return &c
}

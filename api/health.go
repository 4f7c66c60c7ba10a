package api

import (
	"net/http"

	"github.com/gorilla/mux"
)

// What Health.Site says of the site served beside the API.
const (
	SiteBuilding = "building" // the first build is under way: pages answer 503
	SiteServing  = "serving"  // pages are served
)

// Health is the body of GET /api/v1/health. It is 200 whenever the process
// answers, so that a supervisor does not restart a portal that is only
// building its site; Site says whether pages are served yet.
type Health struct {
	Status  string `json:"status"`
	Version string `json:"version"`
	Time    string `json:"time"`
	// Site is SiteBuilding or SiteServing, or empty (left out) when the
	// API runs without the site (senderos api).
	Site string `json:"site,omitempty"`
}

func (s *Server) registerHealthRoutes(r *mux.Router) {
	r.HandleFunc("/health", s.handleHealth).Methods(http.MethodGet, http.MethodHead)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	h := Health{Status: "ok", Version: s.version, Time: s.Now().UTC().Format("2006-01-02T15:04:05Z")}
	if s.siteStatus != nil {
		h.Site = s.siteStatus()
	}
	s.writeJSON(w, r, http.StatusOK, h)
}

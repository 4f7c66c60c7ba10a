package api

import (
	"net/http"

	"github.com/gorilla/mux"
)

// Health is the body of GET /api/v1/health.
type Health struct {
	Status  string `json:"status"`
	Version string `json:"version"`
	Time    string `json:"time"`
}

func (s *Server) registerHealthRoutes(r *mux.Router) {
	r.HandleFunc("/health", s.handleHealth).Methods(http.MethodGet, http.MethodHead)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, Health{Status: "ok", Version: s.version, Time: s.Now().UTC().Format("2006-01-02T15:04:05Z")})
}

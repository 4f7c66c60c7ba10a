package api

import (
	_ "embed"
	"net/http"

	"github.com/gorilla/mux"
)

// openAPI describes every endpoint of /api/v1 (OpenAPI 3.1).
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) registerOpenAPIRoutes(r *mux.Router) {
	r.HandleFunc("/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		// Public and the same until the next release.
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Write(openAPI)
	}).Methods(http.MethodGet)
}

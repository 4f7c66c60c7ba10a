package api

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// resultsMaxAge is how long caches may keep the public results, as the
// published profiles: the site build reads them, and they change slowly.
const resultsMaxAge = profileMaxAge

// msgResultsOff is the text of a 501 when the API has no results service.
const msgResultsOff = "results.unavailable"

// registerResultsRoutes serves the public results.
func (s *Server) registerResultsRoutes(r *mux.Router) {
	r.HandleFunc("/results", s.handleResults).Methods(http.MethodGet, http.MethodHead)
}

// handleResults answers GET /api/v1/results: the programme's figures by
// year and region (senderos.Results), each under 5 shown as fewer, with
// the regions' official names. The site build reads them.
func (s *Server) handleResults(w http.ResponseWriter, r *http.Request) {
	if s.results == nil {
		s.Error(w, r, web.LocalError(senderos.ENOTIMPLEMENTED, text(requestLang(r, ""), msgResultsOff)))
		return
	}
	res, err := s.results.PublicResults(r.Context(), s.Now())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	names := map[string]string{}
	if s.Places != nil {
		for _, a := range s.Places.Regions() {
			names[a.Code] = a.Name
		}
	}
	for i := range res.Years {
		if res.Years[i].Regions == nil {
			res.Years[i].Regions = []senderos.RegionResults{}
		}
		for j := range res.Years[i].Regions {
			rr := &res.Years[i].Regions[j]
			rr.Name = names[rr.Region]
		}
	}
	if res.Years == nil {
		res.Years = []senderos.YearResults{}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", resultsMaxAge)
	if err := json.NewEncoder(w).Encode(res); err != nil {
		s.logger.Warn("write response", "request_id", web.RequestIDFrom(r.Context()), "error", err.Error())
	}
}

package api

import "github.com/gorilla/mux"

// Route is a registered endpoint.
type Route struct {
	Path    string
	Methods []string
}

// Routes lists every endpoint with its methods, for documentation checks.
func (s *Server) Routes() []Route {
	var out []Route
	s.router.Walk(func(r *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		path, err := r.GetPathTemplate()
		if err != nil {
			return nil
		}
		methods, err := r.GetMethods()
		if err != nil {
			return nil // a subrouter, not an endpoint
		}
		out = append(out, Route{Path: path, Methods: methods})
		return nil
	})
	return out
}

package api_test

import (
	"strings"
	"testing"

	"github.com/cepaim/senderos/api"
)

type route struct {
	path    string
	methods []string
}

// routes lists the API's routes, from its router, relative to /api/v1.
func routes(t *testing.T) []route {
	t.Helper()
	srv, err := api.NewServer(api.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var out []route
	for _, r := range srv.Routes() {
		out = append(out, route{path: strings.TrimPrefix(r.Path, "/api/v1"), methods: r.Methods})
	}
	if len(out) == 0 {
		t.Fatal("no routes")
	}
	return out
}

func lower(s string) string { return strings.ToLower(s) }

package api_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestOpenAPIExamplesAreAccepted sends each request body example of the
// OpenAPI document to its endpoint and expects it stored.
func TestOpenAPIExamplesAreAccepted(t *testing.T) {
	a := mustOpenAPI(t)
	res, err := client.Get(a.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			RequestBody *struct {
				Content map[string]struct {
					Example json.RawMessage `json:"example"`
				} `json:"content"`
			} `json:"requestBody"`
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	decode(t, res, &doc)
	if doc.OpenAPI == "" || len(doc.Paths) == 0 {
		t.Fatal("not an OpenAPI document")
	}
	bodies := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if len(op.Responses) == 0 {
				t.Errorf("%s %s has no responses", method, path)
			}
			if op.RequestBody == nil {
				continue
			}
			ex := op.RequestBody.Content["application/json"].Example
			if len(ex) == 0 {
				t.Errorf("%s %s: request body without an example", method, path)
				continue
			}
			bodies++
			res, body := a.postJSON(t, "/api/v1"+path, string(ex))
			if res.StatusCode != http.StatusCreated {
				t.Errorf("%s %s: the example got %d %v", method, path, res.StatusCode, body)
			}
		}
	}
	if bodies != 3 {
		t.Errorf("%d request bodies described, want 3", bodies)
	}
}

// TestOpenAPIDescribesEveryRoute walks the router's routes.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	a := mustOpenAPI(t)
	res, err := client.Get(a.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	decode(t, res, &doc)
	for _, route := range routes(t) {
		ops, ok := doc.Paths[route.path]
		if !ok {
			t.Errorf("%s is not described", route.path)
			continue
		}
		for _, m := range route.methods {
			if _, ok := ops[lower(m)]; !ok && m != http.MethodHead {
				t.Errorf("%s %s is not described", m, route.path)
			}
		}
	}
}

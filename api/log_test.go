package api_test

import (
	"net/url"
	"strings"
	"testing"
)

func TestLogsCarryNoPersonalData(t *testing.T) {
	a := mustOpenAPI(t)
	a.postJSON(t, "/api/v1/interest", validInterest())
	a.postForm(t, "/api/v1/interest", url.Values{"name": {"Zarah Testname"}, "email": {"zarah@example.com"}})
	a.postJSON(t, "/api/v1/municipalities", validMunicipality())
	logs := a.logs.String()
	if !strings.Contains(logs, `"request_id"`) || !strings.Contains(logs, "submission stored") {
		t.Fatalf("logs lack request ids or events:\n%s", logs)
	}
	for _, secret := range []string{"Zarah", "zarah@example.com", "612345987", "612 345 987", "adl@example.org", "Persona Contacto", "Madrid", "978654321", "978 654 321"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}

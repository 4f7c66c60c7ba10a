package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCreateMunicipality(t *testing.T) {
	a := mustOpenAPI(t)

	t.Run("FillsPlaceFromOfficialList", func(t *testing.T) {
		res, body := a.postJSON(t, "/api/v1/municipalities", with(validMunicipality(), "name", nil))
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("status %d %v", res.StatusCode, body)
		}
		m := a.mustFind(t, body["reference"].(string)).Municipality
		if m.Code != "44013" || m.Name != "Alcañiz" || m.Province != "Teruel" || m.Region != "Aragón" {
			t.Fatalf("place %+v", m)
		}
		if m.Description != "Texto con <script>alert(1)</script> y **negrita**" {
			t.Fatalf("description not stored as typed: %q", m.Description)
		}
		if len(m.Jobs) != 1 || m.Jobs[0].Count != 2 || m.Phone != "+34978654321" {
			t.Fatalf("stored %+v", m)
		}
	})
	t.Run("ErrNameTypedIsNotTrusted", func(t *testing.T) {
		res, body := a.postJSON(t, "/api/v1/municipalities", with(validMunicipality(), "name", "Madrid"))
		fields, _ := body["fields"].(map[string]any)
		if res.StatusCode != http.StatusUnprocessableEntity || fields["name"] == nil {
			t.Fatalf("status %d %v", res.StatusCode, body)
		}
	})
	t.Run("FindsByNameAndProvinceWithoutJavaScript", func(t *testing.T) {
		f := url.Values{
			"lang": {"es"}, "privacy_version": {"2026-11"}, "province_code": {"26"}, "municipality": {"ocon"},
			"contact_name": {"Persona Contacto"}, "role": {"Alcaldía"}, "email": {"ocon@example.org"},
			"phone": {"941 000 000"}, "population": {"300"}, "consent": {"yes"},
		}
		res, _ := a.postForm(t, "/api/v1/municipalities", f)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		ref := strings.TrimPrefix(res.Header.Get("Location"), "/api/v1/thanks/")
		if m := a.mustFind(t, ref).Municipality; m.Code != "26108" || m.Name != "Ocón" {
			t.Fatalf("place %+v", m)
		}
	})
	for _, tc := range []struct {
		name   string
		change []any
		field  string
		want   string
	}{
		{"ErrUnknownCode", []any{"ine_code", "99999"}, "municipality", "We could not find that municipality in the official list. Check the name and the province."},
		{"ErrUnknownName", []any{"ine_code", nil, "municipality", "Villanohay", "province_code", "44"}, "municipality", "We could not find that municipality in the official list. Check the name and the province."},
		{"ErrAmbiguousName", []any{"ine_code", nil, "municipality", "Villanueva"}, "municipality", "Several municipalities have that name. Choose the province or write the full name."},
		{"ErrRentOrder", []any{"rent_min", 600, "rent_max", 300}, "rent_min", "The lowest rent cannot be higher than the highest."},
		{"ErrUnknownService", []any{"services", []string{"airport"}}, "services", "Choose one of the options in the list."},
		{"ErrJobWithoutCount", []any{"jobs", []any{map[string]any{"sector": "care"}}}, "jobs", "This is required."},
		{"ErrPopulationOutOfRange", []any{"population", 0}, "population", "Enter a number between 1 and 4000000."},
		{"ErrEmailRequired", []any{"email", ""}, "email", "This is required."},
		{"ErrDescriptionTooLong", []any{"description", strings.Repeat("x", 5001)}, "description", "Write at most 5000 characters."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := a.postJSON(t, "/api/v1/municipalities", with(validMunicipality(), append([]any{"lang", "en"}, tc.change...)...))
			fields, _ := body["fields"].(map[string]any)
			if res.StatusCode != http.StatusUnprocessableEntity || fields[tc.field] != tc.want {
				t.Fatalf("status %d, %s = %v, want %q (%v)", res.StatusCode, tc.field, fields[tc.field], tc.want, fields)
			}
		})
	}
	t.Run("PlacesPicker", func(t *testing.T) {
		res, err := client.Get(a.URL + "/api/v1/places?province=44&q=alcan")
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Places []struct {
				Code string `json:"ine_code"`
			}
		}
		decode(t, res, &body)
		if len(body.Places) == 0 || body.Places[0].Code != "44013" {
			t.Fatalf("places %+v", body)
		}
		if res, _ := client.Get(a.URL + "/api/v1/places"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no q: status %d", res.StatusCode)
		}
	})
}

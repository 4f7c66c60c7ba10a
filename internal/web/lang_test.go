package web

import (
	"net/http/httptest"
	"testing"
)

func TestNegotiate(t *testing.T) {
	for _, tt := range []struct {
		name, accept string
		chosen       []string
		want         string
	}{
		{"DefaultIsSpanish", "", nil, "es"},
		{"ChosenFirst", "en", []string{"ar"}, "ar"},
		{"ChosenInAnyCase", "", []string{"FR"}, "fr"},
		{"ChosenUnknownFallsThrough", "en", []string{"de", ""}, "en"},
		{"FirstKnownChosenWins", "", []string{"xx", " Ar ", "fr"}, "ar"},
		{"RegionIgnored", "fr-CA", nil, "fr"},
		{"UpperCaseTag", "EN-GB", nil, "en"},
		{"HighestQualityWins", "en;q=0.2, fr;q=0.9", nil, "fr"},
		{"DefaultQualityIsOne", "ar;q=0.5, en", nil, "en"},
		{"EarliestAmongEquals", "fr;q=0.8, en;q=0.8", nil, "fr"},
		{"UnknownLanguagesSkipped", "de, ar;q=0.1", nil, "ar"},
		{"QualityZeroRefuses", "fr;q=0, en;q=0.1", nil, "en"},
		{"OnlyRefusedIsDefault", "fr;q=0", nil, "es"},
		{"SpacesAndCase", " en ; Q=0.3 ,ar;q=0.7", nil, "ar"},
		{"MalformedQualityRefuses", "fr;q=high, en;q=0.5", nil, "en"},
		{"OutOfRangeQualityRefuses", "fr;q=2, en;q=0.5", nil, "en"},
		{"Wildcard", "*", nil, "es"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Accept-Language", tt.accept)
			if got := Negotiate(r, tt.chosen...); got != tt.want {
				t.Errorf("Negotiate(%q, %q) = %q, want %q", tt.accept, tt.chosen, got, tt.want)
			}
		})
	}
}

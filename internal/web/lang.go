package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Languages are the languages of the site, the API and the back-office,
// default first.
var Languages = []string{"es", "en", "fr", "ar"}

// Negotiate picks the site language to answer r in: the first of chosen
// that is one (a form's own language, a ?lang=, a cookie…, in any case:
// "FR" is French), else the best of Accept-Language by quality, else
// Spanish. Every front end asks it, so that one request gets one language.
func Negotiate(r *http.Request, chosen ...string) string {
	for _, l := range chosen {
		if l, ok := SiteLanguage(l); ok {
			return l
		}
	}
	return acceptLanguage(r.Header.Get("Accept-Language"))
}

// SiteLanguage returns l as the site spells it, if the site has it.
func SiteLanguage(l string) (string, bool) {
	l = strings.ToLower(strings.TrimSpace(l))
	return l, slices.Contains(Languages, l)
}

// acceptLanguage returns the site language an Accept-Language header
// prefers (RFC 9110: the highest quality wins, the earliest among equals;
// q=0 means "not this one"; "fr-CA" is French), or the default.
func acceptLanguage(header string) string {
	best, bestQ := Languages[0], 0.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
		if l, ok := SiteLanguage(base); ok && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

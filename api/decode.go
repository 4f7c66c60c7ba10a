package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// maxBody is the largest request body the API reads.
const maxBody = 64 << 10

// request is what the API knows about a form submission besides its fields.
type request struct {
	json bool       // sent as JSON (else a form without JavaScript)
	lang string     // the language to answer in
	form url.Values // the fields as sent, to show them again after an error
	kind senderos.Kind
}

// common holds the fields every form sends.
type common struct {
	Lang           string `json:"lang"`
	Consent        bool   `json:"consent"`
	PrivacyVersion string `json:"privacy_version"`
	Website        string `json:"website"`       // honeypot: hidden from people, filled by bots
	FormToken      string `json:"form_token"`    // set by the page's script, see token.go
	SubmissionID   string `json:"submission_id"` // set by the page's script, one per form filled
}

func (c *common) fromForm(f url.Values) {
	c.Lang = f.Get("lang")
	c.Consent = formBool(f, "consent")
	c.PrivacyVersion = f.Get("privacy_version")
	c.Website = f.Get("website")
	c.FormToken = f.Get("form_token")
	c.SubmissionID = f.Get("submission_id")
}

func (c *common) validate(p *problems) {
	if !c.Consent {
		p.add("consent", msgConsentRequired)
	}
	p.text("privacy_version", c.PrivacyVersion, true, 1, 20)
	if c.SubmissionID != "" && !validSubmissionID(c.SubmissionID) {
		p.add("submission_id", msgMalformed)
	}
}

func validSubmissionID(id string) bool {
	if len(id) < 8 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// decode reads a form body, JSON or URL-encoded, into in. It answers the
// request itself (and returns false) when the body cannot be read.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, in any, fromForm func(url.Values, *problems)) (*request, bool) {
	req := &request{lang: requestLang(r, ""), kind: kindOf(r)}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var p problems
	switch mediaType {
	case "application/json":
		req.json = true
		body, err := io.ReadAll(r.Body)
		if err != nil {
			s.bodyError(w, r, req, err)
			return nil, false
		}
		decodeJSON(body, in, &p)
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			s.bodyError(w, r, req, err)
			return nil, false
		}
		req.form = r.PostForm
		fromForm(r.PostForm, &p)
	default:
		req.json = !strings.Contains(r.Header.Get("Accept"), "text/html")
		s.requestError(w, r, req, http.StatusUnsupportedMediaType, senderos.EINVALID, msgUnsupportedMedia)
		return nil, false
	}
	req.lang = requestLang(r, commonOf(in).Lang)
	if len(p) > 0 {
		s.invalid(w, r, req, p)
		return nil, false
	}
	return req, true
}

func (s *Server) bodyError(w http.ResponseWriter, r *http.Request, req *request, err error) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		s.requestError(w, r, req, http.StatusRequestEntityTooLarge, senderos.ETOOLARGE, msgTooLarge)
		return
	}
	s.requestError(w, r, req, http.StatusBadRequest, senderos.EINVALID, msgMalformed)
}

// decodeJSON decodes body into in, reporting unknown fields and values of
// the wrong type as problems of those fields.
func decodeJSON(body []byte, in any, p *problems) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		p.add("body", msgMalformed)
		return
	}
	known := jsonFields(reflect.TypeOf(in).Elem())
	for name := range raw {
		if !slices.Contains(known, name) {
			p.add(name, msgUnknownField)
		}
	}
	if len(*p) > 0 {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(in); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			field, _, _ := strings.Cut(typeErr.Field, ".")
			key := msgMalformed
			if strings.HasPrefix(typeErr.Type.String(), "int") || typeErr.Type.String() == "*int" {
				key = msgNotANumber
			}
			p.add(field, key)
			return
		}
		p.add("body", msgMalformed)
	}
}

// jsonFields lists the JSON names of a struct's fields, embedded ones included.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

func commonOf(in any) *common {
	switch v := in.(type) {
	case *interestInput:
		return &v.common
	case *municipalityInput:
		return &v.common
	case *hostInput:
		return &v.common
	}
	return &common{}
}

// requestLang picks the language to answer in: the form's own, then the
// ?lang= of its action, then Accept-Language, then Spanish.
func requestLang(r *http.Request, formLang string) string {
	return web.Negotiate(r, formLang, r.URL.Query().Get("lang"))
}

// kindOf tells which form a request is for, from its route.
func kindOf(r *http.Request) senderos.Kind {
	if strings.HasSuffix(r.URL.Path, "/municipalities") {
		return senderos.KindMunicipality
	}
	if strings.HasSuffix(r.URL.Path, "/hosts") {
		return senderos.KindHost
	}
	return senderos.KindInterest
}

func formBool(f url.Values, name string) bool {
	switch f.Get(name) {
	case "yes", "on", "true", "1":
		return true
	}
	return false
}

func formInt(f url.Values, name string, p *problems) *int {
	return parseInt(name, f.Get(name), p)
}

// parseInt reads a number typed in a form; empty is nil.
func parseInt(field, v string, p *problems) *int {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		if !p.has(field) {
			p.add(field, msgNotANumber)
		}
		return nil
	}
	return &n
}

func areaCodes(areas []senderos.Area) []string {
	out := make([]string, len(areas))
	for i, a := range areas {
		out[i] = a.Code
	}
	return out
}

// languageCodes are the languages a family can say they speak: those of
// the people the programme works with most, and "other".
var languageCodes = []string{
	"es", "ar", "fr", "en", "pt", "ro", "uk", "ru", "zh", "wo", "bm", "ff", "ber", "ur", "pa", "bn", "hi",
	"tl", "it", "de", "ca", "eu", "gl", "qu", "sw", "am", "ti", "so", "ka", "bg", "pl", "other",
}

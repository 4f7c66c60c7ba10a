package web

import (
	"bytes"
	"html/template"
	"net/http"
)

// WriteHTML executes template name of tpl with data and writes it with
// status. When the template fails it writes nothing and returns the error,
// so that the caller can answer with its error page.
func WriteHTML(w http.ResponseWriter, status int, tpl *template.Template, name string, data any) error {
	var b bytes.Buffer
	if err := tpl.ExecuteTemplate(&b, name, data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
	return nil
}

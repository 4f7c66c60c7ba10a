package backoffice

import (
	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/texts"
)

// staffTextFault is the back-office text key for what ValidText found.
func staffTextFault(f senderos.TextFault) string {
	if f == senderos.TextInvisible {
		return "text.invisible"
	}
	return "text.malformed"
}

// staffDetail is the back-office's message for an error of code that the
// back-office did not word itself: "" leaves the generic one.
func staffDetail(lang, code string) string {
	key := "error.detail." + code
	if !texts.Has(key) {
		return ""
	}
	return staffText(lang, key)
}

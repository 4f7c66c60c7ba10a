package api

import "github.com/cepaim/senderos/internal/web"

// Texts for what the boundary refuses: bad text, unknown search and place
// parameters, errors of the services behind the API, and links that cannot
// be made. Each has a text in every language of the site, in the catalogue
// texts/<lang>.toml.

// Message keys of the public API.
const (
	msgBadText        = "bad_text"
	msgInvisibleText  = "invisible_text"
	msgUnknownParam   = "unknown_param"
	msgWholeNumber    = "whole_number"
	msgPerPageMax     = "per_page_max"
	msgSearchOff      = "search_off"
	msgPlaceQuery     = "place_query"
	msgUnknownProv    = "unknown_province"
	msgNoProfiles     = "no_profiles"
	msgNoSuchEndpoint = "no_such_endpoint"
)

// codeMessages is the key of the message shown for an error of each code
// that the API did not word itself (a store's or an index's): their own
// messages are for logs, in English.
var codeMessages = map[string]string{}

func init() {
	for _, code := range web.ErrorCodes() {
		codeMessages[code] = "code_" + code
	}
}

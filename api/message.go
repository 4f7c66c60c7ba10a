package api

import (
	"slices"

	"github.com/cepaim/senderos/internal/web"
	"github.com/cepaim/senderos/texts"
)

// Message keys: what can be wrong with a field or a request. Each has a
// text in every language of the site, in the catalogue texts/<lang>.toml.
const (
	msgRequired         = "required"
	msgTooLong          = "too_long"
	msgTooShort         = "too_short"
	msgInvalidEmail     = "invalid_email"
	msgInvalidPhone     = "invalid_phone"
	msgNotInList        = "not_in_list"
	msgOutOfRange       = "out_of_range"
	msgNotANumber       = "not_a_number"
	msgConsentRequired  = "consent_required"
	msgUnknownPlace     = "unknown_municipality"
	msgAmbiguousPlace   = "ambiguous_municipality"
	msgContactNeeded    = "contact_needed"
	msgPhoneNeeded      = "phone_needed"
	msgEmailNeeded      = "email_needed"
	msgRentOrder        = "rent_order"
	msgTooManyItems     = "too_many_items"
	msgUnknownField     = "unknown_field"
	msgMalformed        = "malformed"
	msgTooLarge         = "too_large"
	msgTooManyRequests  = "too_many_requests"
	msgCrossOrigin      = "cross_origin"
	msgSummary          = "summary"
	msgErrorTitle       = "error_title"
	msgInternal         = "internal"
	msgUnsupportedMedia = "unsupported_media"
	msgSearchTitle      = "search_title"
	msgResults          = "results"
	msgNoResults        = "no_results"
	msgRefine           = "refine"
	msgPages            = "pages"
	msgPrevious         = "previous"
	msgNext             = "next"
)

// lang returns l if the site has it, else the default.
func lang(l string) string {
	if slices.Contains(web.Languages, l) {
		return l
	}
	return web.Languages[0]
}

// text returns the message key in language l, with its arguments. A plural
// message (texts.Plural) is counted by its last argument, as texts.N wants.
func text(l, key string, args ...any) string {
	if texts.Plural(key) && len(args) > 0 {
		if n, ok := args[len(args)-1].(int); ok {
			return texts.N(lang(l), key, n, args...)
		}
	}
	return texts.T(lang(l), key, args...)
}

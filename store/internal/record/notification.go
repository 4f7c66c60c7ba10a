package record

import "unicode/utf8"

// maxReason bounds the failure text kept with a notification.
const maxReason = 500

// Reason returns why a notification failed as it is kept: at most
// maxReason bytes, cut on a rune boundary.
func Reason(s string) string {
	if len(s) <= maxReason {
		return s
	}
	n := maxReason
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

package senderos

import (
	"unicode"
	"unicode/utf8"
)

// TextFault is what makes a text unfit for a field; "" is none.
type TextFault string

// The faults ValidText finds.
const (
	// TextMalformed is text that is not valid UTF-8, or holds a control
	// character (NUL, BEL, ESC…; a tab or line break outside a
	// multi-line field), a replacement character (what a decoder puts
	// for bytes that were not UTF-8) or a non-character.
	TextMalformed TextFault = "malformed"
	// TextInvisible is text with nothing to read: only spaces and
	// invisible characters, such as "\u200b\u200b".
	TextInvisible TextFault = "invisible"
)

// ValidText returns what is wrong with s as the value of a text field, or
// "" for nothing. Multi-line fields may hold tabs and line breaks (\t, \n,
// \r). Empty text is valid: whether a field is required is its own rule.
// Every text field is checked with it where it enters the portal, and
// the stores refuse what it calls malformed, so that both engines keep
// exactly what they are given.
func ValidText(s string, multiline bool) TextFault {
	visible := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			// Bytes that are not UTF-8 decode as RuneError too.
			return TextMalformed
		case r == '\t' || r == '\n' || r == '\r':
			if !multiline {
				return TextMalformed
			}
		case unicode.IsControl(r), unicode.Is(unicode.Noncharacter_Code_Point, r):
			return TextMalformed
		case !visible && !invisible(r):
			visible = true
		}
	}
	if s != "" && !visible {
		return TextInvisible
	}
	return ""
}

// invisible reports whether r shows nothing on its own: a space, a format
// character (zero-width space, joiners, direction marks), a combining
// mark with nothing to combine with, or another default-ignorable code
// point (variation selectors, Hangul fillers).
func invisible(r rune) bool {
	return unicode.IsSpace(r) || unicode.In(r, unicode.Zs, unicode.Cf, unicode.Mn, unicode.Me,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) || r == '\u2800'
}

// Texts returns every text s holds, each a value someone typed or chose,
// for checks that apply to them all (see ValidText).
func (s *Submission) Texts() []string {
	out := []string{s.Reference, s.Lang, s.SpamReason, s.IdempotencyKey, s.Consent.PrivacyVersion, s.Consent.Lang}
	if i := s.Interest; i != nil {
		out = append(out, i.SpanishLevel, i.City, i.Province, i.Skills, i.MoveWhen,
			i.Contact.Name, i.Contact.Phone, i.Contact.Email, i.Contact.Language, i.Contact.Channel)
		out = append(out, i.Languages...)
		out = append(out, i.Sectors...)
		out = append(out, i.Regions...)
		for _, c := range i.Children {
			out = append(out, c.Stage)
		}
	}
	if m := s.Municipality; m != nil {
		out = append(out, m.Code, m.Name, m.Province, m.Region, m.ContactName, m.Role, m.Email, m.Phone, m.Description)
		out = append(out, m.Services...)
		for _, j := range m.Jobs {
			out = append(out, j.Sector, j.Description)
		}
	}
	if h := s.Host; h != nil {
		out = append(out, h.Code, h.Name, h.Province, h.Region, h.Kind, h.About,
			h.Contact.Name, h.Contact.Phone, h.Contact.Email, h.Contact.Language, h.Contact.Channel)
		out = append(out, h.Languages...)
		out = append(out, h.Offers...)
	}
	return out
}

package api

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cepaim/senderos"
)

// problem is what is wrong with one field of a form.
type problem struct {
	Field string
	Key   string
	Args  []any
}

// problems collects what is wrong with a submission, in field order.
type problems []problem

func (p *problems) add(field, key string, args ...any) {
	*p = append(*p, problem{Field: field, Key: key, Args: args})
}

// has reports whether field already has a problem.
func (p problems) has(field string) bool {
	return slices.ContainsFunc(p, func(q problem) bool { return q.Field == field })
}

// messages returns the first problem of each field, in language l.
func (p problems) messages(l string) map[string]string {
	out := make(map[string]string, len(p))
	for _, q := range p {
		if _, ok := out[q.Field]; !ok {
			out[q.Field] = text(l, q.Key, q.Args...)
		}
	}
	return out
}

// text checks a one-line text field: senderos.ValidText, required or not,
// and its length in characters. It returns the trimmed value, stored
// otherwise as typed.
func (p *problems) text(field, v string, required bool, min, max int) string {
	return p.checkText(field, v, false, required, min, max)
}

// lines checks a multi-line text field as text does, tabs and line breaks
// allowed.
func (p *problems) lines(field, v string, required bool, min, max int) string {
	return p.checkText(field, v, true, required, min, max)
}

func (p *problems) checkText(field, v string, multiline, required bool, min, max int) string {
	v = strings.TrimSpace(v)
	n := utf8.RuneCountInString(v)
	switch {
	case n == 0 && required:
		p.add(field, msgRequired)
	case n == 0:
	case senderos.ValidText(v, multiline) != "":
		p.add(field, textMessage(senderos.ValidText(v, multiline)))
	case n < min:
		p.add(field, msgTooShort, min)
	case n > max:
		p.add(field, msgTooLong, max)
	}
	return v
}

// textMessage is the key of the message for what ValidText found.
func textMessage(f senderos.TextFault) string {
	if f == senderos.TextInvisible {
		return msgInvisibleText
	}
	return msgBadText
}

// oneOf checks that v is one of the allowed values.
func (p *problems) oneOf(field, v string, required bool, allowed []string) string {
	switch {
	case v == "" && required:
		p.add(field, msgRequired)
	case v != "" && !slices.Contains(allowed, v):
		p.add(field, msgNotInList)
	}
	return v
}

// someOf checks a multiple choice: each value allowed, none repeated, at
// most max of them.
func (p *problems) someOf(field string, vs []string, required bool, allowed []string, max int) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v == "" || slices.Contains(out, v) {
			continue
		}
		if !slices.Contains(allowed, v) {
			p.add(field, msgNotInList)
			return nil
		}
		out = append(out, v)
	}
	switch {
	case len(out) == 0 && required:
		p.add(field, msgRequired)
	case len(out) > max:
		p.add(field, msgTooManyItems, max)
	}
	return out
}

// number checks an optional or required number against its range.
func (p *problems) number(field string, v *int, required bool, min, max int) int {
	switch {
	case v == nil && required:
		p.add(field, msgRequired)
	case v == nil:
		return 0
	case *v < min || *v > max:
		p.add(field, msgOutOfRange, min, max)
	default:
		return *v
	}
	return 0
}

// email checks an e-mail address: one plain address, with a dotted domain.
func (p *problems) email(field, v string, required bool) string {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			p.add(field, msgRequired)
		}
		return ""
	}
	addr, err := mail.ParseAddress(v)
	at := strings.LastIndexByte(v, '@')
	if err != nil || addr.Address != v || len(v) > 254 || at < 1 || !strings.Contains(v[at+1:], ".") ||
		strings.HasSuffix(v, ".") || strings.ContainsAny(v, " \t\r\n") {
		p.add(field, msgInvalidEmail)
	}
	return v
}

var (
	phoneSeparators = strings.NewReplacer(" ", "", "-", "", ".", "", "(", "", ")", "", "\u00a0", "")
	spanishPhone    = regexp.MustCompile(`^[6789][0-9]{8}$`)
	internationalPh = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)
)

// phone checks a Spanish number (nine digits starting 6–9, with or without
// +34) or an international one (+ and 8–15 digits, E.164). It returns the
// number normalised to E.164.
func (p *problems) phone(field, v string, required bool) string {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			p.add(field, msgRequired)
		}
		return ""
	}
	n := phoneSeparators.Replace(v)
	if strings.HasPrefix(n, "00") {
		n = "+" + n[2:]
	}
	switch {
	case spanishPhone.MatchString(n):
		return "+34" + n
	case strings.HasPrefix(n, "+34") && spanishPhone.MatchString(n[3:]):
		return n
	case !strings.HasPrefix(n, "+34") && internationalPh.MatchString(n):
		return n
	}
	p.add(field, msgInvalidPhone)
	return v
}

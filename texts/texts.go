// Package texts is the catalogue of the portal's server texts: the API's
// messages and the back-office's words, one file per language (es.toml,
// en.toml, fr.toml, ar.toml) in the format of Hugo's own i18n files (go-i18n
// TOML, with CLDR plural forms), so that translators work in one kind of file
// for the whole portal. The files follow site/GLOSSARY.md.
//
// A key without a dot ("too_long") is a message of the public API, read by
// families; a dotted key ("login.title") belongs to the back-office. A plural
// message is a table of CLDR forms ("one", "other"; in Arabic "zero", "one",
// "two", "few", "many", "other") and is read with N.
//
// Texts keep fmt's verbs (%d, %s): T and N apply the arguments they are given.
package texts

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

// Langs are the catalogue's languages, the default first.
var Langs = []string{"es", "en", "fr", "ar"}

//go:embed *.toml
var files embed.FS

// Catalogue is the texts of every language, loaded into one go-i18n bundle.
type Catalogue struct {
	messages   map[string]map[string]*i18n.Message // language → key → message
	localizers map[string]*i18n.Localizer
	forms      map[string][]string // language → the plural forms its CLDR rule uses
}

// Files returns the catalogue's files of lang in fsys, in the order they
// are read: <lang>.toml, then each part <area>.<lang>.toml by name (a part
// keeps one area's texts, such as the matching sentences, so that areas are written
// apart).
func Files(fsys fs.FS, lang string) ([]string, error) {
	parts, err := fs.Glob(fsys, "*."+lang+".toml")
	if err != nil {
		return nil, err
	}
	slices.Sort(parts)
	return append([]string{lang + ".toml"}, parts...), nil
}

// Load reads <lang>.toml and its parts (Files) for each of Langs from fsys.
// A key defined twice in one language is an error.
func Load(fsys fs.FS) (*Catalogue, error) {
	bundle := i18n.NewBundle(language.Spanish)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalogue{
		messages:   map[string]map[string]*i18n.Message{},
		localizers: map[string]*i18n.Localizer{},
		forms:      map[string][]string{},
	}
	for _, l := range Langs {
		names, err := Files(fsys, l)
		if err != nil {
			return nil, fmt.Errorf("texts: %w", err)
		}
		c.messages[l] = map[string]*i18n.Message{}
		for _, name := range names {
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("texts: %w", err)
			}
			// go-i18n takes the language from the file's name: a part's
			// is read under <lang>.toml's.
			f, err := bundle.ParseMessageFileBytes(b, l+".toml")
			if err != nil {
				return nil, fmt.Errorf("texts: %s: %w", name, err)
			}
			for _, m := range f.Messages {
				if _, dup := c.messages[l][m.ID]; dup {
					return nil, fmt.Errorf("texts: %s: key %q is defined twice", name, m.ID)
				}
				c.messages[l][m.ID] = m
			}
		}
		c.localizers[l] = i18n.NewLocalizer(bundle, l, Langs[0])
		c.forms[l] = pluralForms(l)
	}
	return c, nil
}

// formNames are the CLDR plural forms, in CLDR's order.
var formNames = []string{"zero", "one", "two", "few", "many", "other"}

// pluralForms returns the plural forms go-i18n's CLDR rule for l uses, found
// by asking a message that has all six for counts that reach every form.
func pluralForms(l string) []string {
	probe := i18n.NewBundle(language.Make(l))
	probe.MustAddMessages(language.Make(l), &i18n.Message{ID: "probe",
		Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"})
	loc := i18n.NewLocalizer(probe, l)
	seen := map[string]bool{}
	counts := []int{1_000_000, 1_000_001, 2_000_000}
	for n := range 200 {
		counts = append(counts, n)
	}
	for _, n := range counts {
		if s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "probe", PluralCount: n}); err == nil {
			seen[s] = true
		}
	}
	return slices.DeleteFunc(slices.Clone(formNames), func(f string) bool { return !seen[f] })
}

// PluralForms returns the plural forms a plural message needs in lang, as
// go-i18n's CLDR rule for lang uses them (Arabic: all six).
func (c *Catalogue) PluralForms(lang string) []string {
	return slices.Clone(c.forms[lang])
}

// lang is l if the catalogue has it, else the default.
func (c *Catalogue) lang(l string) string {
	if _, ok := c.localizers[l]; ok {
		return l
	}
	return Langs[0]
}

// localize finds a message in lang, else in the default language. A plural
// form missing (which Problems reports) is answered with the form "other",
// as go-i18n does.
func (c *Catalogue) localize(lang string, lc *i18n.LocalizeConfig) (string, error) {
	if _, ok := c.messages[c.lang(lang)][lc.MessageID]; !ok {
		lang = Langs[0]
	}
	s, err := c.localizers[c.lang(lang)].Localize(lc)
	if s != "" {
		return s, nil
	}
	return s, err
}

// T returns the text of key in lang (Spanish for a language the catalogue
// does not have, and for a key missing in lang), with args applied by
// fmt.Sprintf when there are any. An unknown key is returned as itself, so
// that it shows (and Problems finds why).
func (c *Catalogue) T(lang, key string, args ...any) string {
	s, err := c.localize(lang, &i18n.LocalizeConfig{MessageID: key})
	if err != nil {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// N returns the plural message key in lang in the form for n, with args
// applied by fmt.Sprintf; without args, n itself is the one argument. The
// count comes last among args, and a form may leave it out («حرفان», "un
// seul"): its verb is then not in the text, and the last argument is not
// applied.
func (c *Catalogue) N(lang, key string, n int, args ...any) string {
	s, err := c.localize(lang, &i18n.LocalizeConfig{MessageID: key, PluralCount: n})
	if err != nil {
		return key
	}
	if len(args) == 0 {
		args = []any{n}
	}
	if k := len(verbs(s)); k < len(args) {
		args = args[:k]
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Has reports whether key has a text in the default language.
func (c *Catalogue) Has(key string) bool {
	_, ok := c.messages[Langs[0]][key]
	return ok
}

// Plural reports whether key is a plural message, to be read with N.
func (c *Catalogue) Plural(key string) bool {
	m, ok := c.messages[Langs[0]][key]
	return ok && plural(m)
}

// Keys returns every key of every language, sorted.
func (c *Catalogue) Keys() []string {
	all := map[string]bool{}
	for _, msgs := range c.messages {
		for k := range msgs {
			all[k] = true
		}
	}
	return slices.Sorted(maps.Keys(all))
}

// Forms returns the texts of key in lang by plural form: "other" alone for
// a message that is not plural; nil when lang lacks key.
func (c *Catalogue) Forms(lang, key string) map[string]string {
	m, ok := c.messages[lang][key]
	if !ok {
		return nil
	}
	out := map[string]string{}
	for f, s := range forms(m) {
		if s != "" {
			out[f] = s
		}
	}
	return out
}

func forms(m *i18n.Message) map[string]string {
	return map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other}
}

func plural(m *i18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// Problems lists what is wrong with the catalogue, sorted: a key missing in a
// language, an empty text, a message plural in one language and not in
// another, a plural form missing that the language's CLDR rule uses (all six
// in Arabic), fmt verbs that differ between the languages of one key (a
// plural form may only leave out the last one, the count), and an Arabic text without Arabic script where
// English has letters.
func (c *Catalogue) Problems() []string {
	var out []string
	for _, key := range c.Keys() {
		es, hasES := c.messages[Langs[0]][key]
		var want []string
		if hasES {
			want = verbs(es.Other)
		}
		for _, l := range Langs {
			m, ok := c.messages[l][key]
			if !ok {
				out = append(out, fmt.Sprintf("%s: %s is missing", l, key))
				continue
			}
			if hasES && plural(m) != plural(es) {
				out = append(out, fmt.Sprintf("%s: %s is plural in one of es and %s only", l, key, l))
			}
			fs := forms(m)
			used := []string{"other"}
			if plural(m) {
				used = c.forms[l]
				for f, s := range fs {
					if s != "" && !slices.Contains(used, f) {
						out = append(out, fmt.Sprintf("%s: %s has a %s form, which %s does not use", l, key, f, l))
					}
				}
			}
			for _, f := range used {
				s := fs[f]
				if strings.TrimSpace(s) == "" {
					if plural(m) {
						out = append(out, fmt.Sprintf("%s: %s lacks its plural form %s", l, key, f))
					} else {
						out = append(out, fmt.Sprintf("%s: %s is empty", l, key))
					}
					continue
				}
				if got := verbs(s); hasES && !slices.Equal(got, want) && !(plural(m) && len(want) > 0 && slices.Equal(got, want[:len(want)-1])) {
					out = append(out, fmt.Sprintf("%s: %s (%s) takes %v, es takes %v", l, key, f, verbs(s), want))
				}
			}
		}
		if en, ar := c.messages["en"][key], c.messages["ar"][key]; en != nil && ar != nil &&
			strings.ContainsFunc(en.Other, unicode.IsLetter) && !strings.ContainsFunc(ar.Other, isArabic) {
			out = append(out, fmt.Sprintf("ar: %s has no Arabic: %q", key, ar.Other))
		}
	}
	slices.Sort(out)
	return out
}

func isArabic(r rune) bool { return unicode.Is(unicode.Arabic, r) }

// verbs lists the fmt verbs of s, in order.
func verbs(s string) []string {
	var out []string
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			out = append(out, s[i:i+2])
			i++
		}
	}
	return out
}

var std = sync.OnceValue(func() *Catalogue {
	c, err := Load(files)
	if err != nil {
		panic(err) // the embedded files are tested: this cannot happen in a build that passed its tests
	}
	return c
})

// Default returns the catalogue of the embedded files.
func Default() *Catalogue { return std() }

// T returns the text of key in lang from the default catalogue (see
// Catalogue.T).
func T(lang, key string, args ...any) string { return std().T(lang, key, args...) }

// N returns the plural message key in lang for n from the default
// catalogue (see Catalogue.N).
func N(lang, key string, n int, args ...any) string { return std().N(lang, key, n, args...) }

// Has reports whether the default catalogue has key.
func Has(key string) bool { return std().Has(key) }

// Plural reports whether key is a plural message of the default catalogue.
func Plural(key string) bool { return std().Plural(key) }

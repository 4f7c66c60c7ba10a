package main

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	senderos "github.com/cepaim/senderos"
)

// The lines that open and close the block of the Decap config written by
// `senderos vocab`; what lies between them is replaced.
const (
	decapVocabBegin = "# x-vocabulary: the closed lists of the domain (vocabulary.go), written by"
	decapVocabEnd   = "# End of x-vocabulary."
)

// vocabDecap returns the Decap config cfg with its x-vocabulary block
// written from the domain: one YAML anchor per list (&services, &sectors)
// that the fields' options point to, labelled in Spanish, the editor's
// language.
func vocabDecap(cfg []byte) ([]byte, error) {
	begin := bytes.Index(cfg, []byte(decapVocabBegin))
	end := bytes.Index(cfg, []byte(decapVocabEnd))
	if begin < 0 || end < begin {
		return nil, errors.New("no x-vocabulary block (its first line: " + decapVocabBegin + ")")
	}
	var b strings.Builder
	b.WriteString(decapVocabBegin + "\n")
	b.WriteString("# `senderos vocab`. Change them there and run it; edits here are overwritten.\n")
	b.WriteString("# Villages' profiles name their sectors, so \"other\" is not offered.\n")
	b.WriteString("x-vocabulary:\n")
	for _, l := range []senderos.List{senderos.ServiceList, senderos.SectorList} {
		fmt.Fprintf(&b, "  %s: &%s\n", l.Name, l.Name)
		for _, t := range l.Terms {
			if l.Name == senderos.SectorList.Name && t.Value == senderos.SectorOther {
				continue
			}
			fmt.Fprintf(&b, "    - {label: %s, value: %s}\n", yamlScalar(t.Label.ES), yamlScalar(t.Value))
		}
	}
	out := append([]byte{}, cfg[:begin]...)
	out = append(out, b.String()...)
	return append(out, cfg[end:]...), nil
}

// yamlScalar writes s as a YAML flow scalar, quoted when it would otherwise
// mean something else.
func yamlScalar(s string) string {
	if s == "" || strings.ContainsAny(s, ":,[]{}#&*!|>'\"%@`") || strings.TrimSpace(s) != s ||
		strings.ContainsAny(s[:1], "-?") || s == "true" || s == "false" || s == "null" || s == "yes" || s == "no" || isNumber(s) {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return s
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

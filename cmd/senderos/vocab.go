package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	senderos "github.com/cepaim/senderos"
)

// The files `senderos vocab` writes from the domain's closed lists
// (vocabulary.go), relative to the repository root.
const (
	vocabDataFile  = "site/data/vocabulary.json"
	vocabDecapFile = "site/static/admin/config.yml"
	vocabOpenAPI   = "api/openapi.json"
)

func runVocab(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("vocab", "Write the closed lists of the domain (vocabulary.go: sectors, services, Spanish levels, school stages,\nmove windows, channels) into "+vocabDataFile+" (read by the form partials), the options of\n"+vocabDecapFile+" and the enums of "+vocabOpenAPI+".", stderr)
	root := fs.String("root", ".", "repository root")
	check := fs.Bool("check", false, "write nothing; fail if a file is not what the domain says")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files, err := vocabFiles(*root)
	if err != nil {
		return err
	}
	var stale []string
	for _, rel := range []string{vocabDataFile, vocabDecapFile, vocabOpenAPI} {
		p := filepath.Join(*root, filepath.FromSlash(rel))
		old, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if bytes.Equal(old, files[rel]) {
			fmt.Fprintf(stdout, "%s is up to date.\n", rel)
			continue
		}
		if *check {
			stale = append(stale, rel)
			continue
		}
		if err := os.WriteFile(p, files[rel], 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Wrote %s.\n", rel)
	}
	if len(stale) > 0 {
		return fmt.Errorf("not what vocabulary.go says (run senderos vocab): %s", strings.Join(stale, ", "))
	}
	return nil
}

// vocabFiles returns what each file of `senderos vocab` should hold, by
// path relative to root. The Decap config and the OpenAPI document keep
// everything else they hold.
func vocabFiles(root string) (map[string][]byte, error) {
	data, err := vocabData()
	if err != nil {
		return nil, err
	}
	cfg, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(vocabDecapFile)))
	if err != nil {
		return nil, err
	}
	cfg, err = vocabDecap(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", vocabDecapFile, err)
	}
	doc, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(vocabOpenAPI)))
	if err != nil {
		return nil, err
	}
	doc, err = vocabOpenAPIEnums(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", vocabOpenAPI, err)
	}
	return map[string][]byte{vocabDataFile: data, vocabDecapFile: cfg, vocabOpenAPI: doc}, nil
}

// vocabTerm is a value and its labels by language, as the site's data holds
// them.
type vocabTerm struct {
	Value string            `json:"value"`
	Label map[string]string `json:"label"`
}

// vocabData returns site/data/vocabulary.json: each list of the forms by its
// name, its terms in order.
func vocabData() ([]byte, error) {
	lists := map[string][]vocabTerm{}
	for _, l := range senderos.FormLists {
		terms := make([]vocabTerm, 0, len(l.Terms))
		for _, t := range l.Terms {
			label := map[string]string{}
			for _, lang := range senderos.Languages {
				label[lang] = t.Label.In(lang)
			}
			terms = append(terms, vocabTerm{Value: t.Value, Label: label})
		}
		lists[l.Name] = terms
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(lists); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

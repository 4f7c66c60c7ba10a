package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	senderos "github.com/cepaim/senderos"
	"github.com/goccy/go-yaml"
)

// TestVocabFilesAreUpToDate fails when a file `senderos vocab` writes is
// not what the domain's lists make of it.
func TestVocabFilesAreUpToDate(t *testing.T) {
	files, err := vocabFiles("../..")
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range files {
		got, err := os.ReadFile(filepath.Join("../..", rel))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what vocabulary.go says: run go run ./cmd/senderos vocab", rel)
		}
	}
}

// TestVocabCommand runs the command on a copy of the three files, one of
// them changed by hand: --check fails and names it, a run writes it back
// and leaves the others as they were.
func TestVocabCommand(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{vocabDataFile, vocabDecapFile, vocabOpenAPI} {
		b, err := os.ReadFile(filepath.Join("../..", rel))
		if err != nil {
			t.Fatal(err)
		}
		if rel == vocabDecapFile {
			b = bytes.Replace(b, []byte("{label: Cuidado de personas, value: care}"), []byte("{label: Cuidados, value: care}"), 1)
		}
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	err := Run(context.Background(), []string{"vocab", "--check", "--root", root}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), vocabDecapFile) {
		t.Fatalf("--check on a changed %s: %v", vocabDecapFile, err)
	}
	out.Reset()
	if err := Run(context.Background(), []string{"vocab", "--root", root}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Wrote "+vocabDecapFile) || strings.Contains(out.String(), "Wrote "+vocabOpenAPI) {
		t.Errorf("output:\n%s", out.String())
	}
	if err := Run(context.Background(), []string{"vocab", "--check", "--root", root}, &out, &out); err != nil {
		t.Errorf("--check after a run: %v", err)
	}
}

// TestDecapOptionsAreTheDomains reads the Decap config as Decap does
// (aliases resolved) and compares every select that offers services or
// sectors with the domain, labelled in Spanish.
func TestDecapOptionsAreTheDomains(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("../..", vocabDecapFile))
	if err != nil {
		t.Fatal(err)
	}
	type option struct {
		Label string `yaml:"label"`
		Value string `yaml:"value"`
	}
	var cfg struct {
		Collections []struct {
			Name   string `yaml:"name"`
			Fields []struct {
				Name    string `yaml:"name"`
				Widget  string `yaml:"widget"`
				Options any    `yaml:"options"`
			} `yaml:"fields"`
		} `yaml:"collections"`
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	lists := map[string]senderos.List{"services": senderos.ServiceList, "sectors": senderos.SectorList}
	n := 0
	for _, c := range cfg.Collections {
		for _, f := range c.Fields {
			l, ok := lists[f.Name]
			if !ok || f.Widget != "select" {
				continue
			}
			n++
			b, _ := yaml.Marshal(f.Options)
			var got []option
			if err := yaml.Unmarshal(b, &got); err != nil {
				t.Errorf("%s.%s: options are not {label, value}: %v", c.Name, f.Name, err)
				continue
			}
			var want []option
			for _, term := range l.Terms {
				if term.Value != senderos.SectorOther {
					want = append(want, option{term.Label.ES, term.Value})
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s.%s:\n got %v\nwant %v", c.Name, f.Name, got, want)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d selects of services or sectors, want 2 (municipalities)", n)
	}
}

// TestOpenAPIEnumsAreTheDomains compares each enum of the OpenAPI document
// that holds a value of a closed list with that list; an enum written by hand
// where openAPIEnums does not name it fails too.
func TestOpenAPIEnumsAreTheDomains(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("../..", vocabOpenAPI))
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	var walk func(v any, path []string)
	walk = func(v any, path []string) {
		m, ok := v.(map[string]any)
		if !ok {
			if a, ok := v.([]any); ok {
				for _, item := range a {
					walk(item, append(path, "[]"))
				}
			}
			return
		}
		for k, child := range m {
			walk(child, append(slices.Clone(path), k))
		}
		enum, ok := m["enum"].([]any)
		if !ok {
			return
		}
		var got []string
		for _, e := range enum {
			s, _ := e.(string)
			got = append(got, s)
		}
		p := strings.Join(path, "/")
		if l, ok := openAPIEnums[p]; ok {
			found[p] = true
			if !slices.Equal(got, l.Values()) {
				t.Errorf("%s: enum %q, want %s %q", p, got, l.Name, l.Values())
			}
			return
		}
		for _, l := range senderos.FormLists {
			for _, v := range got {
				if v != "none" && v != "other" && slices.Contains(l.Values(), v) {
					t.Errorf("%s: enum %q holds %q of %s but is not written by senderos vocab (openAPIEnums)", p, got, v, l.Name)
				}
			}
		}
	}
	walk(doc, nil)
	for p := range openAPIEnums {
		if !found[p] {
			t.Errorf("no enum at %s", p)
		}
	}
}

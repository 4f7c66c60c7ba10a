package site_test

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// decapConfig is the part of site/static/admin/config.yml that decides
// which files a collection lists.
type decapConfig struct {
	I18n struct {
		Locales       []string `yaml:"locales"`
		DefaultLocale string   `yaml:"default_locale"`
	} `yaml:"i18n"`
	Collections []struct {
		Name   string `yaml:"name"`
		Folder string `yaml:"folder"`
		Path   string `yaml:"path"`
		Filter *struct {
			Field string `yaml:"field"`
			Value string `yaml:"value"`
		} `yaml:"filter"`
		Fields []decapField `yaml:"fields"`
	} `yaml:"collections"`
}

// decapField is a field of a collection, as far as these tests look.
type decapField struct {
	Name    string `yaml:"name"`
	Widget  string `yaml:"widget"`
	Default string `yaml:"default"`
	I18n    any    `yaml:"i18n"`
}

// frontMatter returns the YAML front matter of a content file.
func frontMatter(t *testing.T, file string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	parts := bytes.SplitN(raw, []byte("---\n"), 3)
	if len(parts) != 3 || len(parts[0]) != 0 {
		t.Fatalf("%s: no YAML front matter", file)
	}
	fm := map[string]any{}
	if err := yaml.Unmarshal(parts[1], &fm); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return fm
}

// TestDecapSinglePageCollections lists each single-page collection of the
// CMS (home, privacy, accessibility, contact) as Decap does with a backend
// that lists the whole folder (decap-server, for local editing): every
// Markdown file of the folder at the collection's depth, grouped by
// language, kept by the collection's filter. Each must list its own page
// and nothing else.
func TestDecapSinglePageCollections(t *testing.T) {
	raw, err := os.ReadFile("static/admin/config.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg decapConfig
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"home": "_index", "privacy": "privacy", "accessibility": "accessibility", "contact": "contact"}
	seen := 0
	for _, c := range cfg.Collections {
		page, ok := want[c.Name]
		if !ok {
			continue
		}
		seen++
		t.Run(c.Name, func(t *testing.T) {
			if c.Path != page || strings.Contains(c.Path, "/") {
				t.Fatalf("path %q, want %q", c.Path, page)
			}
			files, err := filepath.Glob(filepath.Join("..", c.Folder, "*.md"))
			if err != nil {
				t.Fatal(err)
			}
			// Decap groups <name>.es.md, <name>.en.md… into one entry "<name>".
			entries := map[string][]string{}
			for _, f := range files {
				base := strings.TrimSuffix(filepath.Base(f), ".md")
				ext := path.Ext(base)
				if !slices.Contains(cfg.I18n.Locales, strings.TrimPrefix(ext, ".")) {
					continue
				}
				entries[strings.TrimSuffix(base, ext)] = append(entries[strings.TrimSuffix(base, ext)], f)
			}
			var listed []string
			for slug, files := range entries {
				keep := true
				if c.Filter != nil {
					// Every language's file must pass: some Decap
					// versions filter the files before grouping them.
					for _, f := range files {
						if v, _ := frontMatter(t, f)[c.Filter.Field].(string); v != c.Filter.Value {
							keep = false
						}
					}
				}
				if keep {
					listed = append(listed, slug)
				}
			}
			if len(listed) != 1 || listed[0] != page {
				t.Errorf("lists %v, want only %s (its four languages)", listed, page)
			}
			if len(entries[page]) != len(cfg.I18n.Locales) {
				t.Errorf("%s exists in %d languages, want %d", page, len(entries[page]), len(cfg.I18n.Locales))
			}
			if c.Filter != nil {
				// Saving an entry must write the filtered field into
				// every language, or the entry would vanish from the list.
				i := slices.IndexFunc(c.Fields, func(f decapField) bool { return f.Name == c.Filter.Field })
				if i < 0 || c.Fields[i].Widget != "hidden" || c.Fields[i].Default != c.Filter.Value || c.Fields[i].I18n != "duplicate" {
					t.Errorf("the filtered field %q needs a hidden field with default %q and i18n: duplicate", c.Filter.Field, c.Filter.Value)
				}
			}
		})
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d single-page collections", seen, len(want))
	}
}

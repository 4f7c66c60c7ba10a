package site_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"github.com/cepaim/senderos/site"
)

var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// i18nKeys flattens an i18n file into its keys; a table of plural forms
// counts as one key.
func i18nKeys(t *testing.T, path string) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := toml.Unmarshal(raw, &tree); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	keys := map[string]bool{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			sub, ok := v.(map[string]any)
			if !ok {
				keys[prefix+k] = true
				continue
			}
			plural := true
			for f := range sub {
				plural = plural && slices.Contains(pluralForms, f)
			}
			if plural {
				keys[prefix+k] = true
			} else {
				walk(prefix+k+".", sub)
			}
		}
	}
	walk("", tree)
	return keys
}

// TestEveryStringInEveryLanguage checks that the site's and the theme's
// interface strings exist in all four languages.
func TestEveryStringInEveryLanguage(t *testing.T) {
	for _, dir := range []string{"i18n", filepath.Join("..", "themes", "senderos", "i18n")} {
		sets := map[string]map[string]bool{}
		for _, l := range site.Languages {
			sets[l] = i18nKeys(t, filepath.Join(dir, l+".toml"))
		}
		for _, l := range site.Languages {
			for _, other := range site.Languages {
				for k := range sets[l] {
					if !sets[other][k] {
						t.Errorf("%s: %q is in %s but not in %s", dir, k, l, other)
					}
				}
			}
		}
	}
}

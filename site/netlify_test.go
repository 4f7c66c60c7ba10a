package site_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"github.com/cepaim/senderos/site"
)

// TestNetlifyMatchesLocalServer keeps the production configuration and the
// local server in step: same Hugo, same security headers.
func TestNetlifyMatchesLocalServer(t *testing.T) {
	raw, err := os.ReadFile("../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Build struct {
			Environment map[string]string `toml:"environment"`
		} `toml:"build"`
		Headers []struct {
			For    string            `toml:"for"`
			Values map[string]string `toml:"values"`
		} `toml:"headers"`
	}
	if err := toml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	t.Run("PinsTheSameHugo", func(t *testing.T) {
		if got := "v" + cfg.Build.Environment["HUGO_VERSION"]; got != site.HugoVersion {
			t.Errorf("netlify.toml HUGO_VERSION %s, site.HugoVersion %s", got, site.HugoVersion)
		}
		gomod, err := os.ReadFile("../go.mod")
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`github.com/gohugoio/hugo (v[0-9.]+)`).FindSubmatch(gomod)
		if m == nil || string(m[1]) != site.HugoVersion {
			t.Errorf("go.mod pins hugo %q, site.HugoVersion %s", m, site.HugoVersion)
		}
	})
	t.Run("SendsTheSameHeaders", func(t *testing.T) {
		found := map[string]map[string]string{}
		for _, h := range cfg.Headers {
			found[h.For] = h.Values
		}
		for k, v := range site.SecurityHeaders {
			if found["/*"][k] != v {
				t.Errorf("header %s: netlify.toml %q, local server %q", k, found["/*"][k], v)
			}
		}
		if got := found["/admin/*"]["Content-Security-Policy"]; got != site.AdminCSP {
			t.Errorf("/admin/* CSP: netlify.toml %q, local server %q", got, site.AdminCSP)
		}
	})
}

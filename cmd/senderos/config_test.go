package main

import (
	"flag"
	"io"
	"testing"
)

func TestTrustProxyFlag(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		env  string
		want int
	}{
		{"OffByDefault", nil, "", 0},
		{"CountsProxies", []string{"--trust-proxy", "2"}, "", 2},
		{"TrueMeansOneProxy", []string{"--trust-proxy=true"}, "", 1},
		{"ZeroTurnsItOff", []string{"--trust-proxy=0"}, "", 0},
		{"EnvNumber", nil, "2", 2},
		{"EnvTrueIsOneProxy", nil, "true", 1},
		{"FlagBeatsEnv", []string{"--trust-proxy=3"}, "1", 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("SENDEROS_TRUST_PROXY", tt.env)
			var c Config
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			c.bind(fs, true)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if c.TrustedProxies != tt.want {
				t.Errorf("TrustedProxies = %d, want %d", c.TrustedProxies, tt.want)
			}
		})
	}
	t.Run("ErrNotANumber", func(t *testing.T) {
		var c Config
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.bind(fs, true)
		if err := fs.Parse([]string{"--trust-proxy=yes"}); err == nil {
			t.Error("--trust-proxy=yes accepted")
		}
	})
	t.Run("ErrEnvNotANumber", func(t *testing.T) {
		t.Setenv("SENDEROS_TRUST_PROXY", "netlify")
		var c Config
		c.bind(flag.NewFlagSet("test", flag.ContinueOnError), true)
		c.Addr, c.DataDir, c.LogLevel = "127.0.0.1:0", "data", "info"
		if err := c.Validate(); err == nil {
			t.Error("SENDEROS_TRUST_PROXY=netlify accepted")
		}
	})
}

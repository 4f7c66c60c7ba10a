package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
)

// Config is what the serve and api commands are run with. Each field comes
// from a flag, else from an environment variable, else from its default.
type Config struct {
	Addr     string // listen address
	DataDir  string // where data (built site, database, index) is kept
	Root     string // the repository root holding site/, content/ and themes/
	LogLevel string // debug, info, warn or error
}

// envPrefix starts every environment variable that configures senderos.
const envPrefix = "SENDEROS_"

// bind registers the flags of c on fs with defaults from the environment.
func (c *Config) bind(fs *flag.FlagSet, withSite bool) {
	fs.StringVar(&c.Addr, "addr", env("ADDR", "127.0.0.1:8080"), "listen address (env SENDEROS_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("DATA", "./data"), "data directory (env SENDEROS_DATA)")
	fs.StringVar(&c.LogLevel, "log-level", env("LOG_LEVEL", "info"), "log level: debug, info, warn, error (env SENDEROS_LOG_LEVEL)")
	if withSite {
		fs.StringVar(&c.Root, "root", env("ROOT", ""), "repository root with site/, content/, themes/ (env SENDEROS_ROOT; default: found from the working directory)")
	}
}

// Validate reports the first problem with c.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--addr %q: want host:port, e.g. 127.0.0.1:8080", c.Addr)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		return errors.New("--data must not be empty")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	return nil
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(envPrefix + name); ok {
		return v
	}
	return def
}

// newFlagSet returns a flag set whose --help prints the command's summary.
func newFlagSet(name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("senderos "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: senderos %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

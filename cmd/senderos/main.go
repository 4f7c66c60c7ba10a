// Command senderos runs the Nuevos Senderos portal: it builds and serves the
// public site, runs the API and maintains the data the site is made from.
// Run `senderos help` for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "senderos:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "senderos:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `senderos: the Nuevos Senderos portal.

Usage:
  senderos <command> [flags]

Commands:
  serve    build the site and serve it together with the API (the portal on one machine)
  api      run the API alone (production, with the site on Netlify)
  build    build the public site into a folder (production)
  index    (re)index the site's search documents, with progress
  atlas    regenerate the map and municipality data from the npm package es-atlas
  vocab    write the closed lists of vocabulary.go into the site's data, the Decap config and the OpenAPI document
  staff    add back-office accounts (prints a one-time set-up link), reset or list them
  purge    destroy erased, stale and spam records past their retention (safe from cron)
  rekey    re-seal personal data with the newest data key (key rotation)
  version  print the version

Run 'senderos <command> --help' for the flags of a command.
`

// Run runs the subcommand named by args[0].
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "api":
		return runAPI(ctx, args[1:], stdout, stderr)
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "index":
		return runIndex(ctx, args[1:], stdout, stderr)
	case "atlas":
		return runAtlas(ctx, args[1:], stdout, stderr)
	case "vocab":
		return runVocab(ctx, args[1:], stdout, stderr)
	case "staff":
		return runStaff(ctx, args[1:], stdout, stderr)
	case "purge":
		return runPurge(ctx, args[1:], stdout, stderr)
	case "rekey":
		return runRekey(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "senderos", version)
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q: %w", args[0], errUsage)
	}
}

// version is set at link time (-ldflags "-X main.version=…").
var version = "dev"

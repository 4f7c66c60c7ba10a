package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
)

const rekeySummary = `Re-seal the personal data with the newest data key. To rotate the key:
  1. generate a key: head -c 32 /dev/urandom | base64
  2. put it FIRST in --data-keys / --data-key-file (data/data.key), keeping the old one after it,
     and restart the portal: new data is sealed with the new key, old data still opens;
  3. run 'senderos rekey' with the same keys;
  4. remove the old key, and restart.
Safe to run again: values already sealed with the newest key are left alone.`

// runRekey runs `senderos rekey`.
func runRekey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("rekey", rekeySummary, stderr)
	bindStore(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("rekey takes no arguments, got %q: %w", fs.Args(), errUsage)
	}

	m := &Main{Config: cfg, Out: stderr, Logger: slog.New(slog.NewTextHandler(stderr, nil))}
	st, err := m.openCommandStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	n, err := st.db.Rekey(ctx, func(done, total int) {
		fmt.Fprintf(stdout, "\rRe-sealing… %d/%d", done, total)
	})
	if n > 0 {
		fmt.Fprintln(stdout)
	}
	if err != nil {
		return fmt.Errorf("rekey: stopped after %d value(s): %w", n, err)
	}
	if n == 0 {
		fmt.Fprintln(stdout, "Every sealed value already uses the newest key: nothing to do.")
		return nil
	}
	fmt.Fprintf(stdout, "Re-sealed %d value(s) with the newest key. The older keys can now be removed.\n", n)
	return nil
}

package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// setupLinkTTL is how long a set-up link printed by `staff add` works.
const setupLinkTTL = 72 * time.Hour

const staffUsage = `Usage: senderos staff <command> [flags]

Manage back-office accounts from the command line.

Commands:
  add     create an account and print its one-time set-up link
          (the first account is always an admin)
  reset   print a new set-up link for an account (lost password or phone)
  list    list the accounts

Run 'senderos staff <command> --help' for the flags of a command.
`

func runStaff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, staffUsage)
		return errUsage
	}
	switch args[0] {
	case "add":
		return runStaffAdd(ctx, args[1:], stdout, stderr)
	case "reset":
		return runStaffReset(ctx, args[1:], stdout, stderr)
	case "list":
		return runStaffList(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, staffUsage)
		return nil
	}
	fmt.Fprint(stderr, staffUsage)
	return fmt.Errorf("unknown staff command %q: %w", args[0], errUsage)
}

// bindStore registers the flags that say where the data is.
func (c *Config) bindStore(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data", env("DATA", "./data"), "data directory (env SENDEROS_DATA)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("DATABASE_URL", ""), "PostgreSQL URL (env SENDEROS_DATABASE_URL); empty: SQLite in the data directory")
	c.bindData(fs)
}

// staffMain parses the flags of a staff command and opens the store.
func staffMain(ctx context.Context, name, summary string, args []string, stdout, stderr io.Writer, extra func(fs *flag.FlagSet)) (*Main, *stores, error) {
	m := &Main{Out: io.Discard}
	fs := newFlagSet("staff "+name, summary, stderr)
	m.Config.bindStore(fs)
	fs.StringVar(&m.Config.PublicURL, "public-url", env("PUBLIC_URL", "http://127.0.0.1:8080"), "the portal's address, for the set-up link (env SENDEROS_PUBLIC_URL)")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if fs.NArg() > 0 {
		return nil, nil, fmt.Errorf("unexpected argument %q: %w", fs.Arg(0), errUsage)
	}
	m.Logger = newLogger(stderr, "warn")
	if err := os.MkdirAll(m.Config.DataDir, 0o750); err != nil {
		return nil, nil, fmt.Errorf("data directory: %w", err)
	}
	svc, err := m.openStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	return m, svc, nil
}

func runStaffAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var email, name, role, lang string
	m, svc, err := staffMain(ctx, "add", "Create a back-office account and print its one-time set-up link, valid for 72 hours.\nThe person opens it, chooses a password and sets up the second factor (an authenticator app).\nThe first account is always an admin.", args, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the person's work e-mail (required)")
		fs.StringVar(&name, "name", "", "the person's name (required)")
		fs.StringVar(&role, "role", string(senderos.RoleTechnician), "admin, coordinator or technician")
		fs.StringVar(&lang, "lang", "es", "back-office language: es, en, fr or ar")
	})
	if err != nil {
		return err
	}
	defer svc.Close()

	email = strings.ToLower(strings.TrimSpace(email))
	name = strings.TrimSpace(name)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return fmt.Errorf("--email %q: want an e-mail address: %w", email, errUsage)
	}
	if name == "" {
		return fmt.Errorf("--name is required: %w", errUsage)
	}
	if !slices.Contains(senderos.Roles, senderos.Role(role)) {
		return fmt.Errorf("--role %q: want admin, coordinator or technician: %w", role, errUsage)
	}
	if !slices.Contains(senderos.Languages, lang) {
		return fmt.Errorf("--lang %q: want es, en, fr or ar: %w", lang, errUsage)
	}
	existing, err := svc.Staff.FindStaff(ctx)
	if err != nil {
		return err
	}
	st := &senderos.Staff{Email: email, Name: name, Role: senderos.Role(role), Lang: lang}
	if len(existing) == 0 && st.Role != senderos.RoleAdmin {
		fmt.Fprintln(stdout, "This is the first account: it is made an admin.")
		st.Role = senderos.RoleAdmin
	}
	token := newSetupToken(st, time.Now())
	if err := svc.Staff.CreateStaff(ctx, st); err != nil {
		if senderos.ErrorCode(err) == senderos.ECONFLICT {
			return fmt.Errorf("an account with the e-mail %s exists; use 'senderos staff reset --email %s' for a new set-up link", email, email)
		}
		return err
	}
	if err := svc.Audit.RecordAudit(ctx, &senderos.AuditEntry{Actor: "command line", Action: senderos.AuditStaffAdd,
		Target: fmt.Sprintf("staff:%d", st.ID), Outcome: senderos.OutcomeOK, Detail: string(st.Role)}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %s account %d for %s.\nSet-up link (works once, for 72 hours; send it to them privately):\n%s\n",
		st.Role, st.ID, email, setupLink(m.Config.PublicURL, token))
	return nil
}

func runStaffReset(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var email string
	m, svc, err := staffMain(ctx, "reset", "Print a new one-time set-up link for an account, valid for 72 hours: the person chooses a\nnew password and sets up the second factor again. Their sessions end at once.", args, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the account's e-mail (required)")
	})
	if err != nil {
		return err
	}
	defer svc.Close()
	st, err := svc.Staff.FindStaffByEmail(ctx, strings.TrimSpace(email))
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		return fmt.Errorf("no account has the e-mail %q", email)
	} else if err != nil {
		return err
	}
	token := newSetupToken(st, time.Now())
	st.PasswordHash, st.TOTPSecret, st.TOTPLastStep = "", nil, 0
	if err := svc.Staff.UpdateStaff(ctx, st); err != nil {
		return err
	}
	if err := svc.Staff.UnlockStaff(ctx, st.ID); err != nil {
		return err
	}
	if err := svc.Sessions.DeleteStaffSessions(ctx, st.ID); err != nil {
		return err
	}
	if err := svc.Audit.RecordAudit(ctx, &senderos.AuditEntry{Actor: "command line", Action: senderos.AuditStaffEdit,
		Target: fmt.Sprintf("staff:%d", st.ID), Outcome: senderos.OutcomeOK, Detail: "reset"}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "New set-up link for %s (works once, for 72 hours):\n%s\n", st.Email, setupLink(m.Config.PublicURL, token))
	return nil
}

func runStaffList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	_, svc, err := staffMain(ctx, "list", "List the back-office accounts.", args, stdout, stderr, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	all, err := svc.Staff.FindStaff(ctx)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		fmt.Fprintln(stdout, "No accounts yet: create the first with 'senderos staff add --email … --name …'.")
		return nil
	}
	now := time.Now()
	for _, st := range all {
		state := "active"
		switch {
		case st.Disabled:
			state = "disabled"
		case st.LockedUntil.After(now):
			// Locks are per address: the owner may still log in from
			// elsewhere.
			state = fmt.Sprintf("locked from some addresses until %s", st.LockedUntil.Local().Format("2006-01-02 15:04"))
		case !st.Ready():
			state = "waiting for set-up"
		}
		if st.FailedLogins > 0 {
			state += fmt.Sprintf("; %d failed logins since the last login", st.FailedLogins)
		}
		fmt.Fprintf(stdout, "%4d  %-12s %-28s %s (%s)\n", st.ID, st.Role, st.Email, st.Name, state)
	}
	return nil
}

// newSetupToken gives st a fresh set-up token and returns it; st keeps
// only its hash.
func newSetupToken(st *senderos.Staff, now time.Time) string {
	token := rand.Text()
	sum := sha256.Sum256([]byte(token))
	st.SetupTokenHash = hex.EncodeToString(sum[:])
	st.SetupExpiresAt = now.Add(setupLinkTTL).UTC()
	return token
}

func setupLink(base, token string) string {
	return strings.TrimSuffix(base, "/") + "/staff/setup/" + token
}

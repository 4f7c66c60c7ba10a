package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cepaim/senderos"

	"github.com/cepaim/senderos/mail"
	"github.com/cepaim/senderos/site"
)

// Targets of the site.build audit entries.
const (
	rebuildSite = "site"       // the site built and served by serve
	rebuildHook = "build-hook" // the hosting service's build, by --build-hook
)

// published is called by the back-office after a municipality profile is
// published or changed: the local site is rebuilt (serve) and the build
// hook, if any, is called (e.g. Netlify builds the public site again).
// Each is retried when it fails, and its outcome is in the audit log.
func (m *Main) published(context.Context) {
	for _, r := range m.rebuilders {
		r.Wake()
	}
}

// newRebuilders makes what rebuilds the site after a publication: the
// build hook's call (--build-hook) and the local build (serve), nil when
// there is none; each is retried with --rebuild-retry and reported to the
// log and the audit log. The caller runs them.
func (m *Main) newRebuilders(audit senderos.AuditService, public string) (hook, local *site.Rebuilder) {
	if m.Config.BuildHook != "" {
		hook = m.rebuilder(audit, rebuildHook, (&site.BuildHook{URL: m.Config.BuildHook}).Trigger)
		m.rebuilders = append(m.rebuilders, hook)
	}
	if m.WithSite {
		local = m.rebuilder(audit, rebuildSite, func(ctx context.Context) error {
			start := time.Now()
			m.Logger.Info("rebuilding the site after a publication")
			if err := m.buildSite(ctx, public, m.URL(), m.URL()); err != nil {
				return fmt.Errorf("rebuild site: %w", err)
			}
			if err := m.indexSite(ctx, m.index, public, false); err != nil {
				return fmt.Errorf("re-index site: %w", err)
			}
			m.rebuilt.Add(1)
			m.Logger.Info("site rebuilt", "duration_ms", time.Since(start).Milliseconds())
			return nil
		})
		m.rebuilders = append(m.rebuilders, local)
	}
	return hook, local
}

func (m *Main) rebuilder(audit senderos.AuditService, target string, build func(context.Context) error) *site.Rebuilder {
	return &site.Rebuilder{
		Build:   build,
		Backoff: site.Backoff{First: m.Config.RebuildRetry},
		Failed: func(attempt int, err error, wait time.Duration) {
			if wait > 0 {
				m.Logger.Warn("rebuild failed, will retry", "target", target, "attempt", attempt,
					"retry_in_ms", wait.Milliseconds(), "error", err.Error())
			}
		},
		Report: func(attempts int, err error) { m.reportRebuild(audit, target, attempts, err) },
	}
}

// maxRebuildDetail bounds the error an audit entry keeps of a failed
// rebuild (a build's error can run over many lines).
const maxRebuildDetail = 300

// reportRebuild logs a rebuild's outcome and records it in the audit log,
// where admins see it, and the municipality pages say when the last one
// failed.
func (m *Main) reportRebuild(audit senderos.AuditService, target string, attempts int, err error) {
	e := &senderos.AuditEntry{Actor: "senderos", Action: senderos.AuditSiteBuild, Target: target,
		Outcome: senderos.OutcomeOK, Detail: fmt.Sprintf("attempts=%d", attempts)}
	if err != nil {
		msg := err.Error()
		if len(msg) > maxRebuildDetail {
			msg = strings.ToValidUTF8(msg[:maxRebuildDetail], "") + "…"
		}
		e.Outcome, e.Detail = senderos.OutcomeFailed, e.Detail+": "+msg
		m.Logger.Error("rebuild gave up", "target", target, "attempts", attempts, "error", err.Error())
	} else {
		m.Logger.Info("rebuild done", "target", target, "attempts", attempts)
	}
	if audit == nil {
		return
	}
	// It is recorded also when the program is stopping: the database
	// closes only after this returns.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := audit.RecordAudit(ctx, e); err != nil {
		m.Logger.Error("audit log", "action", e.Action, "error", err.Error())
	}
}

// notifier returns the staff notifier when SMTP is configured, else nil.
func (m *Main) notifier() (senderos.Notifier, error) {
	if m.Config.SMTPURL == "" {
		return nil, nil
	}
	c, err := mail.ParseURL(m.Config.SMTPURL)
	if err != nil {
		return nil, err
	}
	c.From = m.Config.NotifyFrom
	c.To = splitList(m.Config.NotifyTo)
	c.BaseURL = m.publicURL()
	n, err := mail.NewNotifier(c)
	if err != nil {
		return nil, err
	}
	m.step("New submissions are announced by e-mail to %d address(es).", len(c.To))
	return n, nil
}

// publicURL is the portal's public address: --public-url, else where it
// listens.
func (m *Main) publicURL() string {
	if m.Config.PublicURL != "" {
		return m.Config.PublicURL
	}
	return m.URL()
}

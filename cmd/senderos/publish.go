package main

import (
	"context"
	"time"

	"github.com/cepaim/senderos"

	"github.com/cepaim/senderos/mail"
	"github.com/cepaim/senderos/site"
)

// published is called by the back-office after a municipality profile is
// published or changed: the local site is rebuilt (serve) and the build
// hook, if any, is called (e.g. Netlify builds the public site again).
func (m *Main) published(ctx context.Context) {
	if m.WithSite && m.rebuilds != nil {
		select {
		case m.rebuilds <- struct{}{}: // several publications make one rebuild
		default:
		}
	}
	if m.Config.BuildHook == "" {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		hook := &site.BuildHook{URL: m.Config.BuildHook}
		if err := hook.Trigger(ctx); err != nil {
			m.Logger.Error("build hook", "error", err.Error())
			return
		}
		m.Logger.Info("build hook called")
	}()
}

// rebuildOnPublish rebuilds the site and re-indexes it after each
// publication, one build at a time, until ctx ends.
func (m *Main) rebuildOnPublish(ctx context.Context, public string) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.rebuilds:
		}
		start := time.Now()
		m.Logger.Info("rebuilding the site after a publication")
		if err := m.buildSite(ctx, public, m.URL(), m.URL()); err != nil {
			m.Logger.Error("rebuild site", "error", err.Error())
			continue
		}
		if err := m.indexSite(ctx, m.index, public, false); err != nil {
			m.Logger.Error("re-index site", "error", err.Error())
		}
		m.rebuilt.Add(1)
		m.Logger.Info("site rebuilt", "duration_ms", time.Since(start).Milliseconds())
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

package backoffice

import (
	"context"
	"log/slog"
	"time"

	"github.com/cepaim/senderos"
)

// Config is what the back-office is built from. Every service is needed.
type Config struct {
	Staff       senderos.StaffService
	Sessions    senderos.SessionService
	Audit       senderos.AuditService
	Submissions senderos.SubmissionService
	Profiles    senderos.ProfileService
	// Places names regions and provinces in the families' records and
	// filters; nil shows their codes.
	Places senderos.PlaceService
	// Cases and Family serve the private links to families' own pages;
	// without them the back-office offers none.
	Cases  senderos.CaseService
	Family senderos.FamilyService
	// MailFamily e-mails a family its link; nil when no SMTP server is
	// configured.
	MailFamily MailFamily

	// FormKey (at least 32 bytes) is the configured key from which the
	// keys signing staff logins and set-up secrets, and keying the hash
	// of client addresses in login locks, are derived (web.DeriveKey);
	// replicas must share it. The API derives its own from the same key.
	FormKey []byte
	// TrustedProxies is how many proxies stand between the clients and
	// the back-office, whose X-Forwarded-For entries are believed; 0
	// takes the connection's address.
	TrustedProxies int
	// OnPublish is called after a municipality profile is published or
	// changed (rebuild the site, call a build hook); nil does nothing.
	OnPublish func(ctx context.Context)
	// SessionIdle and SessionMax bound a staff session (30 minutes and
	// 12 hours if zero).
	SessionIdle, SessionMax time.Duration
	// PublicURL is the portal's public address (https://host), from which
	// the back-office makes set-up links; empty, it makes none.
	PublicURL string
	// SecureCookies marks the back-office cookies Secure (behind HTTPS).
	SecureCookies bool

	Logger *slog.Logger
	Now    func() time.Time
}

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
	// Cases, Warnings and Families keep the families' cases: the
	// itinerary, visits, follow-ups, warnings and the work queue, and the
	// family's feedback. Nil leaves the case pages out and the home a
	// plain menu.
	Cases    senderos.CaseService
	Warnings senderos.WarningService
	Families senderos.FamilyService
	// Offers, Matches and Villages keep the villages' job offers, homes
	// and facts, the matching's pool and proposals, and the villages'
	// links and changes. Nil (any of them) leaves the village and
	// matching pages out.
	Offers   senderos.OfferService
	Matches  senderos.MatchService
	Villages senderos.VillageService

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
	// MailFamily e-mails a family the link to its own page over the
	// configured SMTP server; nil when there is none.
	MailFamily MailFamily
	// SecureCookies marks the back-office cookies Secure (behind HTTPS).
	SecureCookies bool
	// Indicators computes the dashboard's figures, ESF keeps the
	// participants' European Social Fund data and its report. Nil leaves
	// the dashboard, or the ESF pages, out.
	Indicators senderos.IndicatorService
	ESF        senderos.ESFService

	Logger *slog.Logger
	Now    func() time.Time
}

package senderos

import (
	"context"
	"time"
)

// AuditEntry is one line of the append-only audit log: who did what to
// which record, and whether it worked. It names records by reference and
// never holds their personal data.
type AuditEntry struct {
	ID      int64
	At      time.Time
	StaffID int64  // 0 when nobody is logged in (a failed login)
	Actor   string // the account's e-mail, or what identifies the attempt
	Action  string // one of the Audit* actions
	Target  string // e.g. a submission reference or "staff:12"
	Outcome string // "ok", "denied" or "failed"
	Detail  string // e.g. "new → contacted"; never personal data
}

// Audit actions.
const (
	AuditLogin      = "login"
	AuditLogout     = "logout"
	AuditSetup      = "account.setup"
	AuditStaffAdd   = "account.create"
	AuditStaffEdit  = "account.update"
	AuditView       = "record.view"
	AuditList       = "record.list"
	AuditChange     = "record.change"
	AuditExport     = "record.export"
	AuditErase      = "record.erase"
	AuditPublish    = "municipality.publish"
	AuditPurge      = "records.purge"
	AuditAuditView  = "audit.view"
	AuditJobOffer   = "municipality.job"
	AuditDeniedView = "record.denied"
	// AuditSiteBuild is the outcome of rebuilding the public site after a
	// publication (the local build, or the build hook): recorded by the
	// program, not by a person.
	AuditSiteBuild = "site.build"
)

// Audit outcomes.
const (
	OutcomeOK     = "ok"
	OutcomeDenied = "denied"
	OutcomeFailed = "failed"
)

// AuditFilter selects audit entries.
type AuditFilter struct {
	StaffID int64
	Action  string
	Target  string
	Limit   int
	Offset  int
}

// AuditService keeps the audit log. Entries can be added and read, never
// changed or deleted.
type AuditService interface {
	// RecordAudit appends e and sets its ID (and At, if zero).
	RecordAudit(ctx context.Context, e *AuditEntry) error
	// FindAudit lists entries, newest first.
	FindAudit(ctx context.Context, filter AuditFilter) ([]*AuditEntry, error)
}

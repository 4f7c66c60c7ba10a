package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// Ensure NotificationService implements the domain interface.
var _ senderos.NotificationService = (*NotificationService)(nil)

// NotificationService is the outbox of staff notifications in a DB. The
// submissions' group commit writes into it (see insertRow).
type NotificationService struct {
	db *DB
}

// NewNotificationService returns a NotificationService on db.
func NewNotificationService(db *DB) *NotificationService {
	return &NotificationService{db: db}
}

// ClaimNotifications returns up to limit notifications due at now, oldest
// first, and holds them until now+lease. The claim is one write
// transaction, which takes SQLite's write lock when it begins, so two
// processes on one file cannot claim the same row; in PostgreSQL the rows
// are locked as they are picked, and replicas claiming at once pass over
// those another is taking (Dialect.SkipLocked).
func (svc *NotificationService) ClaimNotifications(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*senderos.Notification, error) {
	tx, err := svc.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, svc.db.errorf("claim notifications", err)
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, `SELECT n.id, n.submission_id, s.kind, s.reference, n.attempts, n.created_at
		FROM notifications n JOIN submissions s ON s.id = n.submission_id
		WHERE n.sent_at IS NULL AND n.due_at <= ? AND s.blocked_at IS NULL
		ORDER BY n.due_at, n.id LIMIT ?`+svc.db.dialect.SkipLocked, now, max(limit, 1))
	if err != nil {
		return nil, svc.db.errorf("claim notifications", err)
	}
	var (
		ns  []*senderos.Notification
		ids []string
	)
	for rows.Next() {
		var n senderos.Notification
		var kind string
		if err := rows.Scan(&n.ID, &n.SubmissionID, &kind, &n.Reference, &n.Attempts, at(&n.CreatedAt)); err != nil {
			rows.Close()
			return nil, svc.db.errorf("claim notifications", err)
		}
		n.Kind, n.Attempts = senderos.Kind(kind), n.Attempts+1
		ns = append(ns, &n)
		ids = append(ids, fmt.Sprint(n.ID))
	}
	if err := rows.Close(); err != nil {
		return nil, svc.db.errorf("claim notifications", err)
	}
	if err := rows.Err(); err != nil {
		return nil, svc.db.errorf("claim notifications", err)
	}
	if len(ns) == 0 {
		return nil, nil
	}
	// The ids are integers read from the database, safe to inline.
	if _, err := tx.ExecContext(ctx, `UPDATE notifications SET due_at = ?, attempts = attempts + 1
		WHERE id IN (`+strings.Join(ids, ",")+`)`, now.Add(lease)); err != nil {
		return nil, svc.db.errorf("claim notifications", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, svc.db.errorf("claim notifications", err)
	}
	return ns, nil
}

// MarkNotificationSent records that notification id was sent at at.
// Returns ENOTFOUND if there is none.
func (svc *NotificationService) MarkNotificationSent(ctx context.Context, id int64, at time.Time) error {
	return svc.update(ctx, "mark notification sent",
		`UPDATE notifications SET sent_at = ?, last_error = '' WHERE id = ?`, at, id)
}

// RetryNotification records why sending notification id failed and when
// to try again. Returns ENOTFOUND if there is none.
func (svc *NotificationService) RetryNotification(ctx context.Context, id int64, retryAt time.Time, reason string) error {
	return svc.update(ctx, "retry notification",
		`UPDATE notifications SET due_at = ?, last_error = ? WHERE id = ? AND sent_at IS NULL`,
		retryAt, record.Reason(reason), id)
}

// update runs one statement changing one notification, or returns
// ENOTFOUND if it changed none.
func (svc *NotificationService) update(ctx context.Context, what, query string, args ...any) error {
	res, err := svc.db.write.ExecContext(ctx, query, args...)
	if err != nil {
		return svc.db.errorf(what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return svc.db.errorf(what, err)
	} else if n == 0 {
		return senderos.Errorf(senderos.ENOTFOUND, "Notification not found.")
	}
	return nil
}

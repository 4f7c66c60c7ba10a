package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/jackc/pgx/v5"
)

// Ensure NotificationService implements the domain interface.
var _ senderos.NotificationService = (*NotificationService)(nil)

// NotificationService is the outbox of staff notifications in a DB. The
// submissions' group commit writes into it (see insertNotifying).
type NotificationService struct {
	db *DB
}

// NewNotificationService returns a NotificationService on db.
func NewNotificationService(db *DB) *NotificationService {
	return &NotificationService{db: db}
}

// ClaimNotifications returns up to limit notifications due at now, oldest
// first, and holds them until now+lease. It is one statement: the rows are
// locked as they are picked, and FOR UPDATE SKIP LOCKED makes a replica
// claiming at the same time pass over those another is taking instead of
// waiting for them and taking them too.
func (svc *NotificationService) ClaimNotifications(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*senderos.Notification, error) {
	rows, err := svc.db.pool.Query(ctx, `UPDATE notifications n SET due_at = $2, attempts = n.attempts + 1
		FROM submissions s
		WHERE s.id = n.submission_id AND n.id IN (
			SELECT c.id FROM notifications c JOIN submissions cs ON cs.id = c.submission_id
			WHERE c.sent_at IS NULL AND c.due_at <= $1 AND cs.blocked_at IS NULL
			ORDER BY c.due_at, c.id LIMIT $3
			FOR UPDATE OF c SKIP LOCKED)
		RETURNING n.id, n.submission_id, s.kind, s.reference, n.attempts, n.created_at`,
		record.Time(now), record.Time(now.Add(lease)), max(limit, 1))
	if err != nil {
		return nil, fmt.Errorf("postgres: claim notifications: %w", err)
	}
	ns, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*senderos.Notification, error) {
		var n senderos.Notification
		var kind string
		if err := row.Scan(&n.ID, &n.SubmissionID, &kind, &n.Reference, &n.Attempts, &n.CreatedAt); err != nil {
			return nil, err
		}
		n.Kind, n.CreatedAt = senderos.Kind(kind), n.CreatedAt.UTC()
		return &n, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: claim notifications: %w", err)
	}
	// RETURNING keeps no order: oldest first, as SQLite answers.
	slices.SortFunc(ns, func(a, b *senderos.Notification) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return ns, nil
}

// MarkNotificationSent records that notification id was sent at at.
// Returns ENOTFOUND if there is none.
func (svc *NotificationService) MarkNotificationSent(ctx context.Context, id int64, at time.Time) error {
	return svc.update(ctx, "mark notification sent",
		`UPDATE notifications SET sent_at = $1, last_error = '' WHERE id = $2`, record.Time(at), id)
}

// RetryNotification records why sending notification id failed and when
// to try again. Returns ENOTFOUND if there is none.
func (svc *NotificationService) RetryNotification(ctx context.Context, id int64, retryAt time.Time, reason string) error {
	return svc.update(ctx, "retry notification",
		`UPDATE notifications SET due_at = $1, last_error = $2 WHERE id = $3 AND sent_at IS NULL`,
		record.Time(retryAt), record.Reason(reason), id)
}

// update runs one statement changing one notification, or returns
// ENOTFOUND if it changed none.
func (svc *NotificationService) update(ctx context.Context, what, query string, args ...any) error {
	tag, err := svc.db.pool.Exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("postgres: %s: %w", what, err)
	} else if tag.RowsAffected() == 0 {
		return senderos.Errorf(senderos.ENOTFOUND, "Notification not found.")
	}
	return nil
}

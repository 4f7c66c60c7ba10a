package senderos

import (
	"context"
	"time"
)

// Notification is a staff notification waiting in the outbox: that a new
// submission arrived. CreateSubmission queues it in the transaction that
// stores the submission, so that a crash before it is sent loses nothing;
// a sender then claims it, sends it and marks it sent. It names the
// submission and nothing personal: its kind and reference, for a message
// that says them and links to the record.
type Notification struct {
	ID           int64
	SubmissionID int64
	Kind         Kind
	Reference    string
	// Attempts counts the claims, this one included.
	Attempts  int
	CreatedAt time.Time
}

// Submission returns what a Notifier needs to announce n: the kind,
// reference and id of its submission, nothing else.
func (n *Notification) Submission() *Submission {
	return &Submission{ID: n.SubmissionID, Kind: n.Kind, Reference: n.Reference, Status: StatusNew}
}

// NotificationService is the outbox of staff notifications. Several
// processes may send from one database: a claimed notification is held
// for the claimer alone until its lease ends.
type NotificationService interface {
	// ClaimNotifications returns up to limit notifications not yet sent
	// and due at now, oldest first, and holds them until now+lease:
	// meanwhile no other call, here or in another process, returns them.
	// A notification whose sender died is claimed again once its lease
	// has ended. Notifications of blocked submissions are not returned.
	ClaimNotifications(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*Notification, error)

	// MarkNotificationSent records that notification id was sent at at;
	// it is never claimed again. Returns ENOTFOUND if there is none.
	MarkNotificationSent(ctx context.Context, id int64, at time.Time) error

	// RetryNotification records why sending notification id failed
	// (text with no personal data) and when to try again. Returns
	// ENOTFOUND if there is none.
	RetryNotification(ctx context.Context, id int64, retryAt time.Time, reason string) error
}

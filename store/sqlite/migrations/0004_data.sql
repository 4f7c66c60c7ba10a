-- Issue 9, items 11 and 12.
--
-- The staff notification of a new submission is queued in this outbox in the
-- transaction that stores the submission, and sent from it with retries, so
-- that a crash between the commit and the e-mail loses nothing. A row names
-- its submission only: the message says its kind, reference and link.
CREATE TABLE notifications (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	created_at    TEXT NOT NULL,
	due_at        TEXT NOT NULL, -- the next attempt, or until when a sender holds it
	attempts      INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT '',
	sent_at       TEXT
) STRICT;

CREATE INDEX notifications_due_idx ON notifications (due_at) WHERE sent_at IS NULL;
CREATE INDEX notifications_submission_idx ON notifications (submission_id);

-- The duplicate-form key of a form sent without JavaScript was an unsalted
-- SHA-256 of the whole form, name and e-mail included, which a guess can be
-- checked against. Keys are now a MAC under a secret ("hmac:"); the old ones
-- go. A form sent again that was first sent before this migration is
-- stored twice.
UPDATE submissions SET idempotency_key = NULL WHERE idempotency_key LIKE 'sha256:%';

-- A family's languages and children's ages and stages move from the clear
-- data column into the sealed part; that needs the data keys, so Open does
-- it (record.NeedsReseal).

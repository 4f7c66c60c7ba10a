-- Submissions: what the forms send. Times are UTC text in one fixed-width
-- layout (2006-01-02T15:04:05.000000Z) so that comparing text compares time.
CREATE TABLE submissions (
	id                      INTEGER PRIMARY KEY AUTOINCREMENT, -- never reuse the id of a deleted row
	reference               TEXT NOT NULL UNIQUE,
	kind                    TEXT NOT NULL,
	lang                    TEXT NOT NULL,
	status                  TEXT NOT NULL,
	spam_reason             TEXT NOT NULL DEFAULT '',
	expires_at              TEXT,
	idempotency_key         TEXT UNIQUE,
	consent_privacy_version TEXT NOT NULL,
	consent_lang            TEXT NOT NULL,
	consent_at              TEXT NOT NULL,
	created_at              TEXT NOT NULL,
	data                    TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

CREATE INDEX submissions_kind_status_created_idx ON submissions (kind, status, created_at);
CREATE INDEX submissions_status_created_idx ON submissions (status, created_at);
CREATE INDEX submissions_expiry_idx ON submissions (status, expires_at) WHERE expires_at IS NOT NULL;

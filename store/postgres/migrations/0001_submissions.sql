-- Submissions: what the forms send.
CREATE TABLE submissions (
	id                      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	reference               TEXT NOT NULL UNIQUE,
	kind                    TEXT NOT NULL,
	lang                    TEXT NOT NULL,
	status                  TEXT NOT NULL,
	spam_reason             TEXT NOT NULL DEFAULT '',
	expires_at              TIMESTAMPTZ,
	idempotency_key         TEXT UNIQUE,
	consent_privacy_version TEXT NOT NULL,
	consent_lang            TEXT NOT NULL,
	consent_at              TIMESTAMPTZ NOT NULL,
	created_at              TIMESTAMPTZ NOT NULL,
	data                    JSONB NOT NULL
);

CREATE INDEX submissions_kind_status_created_idx ON submissions (kind, status, created_at);
CREATE INDEX submissions_status_created_idx ON submissions (status, created_at);
CREATE INDEX submissions_expiry_idx ON submissions (status, expires_at) WHERE expires_at IS NOT NULL;

-- The staff back-office: accounts, sessions, each record's history and
-- assignee, published municipality profiles and an append-only audit log.
-- Columns named sealed, note and totp_secret hold values sealed with
-- AES-GCM (see store/seal); the rows of 0001 are sealed by Open.
CREATE TABLE staff (
	id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email            TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
	name             TEXT NOT NULL,
	role             TEXT NOT NULL,
	lang             TEXT NOT NULL,
	password_hash    TEXT NOT NULL DEFAULT '',
	totp_secret      BYTEA,
	totp_last_step   BIGINT NOT NULL DEFAULT 0,
	setup_token_hash TEXT UNIQUE,
	setup_expires_at TIMESTAMPTZ,
	disabled         BOOLEAN NOT NULL DEFAULT FALSE,
	failed_logins    INTEGER NOT NULL DEFAULT 0,
	locked_until     TIMESTAMPTZ,
	created_at       TIMESTAMPTZ NOT NULL,
	updated_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
	token_hash   TEXT PRIMARY KEY,
	staff_id     BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
	csrf_token   TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL,
	last_seen_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX sessions_staff_idx ON sessions (staff_id);
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);

ALTER TABLE submissions
	ADD COLUMN updated_at TIMESTAMPTZ,
	ADD COLUMN assignee_id BIGINT REFERENCES staff (id),
	ADD COLUMN blocked_at TIMESTAMPTZ,
	ADD COLUMN sealed BYTEA;
UPDATE submissions SET updated_at = created_at;
ALTER TABLE submissions ALTER COLUMN updated_at SET NOT NULL;

CREATE INDEX submissions_assignee_idx ON submissions (assignee_id, created_at);
CREATE INDEX submissions_blocked_idx ON submissions (blocked_at) WHERE blocked_at IS NOT NULL;
CREATE INDEX submissions_updated_idx ON submissions (updated_at);

CREATE TABLE events (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	at            TIMESTAMPTZ NOT NULL,
	staff_id      BIGINT REFERENCES staff (id),
	type          TEXT NOT NULL,
	from_value    TEXT NOT NULL DEFAULT '',
	to_value      TEXT NOT NULL DEFAULT '',
	note          BYTEA
);

CREATE INDEX events_submission_idx ON events (submission_id, id);

CREATE TABLE profiles (
	code          TEXT PRIMARY KEY,
	submission_id BIGINT REFERENCES submissions (id) ON DELETE SET NULL,
	data          JSONB NOT NULL,
	published_at  TIMESTAMPTZ NOT NULL,
	updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
	id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at       TIMESTAMPTZ NOT NULL,
	staff_id BIGINT,
	actor    TEXT NOT NULL,
	action   TEXT NOT NULL,
	target   TEXT NOT NULL DEFAULT '',
	outcome  TEXT NOT NULL,
	detail   TEXT NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_staff_idx ON audit_log (staff_id, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_target_idx ON audit_log (target, id);

-- The audit log is append-only: nothing may change, remove or truncate an
-- entry.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

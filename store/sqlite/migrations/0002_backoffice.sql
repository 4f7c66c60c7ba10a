-- The staff back-office: accounts, sessions, each record's history and
-- assignee, published municipality profiles and an append-only audit log.
-- Columns named sealed, note and totp_secret hold values sealed with
-- AES-GCM (see store/seal); the rows of 0001 are sealed by Open.
CREATE TABLE staff (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	email            TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
	name             TEXT NOT NULL,
	role             TEXT NOT NULL,
	lang             TEXT NOT NULL,
	password_hash    TEXT NOT NULL DEFAULT '',
	totp_secret      BLOB,
	totp_last_step   INTEGER NOT NULL DEFAULT 0,
	setup_token_hash TEXT,
	setup_expires_at TEXT,
	disabled         INTEGER NOT NULL DEFAULT 0,
	failed_logins    INTEGER NOT NULL DEFAULT 0,
	locked_until     TEXT,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX staff_setup_token_idx ON staff (setup_token_hash) WHERE setup_token_hash IS NOT NULL;

CREATE TABLE sessions (
	token_hash   TEXT PRIMARY KEY,
	staff_id     INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
	csrf_token   TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_staff_idx ON sessions (staff_id);
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);

ALTER TABLE submissions ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN assignee_id INTEGER REFERENCES staff (id);
ALTER TABLE submissions ADD COLUMN blocked_at TEXT;
ALTER TABLE submissions ADD COLUMN sealed BLOB;
UPDATE submissions SET updated_at = created_at;

CREATE INDEX submissions_assignee_idx ON submissions (assignee_id, created_at);
CREATE INDEX submissions_blocked_idx ON submissions (blocked_at) WHERE blocked_at IS NOT NULL;
CREATE INDEX submissions_updated_idx ON submissions (updated_at);

CREATE TABLE events (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	at            TEXT NOT NULL,
	staff_id      INTEGER REFERENCES staff (id),
	type          TEXT NOT NULL,
	from_value    TEXT NOT NULL DEFAULT '',
	to_value      TEXT NOT NULL DEFAULT '',
	note          BLOB
) STRICT;

CREATE INDEX events_submission_idx ON events (submission_id, id);

CREATE TABLE profiles (
	code          TEXT PRIMARY KEY,
	submission_id INTEGER REFERENCES submissions (id) ON DELETE SET NULL,
	data          TEXT NOT NULL CHECK (json_valid(data)),
	published_at  TEXT NOT NULL,
	updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	at       TEXT NOT NULL,
	staff_id INTEGER,
	actor    TEXT NOT NULL,
	action   TEXT NOT NULL,
	target   TEXT NOT NULL DEFAULT '',
	outcome  TEXT NOT NULL,
	detail   TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_staff_idx ON audit_log (staff_id, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_target_idx ON audit_log (target, id);

-- The audit log is append-only: nothing may change or remove an entry.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

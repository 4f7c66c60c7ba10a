-- Issue 9, items 1 to 4.
--
-- Failed logins are counted per account and client address (a keyed hash of
-- it, never the address itself), in one row updated atomically, so that
-- concurrent failures are all counted and an attacker's failures lock out
-- the attacker's address, not the account's owner. Locks are temporary:
-- the account-wide lock column goes (an account locked "until an admin
-- unlocks it" by the old rule is unlocked by this migration).
CREATE TABLE login_locks (
	staff_id       BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
	addr           TEXT NOT NULL,
	failures       INTEGER NOT NULL,
	last_failed_at TIMESTAMPTZ NOT NULL,
	locked_until   TIMESTAMPTZ,
	PRIMARY KEY (staff_id, addr)
);

ALTER TABLE staff DROP COLUMN locked_until;

-- Issue 14, "Indicators": the European Social Fund's data per participant.
--
-- One row per member of a case's household who takes part. What the ESF+
-- common indicators need at entry, at exit and six months later holds
-- special categories of personal data (disability, minority, foreign
-- background): all of it is sealed with AES-GCM in the column sealed. Only
-- the days a report selects on stay clear. The row hangs from its case by
-- ON DELETE CASCADE, and a report reads only cases whose record is not
-- erased (cases.blocked_at).
CREATE TABLE esf_participants (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	member     INTEGER NOT NULL CHECK (member >= 1),
	entry_on   TEXT CHECK (date(entry_on) IS entry_on),
	exit_on    TEXT CHECK (date(exit_on) IS exit_on),
	later_on   TEXT CHECK (date(later_on) IS later_on),
	updated_at TEXT NOT NULL,
	updated_by INTEGER REFERENCES staff (id),
	sealed     BLOB NOT NULL,
	UNIQUE (case_id, member)
) STRICT;

CREATE INDEX esf_participants_entry_idx ON esf_participants (entry_on);
CREATE INDEX esf_participants_exit_idx ON esf_participants (exit_on);
CREATE INDEX esf_participants_later_idx ON esf_participants (later_on);

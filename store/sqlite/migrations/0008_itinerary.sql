-- Issue 12, "The itinerary".
--
-- A family's case, its itinerary (revisions of goals and tasks, and the
-- family's agreement to each), field visits, follow-ups after the move,
-- early warnings, the family's feedback and its private links.
--
-- Everything hangs from the case, and the case from its submission, by
-- ON DELETE CASCADE: erasing a record blocks the submission, which hides its
-- case everywhere, and purging it deletes the case with all of this. What
-- people typed or told (the interview, the household, goals' texts, visits'
-- notes, comments, why a revision was made, how a warning was closed) is
-- sealed with AES-GCM (see store/seal) in the columns named sealed, why,
-- note, close_note and comment. Only what the work queue, the warnings and
-- the counts filter on stays clear: statuses, days, areas and phases, who is
-- responsible, the closed answers of a follow-up's check, the scores.
--
-- Times are UTC text in the layout of 0001; days (due days, the move, a
-- visit) are text in the form 2006-01-02, so that comparing text compares
-- days. The technician of a case is its submission's assignee, copied
-- onto the case (see cases_follow_submission): the work queue finds a
-- technician's cases through cases_assignee_idx, then their due days
-- through the indexes below.
CREATE TABLE cases (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	submission_id     INTEGER NOT NULL UNIQUE REFERENCES submissions (id) ON DELETE CASCADE,
	opened_at         TEXT NOT NULL,
	opened_by         INTEGER REFERENCES staff (id),
	assignee_id       INTEGER REFERENCES staff (id), -- the submission's, kept by cases_follow_submission
	blocked_at        TEXT, -- the submission's, kept by cases_follow_submission
	interview_on      TEXT CHECK (date(interview_on) IS interview_on),
	moved_on          TEXT CHECK (date(moved_on) IS moved_on),
	municipality_code TEXT NOT NULL DEFAULT '', -- INE code of the village, once known
	last_contact_at   TEXT,
	closed_at         TEXT,
	updated_at        TEXT NOT NULL,
	sealed            BLOB -- the interview and the household's members
) STRICT;

CREATE INDEX cases_open_idx ON cases (last_contact_at) WHERE closed_at IS NULL;
CREATE INDEX cases_moved_idx ON cases (moved_on) WHERE moved_on IS NOT NULL;

-- A case carries its submission's assignee and blocking, copied by this
-- trigger whatever changes them: the work queue and the warnings count a
-- technician's cases from the cases alone, without reading the wide rows
-- of submissions (whose assignee_id and blocked_at, added by 0002, come
-- after the payload).
CREATE TRIGGER cases_follow_submission AFTER UPDATE OF assignee_id, blocked_at ON submissions
BEGIN
	UPDATE cases SET assignee_id = NEW.assignee_id, blocked_at = NEW.blocked_at WHERE submission_id = NEW.id;
END;

CREATE INDEX cases_assignee_idx ON cases (assignee_id) WHERE blocked_at IS NULL AND closed_at IS NULL;

-- Each change of an itinerary is a new revision; the one it replaces gets
-- superseded_at and is never changed again. A case has one current
-- revision at most: of two staff revising one revision at once, one wins.
CREATE TABLE itinerary_revisions (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id       INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	number        INTEGER NOT NULL CHECK (number >= 1),
	staff_id      INTEGER REFERENCES staff (id),
	at            TEXT NOT NULL,
	superseded_at TEXT,
	why           BLOB,
	UNIQUE (case_id, number)
) STRICT;

CREATE UNIQUE INDEX itinerary_revisions_current_idx ON itinerary_revisions (case_id) WHERE superseded_at IS NULL;

-- A revision's goals. A goal's number names it in its case across
-- revisions (visits and warnings point to it by number); current marks the
-- goals of the case's current revision, which the work queue reads.
CREATE TABLE goals (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	revision_id INTEGER NOT NULL REFERENCES itinerary_revisions (id) ON DELETE CASCADE,
	case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	number      INTEGER NOT NULL CHECK (number >= 1),
	current     INTEGER NOT NULL CHECK (current IN (0, 1)),
	phase       TEXT NOT NULL,
	area        TEXT NOT NULL,
	responsible TEXT NOT NULL,
	status      TEXT NOT NULL,
	due_on      TEXT NOT NULL CHECK (date(due_on) IS due_on),
	sealed      BLOB NOT NULL, -- what, starting point, target, measure, evidence
	UNIQUE (revision_id, number)
) STRICT;

CREATE INDEX goals_revision_idx ON goals (revision_id, number);
CREATE INDEX goals_open_case_idx ON goals (case_id, due_on) WHERE current AND status NOT IN ('achieved', 'dropped');
CREATE INDEX goals_open_due_idx ON goals (due_on, case_id) WHERE current AND status NOT IN ('achieved', 'dropped');

-- A revision's tasks, numbered like goals.
CREATE TABLE tasks (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	revision_id INTEGER NOT NULL REFERENCES itinerary_revisions (id) ON DELETE CASCADE,
	case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	number      INTEGER NOT NULL CHECK (number >= 1),
	current     INTEGER NOT NULL CHECK (current IN (0, 1)),
	phase       TEXT NOT NULL,
	owner       TEXT NOT NULL,
	due_on      TEXT NOT NULL CHECK (date(due_on) IS due_on),
	done        INTEGER NOT NULL CHECK (done IN (0, 1)),
	sealed      BLOB NOT NULL, -- what
	UNIQUE (revision_id, number)
) STRICT;

CREATE INDEX tasks_revision_idx ON tasks (revision_id, number);
CREATE INDEX tasks_open_case_idx ON tasks (case_id, due_on) WHERE current AND NOT done;
CREATE INDEX tasks_open_due_idx ON tasks (due_on, case_id) WHERE current AND NOT done;

-- The family's agreement to a revision: one per revision.
CREATE TABLE agreements (
	revision_id INTEGER PRIMARY KEY REFERENCES itinerary_revisions (id) ON DELETE CASCADE,
	case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	agreed_on   TEXT NOT NULL CHECK (date(agreed_on) IS agreed_on),
	how         TEXT NOT NULL,
	recorded_by INTEGER REFERENCES staff (id),
	recorded_at TEXT NOT NULL
) STRICT;

CREATE INDEX agreements_case_idx ON agreements (case_id);

-- Field visits, planned (not done yet) or done.
CREATE TABLE visits (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	visit_on    TEXT NOT NULL CHECK (date(visit_on) IS visit_on),
	done        INTEGER NOT NULL CHECK (done IN (0, 1)),
	recorded_by INTEGER REFERENCES staff (id),
	recorded_at TEXT NOT NULL,
	sealed      BLOB NOT NULL -- place, participants, outcome, next steps
) STRICT;

CREATE INDEX visits_case_idx ON visits (case_id, visit_on);
CREATE INDEX visits_planned_idx ON visits (visit_on, case_id) WHERE NOT done;

-- The goals a visit serves, by number (see goals).
CREATE TABLE visit_goals (
	visit_id    INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
	goal_number INTEGER NOT NULL CHECK (goal_number >= 1),
	PRIMARY KEY (visit_id, goal_number)
) STRICT, WITHOUT ROWID;

-- Follow-ups, scheduled when the family moves (one per month of the
-- schedule, which is configuration: each row keeps its month), and their
-- check once done. The check's answers are closed lists and stay clear for
-- the warnings and the counts; its note is sealed.
CREATE TABLE followups (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id         INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	month           INTEGER NOT NULL CHECK (month BETWEEN 1 AND 24),
	due_on          TEXT NOT NULL CHECK (date(due_on) IS due_on),
	done_on         TEXT CHECK (date(done_on) IS done_on),
	staff_id        INTEGER REFERENCES staff (id),
	recorded_at     TEXT,
	work            TEXT,
	housing         TEXT,
	school          TEXT,
	health_care     TEXT,
	neighbours      TEXT,
	spanish         TEXT,
	job_lost        INTEGER CHECK (job_lost IN (0, 1)),
	housing_problem INTEGER CHECK (housing_problem IN (0, 1)),
	intends_to_stay TEXT,
	good_decision   TEXT,
	note            BLOB,
	UNIQUE (case_id, month)
) STRICT;

CREATE INDEX followups_pending_idx ON followups (due_on, case_id) WHERE done_on IS NULL;

-- Early warnings. The unique key is the warning's Key: raised by several
-- replicas at once (INSERT … ON CONFLICT DO NOTHING), a warning is stored
-- once, and closed it is not raised again. why holds days, a count of days
-- and an answer from a closed list, nothing typed.
CREATE TABLE warnings (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	kind         TEXT NOT NULL,
	subject_kind TEXT NOT NULL,
	subject_id   INTEGER NOT NULL,
	since_on     TEXT NOT NULL CHECK (date(since_on) IS since_on),
	why          TEXT NOT NULL CHECK (json_valid(why)),
	raised_at    TEXT NOT NULL,
	closed_at    TEXT,
	closed_by    INTEGER REFERENCES staff (id),
	close_note   BLOB,
	UNIQUE (case_id, kind, subject_kind, subject_id, since_on)
) STRICT;

CREATE INDEX warnings_open_case_idx ON warnings (case_id, raised_at) WHERE closed_at IS NULL;
CREATE INDEX warnings_open_idx ON warnings (raised_at, case_id) WHERE closed_at IS NULL;

-- The family's feedback, from its page or taken on a call; scores 1 to 5,
-- NULL when not answered.
CREATE TABLE feedback (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id       INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	at            TEXT NOT NULL,
	channel       TEXT NOT NULL,
	staff_id      INTEGER REFERENCES staff (id),
	support       INTEGER CHECK (support BETWEEN 1 AND 5),
	information   INTEGER CHECK (information BETWEEN 1 AND 5),
	training      INTEGER CHECK (training BETWEEN 1 AND 5),
	village       INTEGER CHECK (village BETWEEN 1 AND 5),
	month         INTEGER CHECK (month BETWEEN 1 AND 24),
	good_decision TEXT,
	comment       BLOB
) STRICT;

CREATE INDEX feedback_case_idx ON feedback (case_id, at);

-- The family's private links: only the token's SHA-256 is kept.
CREATE TABLE family_links (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_by INTEGER REFERENCES staff (id),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	revoked_at TEXT
) STRICT;

CREATE INDEX family_links_case_idx ON family_links (case_id, created_at);

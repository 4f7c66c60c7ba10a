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
-- Days (due days, the move, a visit) are DATE. The technician of a case is
-- its submission's assignee, copied onto the case (see
-- cases_follow_submission): the work queue finds a technician's cases
-- through cases_assignee_idx, then their due days through the indexes
-- below.
CREATE TABLE cases (
	id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	submission_id     BIGINT NOT NULL UNIQUE REFERENCES submissions (id) ON DELETE CASCADE,
	opened_at         TIMESTAMPTZ NOT NULL,
	opened_by         BIGINT REFERENCES staff (id),
	assignee_id       BIGINT REFERENCES staff (id), -- the submission's, kept by cases_follow_submission
	blocked_at        TIMESTAMPTZ, -- the submission's, kept by cases_follow_submission
	interview_on      DATE,
	moved_on          DATE,
	municipality_code TEXT NOT NULL DEFAULT '', -- INE code of the village, once known
	last_contact_at   TIMESTAMPTZ,
	closed_at         TIMESTAMPTZ,
	updated_at        TIMESTAMPTZ NOT NULL,
	sealed            BYTEA -- the interview and the household's members
);

CREATE INDEX cases_open_idx ON cases (last_contact_at) WHERE closed_at IS NULL;
CREATE INDEX cases_moved_idx ON cases (moved_on) WHERE moved_on IS NOT NULL;

-- A case carries its submission's assignee and blocking, copied by this
-- trigger whatever changes them: the work queue and the warnings count a
-- technician's cases from the cases alone, without reading the wide rows
-- of submissions.
CREATE FUNCTION cases_follow_submission() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE cases SET assignee_id = NEW.assignee_id, blocked_at = NEW.blocked_at WHERE submission_id = NEW.id;
	RETURN NULL;
END;
$$;

CREATE TRIGGER cases_follow_submission AFTER UPDATE OF assignee_id, blocked_at ON submissions
	FOR EACH ROW WHEN (OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.blocked_at IS DISTINCT FROM NEW.blocked_at)
	EXECUTE FUNCTION cases_follow_submission();

CREATE INDEX cases_assignee_idx ON cases (assignee_id) WHERE blocked_at IS NULL AND closed_at IS NULL;

-- Each change of an itinerary is a new revision; the one it replaces gets
-- superseded_at and is never changed again. A case has one current
-- revision at most: of two staff revising one revision at once, one wins.
CREATE TABLE itinerary_revisions (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id       BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	number        INTEGER NOT NULL CHECK (number >= 1),
	staff_id      BIGINT REFERENCES staff (id),
	at            TIMESTAMPTZ NOT NULL,
	superseded_at TIMESTAMPTZ,
	why           BYTEA,
	UNIQUE (case_id, number)
);

CREATE UNIQUE INDEX itinerary_revisions_current_idx ON itinerary_revisions (case_id) WHERE superseded_at IS NULL;

-- A revision's goals. A goal's number names it in its case across
-- revisions (visits and warnings point to it by number); current marks the
-- goals of the case's current revision, which the work queue reads.
CREATE TABLE goals (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	revision_id BIGINT NOT NULL REFERENCES itinerary_revisions (id) ON DELETE CASCADE,
	case_id     BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	number      INTEGER NOT NULL CHECK (number >= 1),
	current     BOOLEAN NOT NULL,
	phase       TEXT NOT NULL,
	area        TEXT NOT NULL,
	responsible TEXT NOT NULL,
	status      TEXT NOT NULL,
	due_on      DATE NOT NULL,
	sealed      BYTEA NOT NULL, -- what, starting point, target, measure, evidence
	UNIQUE (revision_id, number)
);

CREATE INDEX goals_revision_idx ON goals (revision_id, number);
CREATE INDEX goals_open_case_idx ON goals (case_id, due_on) WHERE current AND status NOT IN ('achieved', 'dropped');
CREATE INDEX goals_open_due_idx ON goals (due_on, case_id) WHERE current AND status NOT IN ('achieved', 'dropped');

-- A revision's tasks, numbered like goals.
CREATE TABLE tasks (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	revision_id BIGINT NOT NULL REFERENCES itinerary_revisions (id) ON DELETE CASCADE,
	case_id     BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	number      INTEGER NOT NULL CHECK (number >= 1),
	current     BOOLEAN NOT NULL,
	phase       TEXT NOT NULL,
	owner       TEXT NOT NULL,
	due_on      DATE NOT NULL,
	done        BOOLEAN NOT NULL,
	sealed      BYTEA NOT NULL, -- what
	UNIQUE (revision_id, number)
);

CREATE INDEX tasks_revision_idx ON tasks (revision_id, number);
CREATE INDEX tasks_open_case_idx ON tasks (case_id, due_on) WHERE current AND NOT done;
CREATE INDEX tasks_open_due_idx ON tasks (due_on, case_id) WHERE current AND NOT done;

-- The family's agreement to a revision: one per revision.
CREATE TABLE agreements (
	revision_id BIGINT PRIMARY KEY REFERENCES itinerary_revisions (id) ON DELETE CASCADE,
	case_id     BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	agreed_on   DATE NOT NULL,
	how         TEXT NOT NULL,
	recorded_by BIGINT REFERENCES staff (id),
	recorded_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX agreements_case_idx ON agreements (case_id);

-- Field visits, planned (not done yet) or done.
CREATE TABLE visits (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id     BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	visit_on    DATE NOT NULL,
	done        BOOLEAN NOT NULL,
	recorded_by BIGINT REFERENCES staff (id),
	recorded_at TIMESTAMPTZ NOT NULL,
	sealed      BYTEA NOT NULL -- place, participants, outcome, next steps
);

CREATE INDEX visits_case_idx ON visits (case_id, visit_on);
CREATE INDEX visits_planned_idx ON visits (visit_on, case_id) WHERE NOT done;

-- The goals a visit serves, by number (see goals).
CREATE TABLE visit_goals (
	visit_id    BIGINT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
	goal_number INTEGER NOT NULL CHECK (goal_number >= 1),
	PRIMARY KEY (visit_id, goal_number)
);

-- Follow-ups, scheduled when the family moves (one per month of the
-- schedule, which is configuration: each row keeps its month), and their
-- check once done. The check's answers are closed lists and stay clear for
-- the warnings and the counts; its note is sealed.
CREATE TABLE followups (
	id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id         BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	month           INTEGER NOT NULL CHECK (month BETWEEN 1 AND 24),
	due_on          DATE NOT NULL,
	done_on         DATE,
	staff_id        BIGINT REFERENCES staff (id),
	recorded_at     TIMESTAMPTZ,
	work            TEXT,
	housing         TEXT,
	school          TEXT,
	health_care     TEXT,
	neighbours      TEXT,
	spanish         TEXT,
	job_lost        BOOLEAN,
	housing_problem BOOLEAN,
	intends_to_stay TEXT,
	good_decision   TEXT,
	note            BYTEA,
	UNIQUE (case_id, month)
);

CREATE INDEX followups_pending_idx ON followups (due_on, case_id) WHERE done_on IS NULL;

-- Early warnings. The unique key is the warning's Key: raised by several
-- replicas at once (INSERT … ON CONFLICT DO NOTHING), a warning is stored
-- once, and closed it is not raised again. why holds days, a count of days
-- and an answer from a closed list, nothing typed.
CREATE TABLE warnings (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id      BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	kind         TEXT NOT NULL,
	subject_kind TEXT NOT NULL,
	subject_id   BIGINT NOT NULL,
	since_on     DATE NOT NULL,
	why          JSONB NOT NULL,
	raised_at    TIMESTAMPTZ NOT NULL,
	closed_at    TIMESTAMPTZ,
	closed_by    BIGINT REFERENCES staff (id),
	close_note   BYTEA,
	UNIQUE (case_id, kind, subject_kind, subject_id, since_on)
);

CREATE INDEX warnings_open_case_idx ON warnings (case_id, raised_at) WHERE closed_at IS NULL;
CREATE INDEX warnings_open_idx ON warnings (raised_at, case_id) WHERE closed_at IS NULL;

-- The family's feedback, from its page or taken on a call; scores 1 to 5,
-- NULL when not answered.
CREATE TABLE feedback (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id       BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	at            TIMESTAMPTZ NOT NULL,
	channel       TEXT NOT NULL,
	staff_id      BIGINT REFERENCES staff (id),
	support       INTEGER CHECK (support BETWEEN 1 AND 5),
	information   INTEGER CHECK (information BETWEEN 1 AND 5),
	training      INTEGER CHECK (training BETWEEN 1 AND 5),
	village       INTEGER CHECK (village BETWEEN 1 AND 5),
	month         INTEGER CHECK (month BETWEEN 1 AND 24),
	good_decision TEXT,
	comment       BYTEA
);

CREATE INDEX feedback_case_idx ON feedback (case_id, at);

-- The family's private links: only the token's SHA-256 is kept.
CREATE TABLE family_links (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id    BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_by BIGINT REFERENCES staff (id),
	created_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL,
	revoked_at TIMESTAMPTZ
);

CREATE INDEX family_links_case_idx ON family_links (case_id, created_at);

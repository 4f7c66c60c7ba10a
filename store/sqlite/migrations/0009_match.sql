-- Issue 13, "The village side and the match".
--
-- Job offers and homes of approved municipalities, the villages' distances,
-- proposals of a bundle to a family's case and every party's answer, the
-- coordinator's weights, the villages' private links and the changes
-- proposed by them.
--
-- A job offer's contact person is personal: sealed (see store/seal) in
-- job_contacts.sealed, a row that hangs from the municipality's sign-up by
-- ON DELETE CASCADE, so that purging an erased sign-up destroys it, and an
-- erased sign-up's contacts are hidden at once (the store reads them only
-- while the sign-up is not blocked). The offers themselves hold nothing
-- personal and stay, for the proposals and the counts. A change proposed
-- by a village's link, and the link, hang from the sign-up the same way;
-- the contact of a job it proposes is sealed in village_changes.contact.
-- Answers' notes are sealed in proposal_responses.note.
--
-- Times are UTC text in the layout of 0001; days are text in the form
-- 2006-01-02.
CREATE TABLE jobs (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	municipality_code TEXT NOT NULL,
	submission_id    INTEGER REFERENCES submissions (id) ON DELETE SET NULL, -- the approved sign-up
	employer         TEXT NOT NULL,
	sector           TEXT NOT NULL,
	tasks            TEXT NOT NULL,
	contract         TEXT NOT NULL,
	hours_week       INTEGER NOT NULL,
	start_on         TEXT NOT NULL CHECK (date(start_on) IS start_on),
	pay_min          INTEGER NOT NULL,
	pay_max          INTEGER NOT NULL,
	vacancies        INTEGER NOT NULL CHECK (vacancies >= 1),
	proposed         INTEGER NOT NULL DEFAULT 0 CHECK (proposed >= 0),
	taken            INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),
	needs_licence    INTEGER NOT NULL CHECK (needs_licence IN (0, 1)),
	spanish_level    TEXT NOT NULL,
	needs_experience INTEGER NOT NULL CHECK (needs_experience IN (0, 1)),
	home_included    INTEGER NOT NULL CHECK (home_included IN (0, 1)),
	status           TEXT NOT NULL,
	created_at       TEXT NOT NULL,
	created_by       INTEGER REFERENCES staff (id),
	updated_at       TEXT NOT NULL,
	CHECK (proposed + taken <= vacancies)
) STRICT;

CREATE INDEX jobs_municipality_idx ON jobs (municipality_code, status);
CREATE INDEX jobs_open_idx ON jobs (status) WHERE status = 'open';

CREATE TABLE job_contacts (
	job_id        INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
	submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	sealed        BLOB NOT NULL -- name, phone, e-mail
) STRICT;

CREATE INDEX job_contacts_submission_idx ON job_contacts (submission_id);

CREATE TABLE homes (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	municipality_code TEXT NOT NULL,
	submission_id     INTEGER REFERENCES submissions (id) ON DELETE SET NULL,
	job_id            INTEGER REFERENCES jobs (id),
	bedrooms          INTEGER NOT NULL CHECK (bedrooms >= 1),
	rent              INTEGER NOT NULL CHECK (rent >= 0),
	available_on      TEXT NOT NULL CHECK (date(available_on) IS available_on),
	furnished         INTEGER NOT NULL CHECK (furnished IN (0, 1)),
	step_free         INTEGER NOT NULL CHECK (step_free IN (0, 1)),
	notes             TEXT NOT NULL,
	status            TEXT NOT NULL,
	created_at        TEXT NOT NULL,
	created_by        INTEGER REFERENCES staff (id),
	updated_at        TEXT NOT NULL
) STRICT;

CREATE INDEX homes_municipality_idx ON homes (municipality_code, status);
CREATE INDEX homes_job_idx ON homes (job_id) WHERE job_id IS NOT NULL;

-- A village's distances; its services are on its published profile.
CREATE TABLE villages (
	code        TEXT PRIMARY KEY,
	hospital_km INTEGER NOT NULL CHECK (hospital_km >= 0),
	town_km     INTEGER NOT NULL CHECK (town_km >= 0),
	updated_at  TEXT NOT NULL
) STRICT;

-- A proposal of a bundle to a family's case. A home, and a case, hold at
-- most one pending or agreed proposal: of two staff proposing one home at
-- once, one wins.
CREATE TABLE proposals (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id           INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	municipality_code TEXT NOT NULL,
	job_id            INTEGER NOT NULL REFERENCES jobs (id),
	home_id           INTEGER NOT NULL REFERENCES homes (id),
	host_id           INTEGER REFERENCES submissions (id) ON DELETE SET NULL,
	fit               TEXT NOT NULL CHECK (json_valid(fit)),
	staff_id          INTEGER REFERENCES staff (id),
	at                TEXT NOT NULL,
	deadline_on       TEXT NOT NULL CHECK (date(deadline_on) IS deadline_on),
	status            TEXT NOT NULL,
	closed_at         TEXT
) STRICT;

CREATE UNIQUE INDEX proposals_home_held_idx ON proposals (home_id) WHERE status IN ('pending', 'agreed');
CREATE UNIQUE INDEX proposals_case_held_idx ON proposals (case_id) WHERE status IN ('pending', 'agreed');
CREATE INDEX proposals_pending_idx ON proposals (deadline_on) WHERE status = 'pending';
CREATE INDEX proposals_case_idx ON proposals (case_id, at);
CREATE INDEX proposals_municipality_idx ON proposals (municipality_code, at);
CREATE INDEX proposals_job_idx ON proposals (job_id);

-- Every party's answer to a proposal, kept for the indicators.
CREATE TABLE proposal_responses (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	party       TEXT NOT NULL,
	accept      INTEGER NOT NULL CHECK (accept IN (0, 1)),
	reason      TEXT NOT NULL,
	via         TEXT NOT NULL,
	staff_id    INTEGER REFERENCES staff (id),
	at          TEXT NOT NULL,
	note        BLOB,
	UNIQUE (proposal_id, party)
) STRICT;

-- The coordinator's weights of the soft criteria.
CREATE TABLE match_weights (
	criterion  TEXT PRIMARY KEY,
	weight     INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 10),
	updated_at TEXT NOT NULL,
	updated_by INTEGER REFERENCES staff (id)
) STRICT;

-- The villages' private links: only the token's SHA-256 is kept.
CREATE TABLE village_links (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	municipality_code TEXT NOT NULL,
	submission_id     INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	token_hash        TEXT NOT NULL UNIQUE,
	created_by        INTEGER REFERENCES staff (id),
	created_at        TEXT NOT NULL,
	expires_at        TEXT NOT NULL,
	revoked_at        TEXT
) STRICT;

CREATE INDEX village_links_municipality_idx ON village_links (municipality_code, created_at);

-- Changes proposed by a village's link, reviewed by staff. data is the job
-- (without its contact), home or village proposed, as JSON.
CREATE TABLE village_changes (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	municipality_code TEXT NOT NULL,
	submission_id     INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	kind              TEXT NOT NULL,
	target_id         INTEGER NOT NULL DEFAULT 0,
	data              TEXT NOT NULL CHECK (json_valid(data)),
	contact           BLOB,
	at                TEXT NOT NULL,
	status            TEXT NOT NULL,
	reviewed_by       INTEGER REFERENCES staff (id),
	reviewed_at       TEXT
) STRICT;

CREATE INDEX village_changes_municipality_idx ON village_changes (municipality_code, at);
CREATE INDEX village_changes_status_idx ON village_changes (status, at);

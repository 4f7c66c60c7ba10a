-- Issue 14, "Indicators": indexes for the dashboard's counts.
--
-- The dashboard counts a period's cases, follow-ups and feedback (see
-- store/sqldb/indicator.go), keeping the cases of records not erased, and
-- a technician's, from the case's own copy of its record's blocking and
-- assignee. For the whole programme the counts join no case and leave out
-- the few erased ones (cases_blocked_idx); a technician's start from their
-- cases (cases_technician_idx). Families by their province; a sign-up's day
-- by its number; feedback by when it was given; the first contact of a
-- sign-up from its history without reading its other events; proposals by
-- when they were made and when they were answered, and job offers by when
-- they were stored (the dashboard and the public results count them by
-- period).
--
-- Covering indexes of cases (by number, record, opening and move) and of
-- follow-ups (by due day, by day done, by case and month), which SQLite's
-- counts use, are left out here: PostgreSQL's plans did not need them (the
-- dashboard measured p99 53 ms without them, 70 ms with), and the extra
-- indexes on these tables slowed the work queue, which plans its queries for
-- their values (coordinator p99 40 ms without them, 58-64 ms with).
CREATE INDEX cases_blocked_idx ON cases (blocked_at) WHERE blocked_at IS NOT NULL;
CREATE INDEX cases_technician_idx ON cases (assignee_id, id) WHERE blocked_at IS NULL;
CREATE INDEX families_province_idx ON families (province_code, submission_id);
CREATE INDEX submissions_created_id_idx ON submissions (id, created_at);
CREATE INDEX feedback_at_idx ON feedback (at, case_id, month, support, good_decision);
CREATE INDEX events_contacted_idx ON events (submission_id, at) WHERE type = 'status' AND to_value = 'contacted';
CREATE INDEX proposals_at_idx ON proposals (at, case_id);
CREATE INDEX proposals_closed_idx ON proposals (closed_at, case_id, status) WHERE closed_at IS NOT NULL;
CREATE INDEX jobs_created_idx ON jobs (created_at, municipality_code);
-- A family's own answer to "was moving a good decision?" counts when no
-- follow-up of its month answered, and only its latest: both looked up by
-- case and month without reading the rows.
CREATE INDEX feedback_case_month_idx ON feedback (case_id, month, at, id, good_decision);

-- Issue 14, "Indicators": indexes for the dashboard's counts.
--
-- The dashboard counts a period's cases, follow-ups and feedback (see
-- store/sqldb/indicator.go), keeping the cases of records not erased, and
-- a technician's, from the case's own copy of its record's blocking and
-- assignee. Case rows are wide (the sealed interview and household), and
-- so are submissions' (the sealed payload): these indexes hold what the
-- counts read of them, so that a count reads only the period's entries of
-- narrow indexes, never a record's row.
--
-- For the whole programme the counts join no case and leave out the few
-- erased ones (cases_blocked_idx); a technician's start from their cases
-- (cases_technician_idx). Cases by their number (as follow-ups and feedback
-- join them), by their record (as a province's families join them), by the
-- day they were opened and by the day of the move; families by their
-- province; a sign-up's day by its number; follow-ups by their due day and
-- by the day they were done, with the answer the count reads; feedback by
-- when it was given; and the first contact of a sign-up from its history
-- without reading its other events; proposals by when they were made and
-- when they were answered, and job offers by when they were stored (the
-- dashboard and the public results count them by period).
CREATE INDEX cases_blocked_idx ON cases (blocked_at) WHERE blocked_at IS NOT NULL;
CREATE INDEX cases_technician_idx ON cases (assignee_id, id) WHERE blocked_at IS NULL;
CREATE INDEX cases_scope_idx ON cases (id, blocked_at, assignee_id, submission_id);
CREATE INDEX cases_submission_scope_idx ON cases (submission_id, id, blocked_at, assignee_id);
CREATE INDEX families_province_idx ON families (province_code, submission_id);
CREATE INDEX cases_opened_idx ON cases (opened_at, blocked_at, assignee_id, submission_id);
CREATE INDEX cases_moved_scope_idx ON cases (moved_on, blocked_at, assignee_id, submission_id, closed_at) WHERE moved_on IS NOT NULL;
CREATE INDEX submissions_created_id_idx ON submissions (id, created_at);
CREATE INDEX followups_due_idx ON followups (due_on, case_id, done_on);
CREATE INDEX followups_done_idx ON followups (done_on, case_id, month, good_decision) WHERE done_on IS NOT NULL;
CREATE INDEX feedback_at_idx ON feedback (at, case_id, month, support, good_decision);
CREATE INDEX events_contacted_idx ON events (submission_id, at) WHERE type = 'status' AND to_value = 'contacted';
CREATE INDEX proposals_at_idx ON proposals (at, case_id);
CREATE INDEX proposals_closed_idx ON proposals (closed_at, case_id, status) WHERE closed_at IS NOT NULL;
CREATE INDEX jobs_created_idx ON jobs (created_at, municipality_code);
-- A family's own answer to "was moving a good decision?" counts when no
-- follow-up of its month answered, and only its latest: both looked up by
-- case and month without reading the rows.
CREATE INDEX followups_case_answer_idx ON followups (case_id, month, done_on, good_decision);
CREATE INDEX feedback_case_month_idx ON feedback (case_id, month, at, id, good_decision);

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
)

// MatchPool returns the villages of approved municipalities, their open
// job offers with a free vacancy, their open homes and the approved hosts,
// read in one read-only transaction.
func (svc *MatchService) MatchPool(ctx context.Context) (*senderos.Pool, error) {
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, svc.db.errorf("match pool", err)
	}
	defer tx.Rollback()
	villages, err := svc.db.findVillages(ctx, tx)
	if err != nil {
		return nil, err
	}
	pool := &senderos.Pool{Villages: map[string]*senderos.Village{}, Hosts: []*senderos.Host{}}
	for _, v := range villages {
		pool.Villages[v.Code] = v
	}
	if pool.Jobs, err = svc.db.findJobs(ctx, tx, `j.status = 'open' AND j.vacancies > j.proposed + j.taken
		AND j.municipality_code`+approvedWhere+` ORDER BY j.id`); err != nil {
		return nil, err
	}
	if pool.Homes, err = svc.db.findHomes(ctx, tx, `h.status = 'open' AND h.municipality_code`+approvedWhere+` ORDER BY h.id`); err != nil {
		return nil, err
	}
	hosts, err := queryAll(ctx, svc.db, tx, "match pool", func(row interface{ Scan(...any) error }) (*senderos.Submission, error) {
		return ScanSubmission(row, svc.db.keys)
	}, `SELECT `+SubmissionColumns+` FROM submissions WHERE kind = ? AND status = ? AND blocked_at IS NULL ORDER BY id`,
		string(senderos.KindHost), string(senderos.StatusApproved))
	if err != nil {
		return nil, err
	}
	for _, s := range hosts {
		if s.Host != nil {
			pool.Hosts = append(pool.Hosts, senderos.NewHost(s))
		}
	}
	return pool, nil
}

// candidateColumns are what candidateOf reads: the case c and its record s.
var candidateColumns = `c.id, c.sealed, s.` + strings.Join(strings.Fields(strings.ReplaceAll(SubmissionColumns, ",", " ")), ", s.")

// candidateFrom selects the cases of families waiting, not erased.
const candidateFrom = ` FROM cases c JOIN submissions s ON s.id = c.submission_id WHERE s.blocked_at IS NULL AND s.kind = 'interest' AND `

// waiting is the condition on a case c of a family waiting for a match.
const waiting = `c.closed_at IS NULL AND c.moved_on IS NULL
	AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.case_id = c.id AND p.status IN ` + held + `)`

// Candidates returns the families waiting for a match, longest waiting
// first: open cases of families that have not moved, without a pending or
// agreed proposal, whose record is not erased.
func (svc *MatchService) Candidates(ctx context.Context) ([]*senderos.Candidate, error) {
	return queryAll(ctx, svc.db, svc.db.read, "candidates", svc.db.scanCandidate,
		`SELECT `+candidateColumns+candidateFrom+waiting+` ORDER BY s.created_at, c.id`)
}

// Candidate returns the family of case caseID as matching sees it, waiting
// or not; ENOTFOUND for a missing case or an erased record.
func (svc *MatchService) Candidate(ctx context.Context, caseID int64) (*senderos.Candidate, error) {
	c, err := svc.db.scanCandidate(svc.db.read.QueryRowContext(ctx, `SELECT `+candidateColumns+candidateFrom+`c.id = ?`, caseID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, senderos.Errorf(senderos.ENOTFOUND, "Case not found.")
	} else if err != nil {
		return nil, svc.db.errorf("candidate", err)
	}
	return c, nil
}

// scanCandidate reads one row of candidateColumns.
func (db *DB) scanCandidate(row interface{ Scan(...any) error }) (*senderos.Candidate, error) {
	var caseID int64
	var caseSealed []byte
	s, err := ScanSubmission(prefixed{row, []any{&caseID, &caseSealed}}, db.keys)
	if err != nil {
		return nil, err
	}
	var p record.CasePrivate
	if err := record.OpenJSON(db.keys, record.LabelCase, caseSealed, &p); err != nil {
		return nil, err
	}
	return candidateOf(caseID, s, p.Interview, p.Household), nil
}

// prefixed is a row whose first columns are read into pre, and the rest
// into what Scan is given.
type prefixed struct {
	row interface{ Scan(...any) error }
	pre []any
}

// Scan implements the row's Scan.
func (p prefixed) Scan(dest ...any) error { return p.row.Scan(append(p.pre, dest...)...) }

// candidateOf returns the candidate of case id: the interview's Spanish
// level, work and languages, and the household, where the case has them;
// the sign-up's otherwise.
func candidateOf(id int64, s *senderos.Submission, iv senderos.Interview, household []senderos.Member) *senderos.Candidate {
	in := s.Interest
	if in == nil {
		in = &senderos.Interest{}
	}
	c := &senderos.Candidate{CaseID: id, Reference: s.Reference, Regions: append([]string{}, in.Regions...),
		Licence: in.DrivingLicence, NeedsHealthCentre: in.NeedsHealthCentre, SpanishLevel: iv.SpanishLevel,
		Work: append([]senderos.Work{}, iv.Work...), Languages: append([]string{}, iv.Languages...), WaitingSince: s.CreatedAt,
		MoveBy: MoveBy(in.MoveWhen, s.CreatedAt)}
	if c.SpanishLevel == "" {
		c.SpanishLevel = in.SpanishLevel
	}
	if len(c.Work) == 0 {
		for _, sec := range in.Sectors {
			c.Work = append(c.Work, senderos.Work{Sector: sec})
		}
	}
	for i := range c.Work {
		c.Work[i].Skills = "" // free text: matching does not read it
	}
	if len(c.Languages) == 0 {
		c.Languages = append(c.Languages, in.Languages...)
	}
	schoolAge := func(age int) bool { return age >= senderos.SchoolAgeFrom && age <= senderos.SchoolAgeTo }
	if len(household) > 0 {
		c.Household = len(household)
		for _, m := range household {
			c.SchoolAge = c.SchoolAge || schoolAge(m.Age)
		}
	} else {
		c.Household = in.Adults + len(in.Children)
		for _, ch := range in.Children {
			c.SchoolAge = c.SchoolAge || schoolAge(ch.Age)
		}
	}
	return c
}

// MoveBy returns the last day of a family's move window, counted from
// when it signed up: "asap" and "3-months" three months on, "6-months"
// six, "1-year" twelve; zero for "not-sure" (no window).
func MoveBy(when string, from time.Time) time.Time {
	months := map[string]int{"asap": 3, "3-months": 3, "6-months": 6, "1-year": 12}[when]
	if months == 0 {
		return time.Time{}
	}
	return senderos.Day(from).AddDate(0, months, 0)
}

package webtest

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/cepaim/senderos"
)

// Cases is an in-memory senderos.CaseService and FamilyService, for the
// front ends' tests until the SQL store serves cases: it keeps what it is
// given and checks what the domain's Validate methods check.
type Cases struct {
	Submissions senderos.SubmissionService

	mu        sync.Mutex
	cases     []*senderos.Case
	revisions []*senderos.Revision
	visits    []*senderos.Visit
	followUps []*senderos.FollowUp
	links     []*senderos.FamilyLink
	feedback  []*senderos.Feedback
}

var (
	_ senderos.CaseService   = (*Cases)(nil)
	_ senderos.FamilyService = (*Cases)(nil)
)

func notFound() error { return senderos.Errorf(senderos.ENOTFOUND, "Not found.") }

// live returns case id unless its record is erased.
func (s *Cases) live(ctx context.Context, id int64) (*senderos.Case, error) {
	for _, c := range s.cases {
		if c.ID == id {
			if _, err := s.Submissions.FindSubmissionByID(ctx, c.SubmissionID); err != nil {
				return nil, err
			}
			return c, nil
		}
	}
	return nil, notFound()
}

func (s *Cases) OpenCase(ctx context.Context, submissionID, by int64, now time.Time) (*senderos.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, err := s.Submissions.FindSubmissionByID(ctx, submissionID)
	if err != nil {
		return nil, err
	}
	c := &senderos.Case{ID: int64(len(s.cases) + 1), SubmissionID: sub.ID, Reference: sub.Reference,
		AssigneeID: sub.AssigneeID, OpenedAt: now, OpenedBy: by}
	s.cases = append(s.cases, c)
	return c, nil
}

func (s *Cases) FindCase(ctx context.Context, id int64) (*senderos.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live(ctx, id)
}

func (s *Cases) FindCaseBySubmission(ctx context.Context, submissionID int64) (*senderos.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cases {
		if c.SubmissionID == submissionID {
			return s.live(ctx, c.ID)
		}
	}
	return nil, notFound()
}

func (s *Cases) SaveInterview(ctx context.Context, id, by int64, iv senderos.Interview, household []senderos.Member, now time.Time) (*senderos.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.live(ctx, id)
	if err != nil {
		return nil, err
	}
	c.Interview, c.Household = iv, household
	return c, nil
}

func (s *Cases) ReviseItinerary(ctx context.Context, next *senderos.Revision, base int, now time.Time) (*senderos.Revision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.live(ctx, next.CaseID); err != nil {
		return nil, err
	}
	for _, r := range s.revisions {
		if r.CaseID == next.CaseID && !r.Superseded() {
			r.SupersededAt = now
		}
	}
	r := *next
	r.ID, r.Number, r.At = int64(len(s.revisions)+1), base+1, now
	s.revisions = append(s.revisions, &r)
	return &r, nil
}

func (s *Cases) CurrentRevision(ctx context.Context, caseID int64) (*senderos.Revision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range slices.Backward(s.revisions) {
		if r.CaseID == caseID {
			return r, nil
		}
	}
	return nil, notFound()
}

func (s *Cases) FindRevisions(ctx context.Context, caseID int64) ([]*senderos.Revision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*senderos.Revision
	for _, r := range slices.Backward(s.revisions) {
		if r.CaseID == caseID {
			out = append(out, r)
		}
	}
	return out, nil
}

func (s *Cases) RecordAgreement(ctx context.Context, a *senderos.Agreement, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.revisions {
		if r.ID == a.RevisionID {
			a.RecordedAt = now
			r.Agreement = a
			return nil
		}
	}
	return notFound()
}

func (s *Cases) AddVisit(ctx context.Context, v *senderos.Visit, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	v.ID, v.RecordedAt = int64(len(s.visits)+1), now
	s.visits = append(s.visits, v)
	return nil
}

func (s *Cases) FindVisits(ctx context.Context, caseID int64) ([]*senderos.Visit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*senderos.Visit
	for _, v := range s.visits {
		if v.CaseID == caseID {
			out = append(out, v)
		}
	}
	return out, nil
}

func (s *Cases) MarkMoved(ctx context.Context, id, by int64, moved time.Time, municipality string, sc senderos.Schedule, now time.Time) ([]*senderos.FollowUp, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.live(ctx, id)
	if err != nil {
		return nil, err
	}
	c.MovedOn, c.Municipality = senderos.Day(moved), municipality
	fs := sc.FollowUps(id, moved)
	for _, f := range fs {
		f.ID = int64(len(s.followUps) + 1)
		s.followUps = append(s.followUps, f)
	}
	return fs, nil
}

func (s *Cases) RecordFollowUp(ctx context.Context, f *senderos.FollowUp, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.followUps {
		if g.ID == f.ID {
			g.DoneOn, g.By, g.Check = f.DoneOn, f.By, f.Check
			return nil
		}
	}
	return notFound()
}

func (s *Cases) FindFollowUps(ctx context.Context, caseID int64) ([]*senderos.FollowUp, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*senderos.FollowUp
	for _, f := range s.followUps {
		if f.CaseID == caseID {
			out = append(out, f)
		}
	}
	return out, nil
}

func (s *Cases) CreateFamilyLink(ctx context.Context, caseID, by int64, now, expires time.Time) (*senderos.FamilyLink, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.live(ctx, caseID); err != nil {
		return nil, "", err
	}
	token, err := senderos.NewFamilyToken()
	if err != nil {
		return nil, "", err
	}
	l := &senderos.FamilyLink{ID: int64(len(s.links) + 1), CaseID: caseID, TokenHash: senderos.HashFamilyToken(token),
		CreatedBy: by, CreatedAt: now, ExpiresAt: expires}
	if err := l.Validate().Err(); err != nil {
		return nil, "", err
	}
	s.links = append(s.links, l)
	return l, token, nil
}

func (s *Cases) RevokeFamilyLink(ctx context.Context, id int64, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.links {
		if l.ID == id {
			if !l.RevokedAt.IsZero() {
				return senderos.Errorf(senderos.ECONFLICT, "Revoked already.")
			}
			l.RevokedAt = now
			return nil
		}
	}
	return notFound()
}

func (s *Cases) FindFamilyLinks(ctx context.Context, caseID int64) ([]*senderos.FamilyLink, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*senderos.FamilyLink
	for _, l := range slices.Backward(s.links) {
		if l.CaseID == caseID {
			c := *l
			out = append(out, &c)
		}
	}
	return out, nil
}

func (s *Cases) OpenFamilyLink(ctx context.Context, tokenHash string, now time.Time) (*senderos.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.links {
		if l.TokenHash == tokenHash && l.Valid(now) {
			c, err := s.live(ctx, l.CaseID)
			if err != nil {
				return nil, notFound()
			}
			return c, nil
		}
	}
	return nil, notFound()
}

func (s *Cases) AddFeedback(ctx context.Context, f *senderos.Feedback) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := f.Validate().Err(); err != nil {
		return err
	}
	if _, err := s.live(ctx, f.CaseID); err != nil {
		return err
	}
	f.ID = int64(len(s.feedback) + 1)
	s.feedback = append(s.feedback, f)
	return nil
}

func (s *Cases) FindFeedback(ctx context.Context, caseID int64) ([]*senderos.Feedback, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*senderos.Feedback
	for _, f := range slices.Backward(s.feedback) {
		if f.CaseID == caseID {
			out = append(out, f)
		}
	}
	return out, nil
}

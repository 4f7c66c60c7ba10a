package postgres

import (
	"context"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/storetest"
)

// newInterest returns a complete interest submission.
func newInterest() *senderos.Submission { return storetest.NewInterest() }

func TestSubmissionService(t *testing.T) {
	storetest.Run(t, func(t *testing.T) senderos.SubmissionService {
		return NewSubmissionService(MustOpenDB(t))
	})
}

func TestSubmissionService_CreateSubmission(t *testing.T) {
	t.Run("RetriesReferenceCollision", func(t *testing.T) {
		ctx, svc := context.Background(), NewSubmissionService(MustOpenDB(t))
		refs := []string{"NS-AAAA-AAAA", "NS-AAAA-AAAA", "NS-AAAA-AAAA", "NS-BBBB-BBBB"}
		svc.newReference = func() (string, error) {
			ref := refs[0]
			refs = refs[1:]
			return ref, nil
		}

		first, second := newInterest(), newInterest()
		second.IdempotencyKey = "retry-key" // a key that is not stored yet
		storetest.MustCreate(t, svc, first)
		if created := storetest.MustCreate(t, svc, second); !created {
			t.Error("created = false, want true")
		}
		if first.Reference != "NS-AAAA-AAAA" || second.Reference != "NS-BBBB-BBBB" {
			t.Errorf("references = %s, %s; want NS-AAAA-AAAA, NS-BBBB-BBBB", first.Reference, second.Reference)
		}
		if _, err := svc.FindSubmissionByReference(ctx, second.Reference); err != nil {
			t.Error(err)
		}
	})

	t.Run("ErrEndlessCollisions", func(t *testing.T) {
		svc := NewSubmissionService(MustOpenDB(t))
		svc.newReference = func() (string, error) { return "NS-AAAA-AAAA", nil }
		storetest.MustCreate(t, svc, newInterest())
		s := newInterest()
		if _, err := svc.CreateSubmission(context.Background(), s); err == nil {
			t.Error("CreateSubmission succeeded with every reference taken")
		} else if code := senderos.ErrorCode(err); code != senderos.EINTERNAL {
			t.Errorf("error code = %q, want %q", code, senderos.EINTERNAL)
		}
		if s.Reference != "" || s.ID != 0 {
			t.Errorf("failed CreateSubmission left reference %q, id %d", s.Reference, s.ID)
		}
	})

	// PostgreSQL cannot store a NUL character, which SQLite keeps; the
	// API should strip control characters before this, but if one gets
	// through the person is told their input is invalid, not that the
	// server failed.
	t.Run("ErrNULCharacter", func(t *testing.T) {
		svc := NewSubmissionService(MustOpenDB(t))
		for name, set := range map[string]func(*senderos.Submission){
			// Skills is sealed, so a NUL in it is stored; the
			// clear part of the payload cannot hold one.
			"Payload": func(s *senderos.Submission) { s.Interest.Province = "a\x00b" },
			"Column":  func(s *senderos.Submission) { s.SpamReason = "a\x00b" },
		} {
			t.Run(name, func(t *testing.T) {
				s := newInterest()
				set(s)
				if _, err := svc.CreateSubmission(context.Background(), s); senderos.ErrorCode(err) != senderos.EINVALID {
					t.Errorf("error = %v, want code %q", err, senderos.EINVALID)
				}
				if s.Reference != "" || s.ID != 0 {
					t.Errorf("failed CreateSubmission left reference %q, id %d", s.Reference, s.ID)
				}
			})
		}
	})
}

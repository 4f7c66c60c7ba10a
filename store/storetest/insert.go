package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/sqldb"
)

// newInsertion returns s, made ready, as CreateSubmission queues it, with
// references taken from refs in turn and then made at random.
func newInsertion(t *testing.T, s *senderos.Submission, refs ...string) *sqldb.Insertion {
	t.Helper()
	record.Prepare(s, time.Now())
	data, err := record.Payload(s)
	if err != nil {
		t.Fatal(err)
	}
	return sqldb.NewInsertion(s, data, nil, func() (string, error) {
		if len(refs) == 0 {
			return record.NewReference()
		}
		ref := refs[0]
		refs = refs[1:]
		return ref, nil
	})
}

// RunInsertGroup tests the group commit of the DBs open returns, and the
// references CreateSubmission tries. storesNUL says whether the engine
// stores a NUL character in text (SQLite) or refuses it (PostgreSQL).
func RunInsertGroup(t *testing.T, open func(tb testing.TB) *sqldb.DB, storesNUL bool) {
	// One group, as the writer would commit it: a row whose reference
	// collides is retried and one that cannot be stored fails alone;
	// the second row with a key gets the first; the rest are stored.
	t.Run("OneBadRowDoesNotFailItsBatch", func(t *testing.T) {
		ctx, db := context.Background(), open(t)
		svc := sqldb.NewSubmissionService(db)
		taken := NewInterest()
		svc.NewReference = func() (string, error) { return "NS-AAAA-AAAA", nil }
		MustCreate(t, svc, taken)

		keyed := NewInterest()
		keyed.IdempotencyKey = "same-key"
		again := NewInterest()
		again.IdempotencyKey = "same-key"
		var (
			good      = newInsertion(t, NewInterest())
			collides  = newInsertion(t, NewInterest(), "NS-AAAA-AAAA", "NS-AAAA-AAAA", "NS-BBBB-BBBB")
			bad       = newInsertion(t, NewInterest())
			first     = newInsertion(t, keyed)
			duplicate = newInsertion(t, again)
			last      = newInsertion(t, NewMunicipality())
		)
		bad.Data = []byte("{not json") // fails CHECK (json_valid(data)), or is not JSONB
		group := []*sqldb.Insertion{good, collides, bad, first, duplicate, last}
		nul := newInsertion(t, NewInterest())
		if !storesNUL {
			nul.Row.SpamReason = "a\x00b" // not text the engine can store
			group = append(group, nul)
		}
		if err := db.InsertGroup(group); err != nil {
			t.Fatalf("InsertGroup: %v", err)
		}

		if bad.Err == nil || senderos.ErrorCode(bad.Err) != senderos.EINTERNAL {
			t.Errorf("bad row: err = %v, want an internal error", bad.Err)
		}
		if !storesNUL && senderos.ErrorCode(nul.Err) != senderos.EINVALID {
			t.Errorf("row with NUL: err = %v, want code %q", nul.Err, senderos.EINVALID)
		}
		if collides.Err != nil || collides.Row.Reference != "NS-BBBB-BBBB" {
			t.Errorf("colliding row: err = %v, reference %s; want stored as NS-BBBB-BBBB", collides.Err, collides.Row.Reference)
		}
		if duplicate.Err != nil || duplicate.Existing == nil || duplicate.Existing.ID != first.Row.ID ||
			duplicate.Existing.Reference != first.Row.Reference {
			t.Errorf("second row with the key: err = %v, existing = %+v; want row %d", duplicate.Err, duplicate.Existing, first.Row.ID)
		}
		for name, in := range map[string]*sqldb.Insertion{"good": good, "colliding": collides, "first keyed": first, "last": last} {
			if in.Err != nil || in.Existing != nil {
				t.Errorf("%s row: err = %v, existing = %v; want stored", name, in.Err, in.Existing)
				continue
			}
			got, err := svc.FindSubmissionByReference(ctx, in.Row.Reference)
			if err != nil {
				t.Errorf("%s row: %v", name, err)
			} else if got.ID != in.Row.ID {
				t.Errorf("%s row: stored with id %d, reported %d", name, got.ID, in.Row.ID)
			}
		}
		MustCount(t, svc, senderos.SubmissionFilter{}, 5) // taken and four of the group
	})

	t.Run("RetriesReferenceCollision", func(t *testing.T) {
		ctx, svc := context.Background(), sqldb.NewSubmissionService(open(t))
		refs := []string{"NS-AAAA-AAAA", "NS-AAAA-AAAA", "NS-AAAA-AAAA", "NS-BBBB-BBBB"}
		svc.NewReference = func() (string, error) {
			ref := refs[0]
			refs = refs[1:]
			return ref, nil
		}

		first, second := NewInterest(), NewInterest()
		second.IdempotencyKey = "retry-key" // a key that is not stored yet
		MustCreate(t, svc, first)
		if created := MustCreate(t, svc, second); !created {
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
		svc := sqldb.NewSubmissionService(open(t))
		svc.NewReference = func() (string, error) { return "NS-AAAA-AAAA", nil }
		MustCreate(t, svc, NewInterest())
		s := NewInterest()
		if _, err := svc.CreateSubmission(context.Background(), s); err == nil {
			t.Error("CreateSubmission succeeded with every reference taken")
		} else if code := senderos.ErrorCode(err); code != senderos.EINTERNAL {
			t.Errorf("error code = %q, want %q", code, senderos.EINTERNAL)
		}
		if s.Reference != "" || s.ID != 0 {
			t.Errorf("failed CreateSubmission left reference %q, id %d", s.Reference, s.ID)
		}
	})
}

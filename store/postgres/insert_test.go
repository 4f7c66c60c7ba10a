package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/storetest"
)

// newInsertion returns s, made ready, as CreateSubmission queues it, with
// references taken from refs in turn and then made at random.
func newInsertion(t *testing.T, s *senderos.Submission, refs ...string) *insertion {
	t.Helper()
	record.Prepare(s, time.Now())
	data, err := record.Payload(s)
	if err != nil {
		t.Fatal(err)
	}
	return &insertion{row: *s, data: data, newReference: func() (string, error) {
		if len(refs) == 0 {
			return record.NewReference()
		}
		ref := refs[0]
		refs = refs[1:]
		return ref, nil
	}}
}

func TestDB_insertGroup(t *testing.T) {
	// One group, as the writer would commit it: a row whose reference
	// collides is retried and one that cannot be stored fails alone;
	// the second row with a key gets the first; the rest are stored.
	t.Run("OneBadRowDoesNotFailItsBatch", func(t *testing.T) {
		ctx, db := context.Background(), MustOpenDB(t)
		svc := NewSubmissionService(db)
		taken := newInterest()
		svc.newReference = func() (string, error) { return "NS-AAAA-AAAA", nil }
		storetest.MustCreate(t, svc, taken)

		keyed := newInterest()
		keyed.IdempotencyKey = "same-key"
		again := newInterest()
		again.IdempotencyKey = "same-key"
		var (
			good      = newInsertion(t, newInterest())
			collides  = newInsertion(t, newInterest(), "NS-AAAA-AAAA", "NS-AAAA-AAAA", "NS-BBBB-BBBB")
			bad       = newInsertion(t, newInterest())
			first     = newInsertion(t, keyed)
			duplicate = newInsertion(t, again)
			last      = newInsertion(t, storetest.NewMunicipality())
		)
		bad.data = []byte("{not json") // not JSONB
		nul := newInsertion(t, newInterest())
		nul.row.SpamReason = "a\x00b" // not text PostgreSQL can store
		if err := db.insertGroup([]*insertion{good, collides, bad, first, nul, duplicate, last}); err != nil {
			t.Fatalf("insertGroup: %v", err)
		}

		if bad.err == nil || senderos.ErrorCode(bad.err) != senderos.EINTERNAL {
			t.Errorf("bad row: err = %v, want an internal error", bad.err)
		}
		if senderos.ErrorCode(nul.err) != senderos.EINVALID {
			t.Errorf("row with NUL: err = %v, want code %q", nul.err, senderos.EINVALID)
		}
		if collides.err != nil || collides.row.Reference != "NS-BBBB-BBBB" {
			t.Errorf("colliding row: err = %v, reference %s; want stored as NS-BBBB-BBBB", collides.err, collides.row.Reference)
		}
		if duplicate.err != nil || duplicate.existing == nil || duplicate.existing.ID != first.row.ID ||
			duplicate.existing.Reference != first.row.Reference {
			t.Errorf("second row with the key: err = %v, existing = %+v; want row %d", duplicate.err, duplicate.existing, first.row.ID)
		}
		for name, in := range map[string]*insertion{"good": good, "colliding": collides, "first keyed": first, "last": last} {
			if in.err != nil || in.existing != nil {
				t.Errorf("%s row: err = %v, existing = %v; want stored", name, in.err, in.existing)
				continue
			}
			got, err := svc.FindSubmissionByReference(ctx, in.row.Reference)
			if err != nil {
				t.Errorf("%s row: %v", name, err)
			} else if got.ID != in.row.ID {
				t.Errorf("%s row: stored with id %d, reported %d", name, got.ID, in.row.ID)
			}
		}
		storetest.MustCount(t, svc, senderos.SubmissionFilter{}, 5) // taken and four of the group
	})
}

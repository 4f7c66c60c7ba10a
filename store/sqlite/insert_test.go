package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/batch"
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
		bad.data = []byte("{not json") // fails CHECK (json_valid(data))
		if err := db.insertGroup([]*insertion{good, collides, bad, first, duplicate, last}); err != nil {
			t.Fatalf("insertGroup: %v", err)
		}

		if bad.err == nil || senderos.ErrorCode(bad.err) != senderos.EINTERNAL {
			t.Errorf("bad row: err = %v, want an internal error", bad.err)
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

func TestDB_Close(t *testing.T) {
	// Close lets the writer commit what is queued; every call either
	// succeeds, and its row is there when the file is opened again, or
	// fails.
	t.Run("CommitsQueuedSubmissions", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "senderos.db")
		db, err := Open(path, testKeys)
		if err != nil {
			t.Fatal(err)
		}
		svc := NewSubmissionService(db)

		const n = 64
		var (
			wg      sync.WaitGroup
			subs    [n]*senderos.Submission
			errs    [n]error
			started = make(chan struct{}, n)
		)
		for i := range n {
			subs[i] = newInterest()
			wg.Go(func() {
				started <- struct{}{}
				_, errs[i] = svc.CreateSubmission(context.Background(), subs[i])
			})
		}
		for range n / 2 {
			<-started
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()

		svc = NewSubmissionService(MustOpenDBAt(t, path))
		stored := 0
		for i := range n {
			if errs[i] != nil {
				if !errors.Is(errs[i], batch.ErrClosed) {
					t.Errorf("call %d: error = %v, want %v", i, errs[i], batch.ErrClosed)
				}
				continue
			}
			stored++
			if _, err := svc.FindSubmissionByReference(context.Background(), subs[i].Reference); err != nil {
				t.Errorf("call %d reported %s: %v", i, subs[i].Reference, err)
			}
		}
		t.Logf("%d of %d calls committed before Close", stored, n)
	})
}

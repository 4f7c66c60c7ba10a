package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/batch"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

func TestDB_Close(t *testing.T) {
	// Close lets the writer commit what is queued; every call either
	// succeeds, and its row is there when the file is opened again, or
	// fails.
	t.Run("CommitsQueuedSubmissions", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "senderos.db")
		db, err := Open(path, storetest.Keys())
		if err != nil {
			t.Fatal(err)
		}
		svc := sqldb.NewSubmissionService(db)

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

		svc = sqldb.NewSubmissionService(MustOpenDBAt(t, path))
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

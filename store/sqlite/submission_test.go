package sqlite

import (
	"github.com/cepaim/senderos/store/sqldb"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/storetest"
)

// newInterest returns a complete interest submission.
func newInterest() *senderos.Submission { return storetest.NewInterest() }

func TestSubmissionService(t *testing.T) {
	storetest.Run(t, func(t *testing.T) senderos.SubmissionService {
		return sqldb.NewSubmissionService(MustOpenDB(t))
	})
}

package postgres

import (
	"context"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

// TestSubmissionService_ErrNULCharacter: PostgreSQL cannot store a NUL
// character, which SQLite keeps; the API should strip control characters
// before this, but if one gets through the person is told their input is
// invalid, not that the server failed.
func TestSubmissionService_ErrNULCharacter(t *testing.T) {
	svc := sqldb.NewSubmissionService(MustOpenDB(t))
	for name, set := range map[string]func(*senderos.Submission){
		// Skills is sealed, so a NUL in it is stored; the clear part
		// of the payload cannot hold one.
		"Payload": func(s *senderos.Submission) { s.Interest.Province = "a\x00b" },
		"Column":  func(s *senderos.Submission) { s.SpamReason = "a\x00b" },
	} {
		t.Run(name, func(t *testing.T) {
			s := storetest.NewInterest()
			set(s)
			if _, err := svc.CreateSubmission(context.Background(), s); senderos.ErrorCode(err) != senderos.EINVALID {
				t.Errorf("error = %v, want code %q", err, senderos.EINVALID)
			}
			if s.Reference != "" || s.ID != 0 {
				t.Errorf("failed CreateSubmission left reference %q, id %d", s.Reference, s.ID)
			}
		})
	}
}

package storetest

import (
	"context"
	"testing"

	"github.com/cepaim/senderos"
)

// MustCreate creates s and fails the test on error. It returns whether a
// new row was created.
func MustCreate(tb testing.TB, svc senderos.SubmissionService, s *senderos.Submission) bool {
	tb.Helper()
	created, err := svc.CreateSubmission(context.Background(), s)
	if err != nil {
		tb.Fatalf("CreateSubmission: %v", err)
	}
	return created
}

// MustCount checks that filter lists want submissions.
func MustCount(tb testing.TB, svc senderos.SubmissionService, filter senderos.SubmissionFilter, want int) {
	tb.Helper()
	subs, err := svc.FindSubmissions(context.Background(), filter)
	if err != nil {
		tb.Fatalf("FindSubmissions: %v", err)
	}
	if len(subs) != want {
		tb.Errorf("FindSubmissions(%+v) listed %d, want %d", filter, len(subs), want)
	}
}

package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func testNotFoundIsError(t *testing.T, open Open) {
	svc := open(t)
	MustCreate(t, svc, NewInterest())

	s, err := svc.FindSubmissionByReference(context.Background(), "NS-0000-0000")
	if code := senderos.ErrorCode(err); code != senderos.ENOTFOUND {
		t.Errorf("error = %v (code %q), want code %q", err, code, senderos.ENOTFOUND)
	}
	if s != nil {
		t.Errorf("submission = %+v, want nil", s)
	}
}

func testListsNewestFirstByKindAndStatus(t *testing.T, open Open) {
	ctx, svc := context.Background(), open(t)

	// Created oldest first: interest/new, municipality/new,
	// interest/suspected, interest/new, municipality/suspected, host/new,
	// host/suspected.
	var refs []string
	for _, c := range []struct {
		kind   senderos.Kind
		status senderos.Status
	}{
		{senderos.KindInterest, senderos.StatusNew},
		{senderos.KindMunicipality, senderos.StatusNew},
		{senderos.KindInterest, senderos.StatusSuspected},
		{senderos.KindInterest, senderos.StatusNew},
		{senderos.KindMunicipality, senderos.StatusSuspected},
		{senderos.KindHost, senderos.StatusNew},
		{senderos.KindHost, senderos.StatusSuspected},
	} {
		s := NewInterest()
		switch c.kind {
		case senderos.KindMunicipality:
			s = NewMunicipality()
		case senderos.KindHost:
			s = NewHost()
		}
		s.Status = c.status
		MustCreate(t, svc, s)
		refs = append(refs, s.Reference)
		time.Sleep(2 * time.Millisecond) // distinct CreatedAt, whatever the clock's resolution
	}

	for _, tt := range []struct {
		name   string
		filter senderos.SubmissionFilter
		want   []int // indexes into refs, newest first
	}{
		{"All", senderos.SubmissionFilter{}, []int{6, 5, 4, 3, 2, 1, 0}},
		{"Interest", senderos.SubmissionFilter{Kind: senderos.KindInterest}, []int{3, 2, 0}},
		{"New", senderos.SubmissionFilter{Status: senderos.StatusNew}, []int{5, 3, 1, 0}},
		{"InterestNew", senderos.SubmissionFilter{Kind: senderos.KindInterest, Status: senderos.StatusNew}, []int{3, 0}},
		{"MunicipalitySuspected", senderos.SubmissionFilter{Kind: senderos.KindMunicipality, Status: senderos.StatusSuspected}, []int{4}},
		{"Host", senderos.SubmissionFilter{Kind: senderos.KindHost}, []int{6, 5}},
		{"HostNew", senderos.SubmissionFilter{Kind: senderos.KindHost, Status: senderos.StatusNew}, []int{5}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			subs, err := svc.FindSubmissions(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, s := range subs {
				got = append(got, s.Reference)
			}
			for _, i := range tt.want {
				want = append(want, refs[i])
			}
			if !slices.Equal(got, want) {
				t.Errorf("references = %v, want %v", got, want)
			}
			for i := 1; i < len(subs); i++ {
				if subs[i].CreatedAt.After(subs[i-1].CreatedAt) {
					t.Errorf("%s (%v) listed after older %s (%v)",
						subs[i].Reference, subs[i].CreatedAt, subs[i-1].Reference, subs[i-1].CreatedAt)
				}
			}
		})
	}
}

func testListsAtMostLimit(t *testing.T, open Open) {
	svc := open(t)
	for range 5 {
		MustCreate(t, svc, NewInterest())
	}
	MustCount(t, svc, senderos.SubmissionFilter{Limit: 2}, 2)
	MustCount(t, svc, senderos.SubmissionFilter{Limit: -1}, 5)
}

func testListsNothingAsEmpty(t *testing.T, open Open) {
	subs, err := open(t).FindSubmissions(context.Background(), senderos.SubmissionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if subs == nil || len(subs) != 0 {
		t.Errorf("FindSubmissions on an empty store = %#v, want an empty, non-nil slice", subs)
	}
}

func testDeletesOnlyExpiredSuspected(t *testing.T, open Open) {
	ctx, svc := context.Background(), open(t)
	now := time.Now()

	suspected := func(expiresAt time.Time) *senderos.Submission {
		s := NewInterest()
		s.Status, s.SpamReason, s.ExpiresAt = senderos.StatusSuspected, "too_fast", expiresAt
		return s
	}
	expired := suspected(now.Add(-time.Hour))
	expiredToo := suspected(now.Add(-time.Millisecond))
	pending := suspected(now.Add(time.Hour))
	forever := suspected(time.Time{})
	reviewed := NewMunicipality()
	reviewed.ExpiresAt = now.Add(-time.Hour) // not suspected: never deleted
	for _, s := range []*senderos.Submission{expired, expiredToo, pending, forever, reviewed} {
		MustCreate(t, svc, s)
	}

	n, err := svc.DeleteExpiredSuspected(ctx, now)
	if err != nil {
		t.Fatal(err)
	} else if n != 2 {
		t.Errorf("deleted %d, want 2", n)
	}
	for _, s := range []*senderos.Submission{expired, expiredToo} {
		if _, err := svc.FindSubmissionByReference(ctx, s.Reference); senderos.ErrorCode(err) != senderos.ENOTFOUND {
			t.Errorf("expired %s: error = %v, want not found", s.Reference, err)
		}
	}
	for _, s := range []*senderos.Submission{pending, forever, reviewed} {
		if _, err := svc.FindSubmissionByReference(ctx, s.Reference); err != nil {
			t.Errorf("kept %s: %v", s.Reference, err)
		}
	}

	if n, err := svc.DeleteExpiredSuspected(ctx, now); err != nil {
		t.Fatal(err)
	} else if n != 0 {
		t.Errorf("second run deleted %d, want 0", n)
	}
}

func testDoesNotReuseDeletedIDs(t *testing.T, open Open) {
	ctx, svc := context.Background(), open(t)
	MustCreate(t, svc, NewInterest())
	spam := NewInterest()
	spam.Status, spam.ExpiresAt = senderos.StatusSuspected, time.Now().Add(-time.Hour)
	MustCreate(t, svc, spam)
	if _, err := svc.DeleteExpiredSuspected(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}

	next := NewInterest()
	MustCreate(t, svc, next)
	if next.ID <= spam.ID {
		t.Errorf("new submission got id %d, not above deleted %d: ids would name two submissions over time", next.ID, spam.ID)
	}
}

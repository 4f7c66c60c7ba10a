package storetest

import (
	"context"
	"reflect"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// referencePattern is what every reference looks like: NS- and two groups
// of four Crockford base32 characters (no I, L, O or U).
var referencePattern = regexp.MustCompile(`^NS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)

func testCreatesAndFindsInterest(t *testing.T, open Open) {
	ctx, svc := context.Background(), open(t)
	s := NewInterest()
	want := NewInterest()

	before := time.Now()
	created := MustCreate(t, svc, s)
	if !created {
		t.Fatal("created = false, want true")
	}
	if s.ID == 0 {
		t.Error("ID not set")
	}
	if !referencePattern.MatchString(s.Reference) {
		t.Errorf("Reference = %q, want NS-XXXX-XXXX", s.Reference)
	}
	if s.Status != senderos.StatusNew {
		t.Errorf("Status = %q, want %q", s.Status, senderos.StatusNew)
	}
	if s.CreatedAt.Before(before.Add(-time.Second)) || s.CreatedAt.After(time.Now().Add(time.Second)) {
		t.Errorf("CreatedAt = %v, want about now", s.CreatedAt)
	}
	if !reflect.DeepEqual(s.Interest, want.Interest) {
		t.Errorf("CreateSubmission changed the payload:\n got %+v\nwant %+v", s.Interest, want.Interest)
	}

	got, err := svc.FindSubmissionByReference(ctx, s.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("found submission differs from created:\n got %+v\nwant %+v", got, s)
	}
	if !reflect.DeepEqual(got.Interest, want.Interest) {
		t.Errorf("Interest:\n got %+v\nwant %+v", got.Interest, want.Interest)
	}
}

func testCreatesMunicipality(t *testing.T, open Open) {
	ctx, svc := context.Background(), open(t)
	s := NewMunicipality()
	MustCreate(t, svc, s)

	got, err := svc.FindSubmissionByReference(ctx, s.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got.Interest != nil {
		t.Errorf("Interest = %+v, want nil", got.Interest)
	}
	if !reflect.DeepEqual(got.Municipality, NewMunicipality().Municipality) {
		t.Errorf("Municipality:\n got %+v\nwant %+v", got.Municipality, NewMunicipality().Municipality)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("found submission differs from created:\n got %+v\nwant %+v", got, s)
	}
}

func testCreatesHost(t *testing.T, open Open) {
	ctx, svc := context.Background(), open(t)
	s := NewHost()
	MustCreate(t, svc, s)
	if !reflect.DeepEqual(s.Host, NewHost().Host) {
		t.Errorf("CreateSubmission changed the payload:\n got %+v\nwant %+v", s.Host, NewHost().Host)
	}

	got, err := svc.FindSubmissionByReference(ctx, s.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got.Interest != nil || got.Municipality != nil {
		t.Errorf("Interest, Municipality = %+v, %+v, want nil", got.Interest, got.Municipality)
	}
	if !reflect.DeepEqual(got.Host, NewHost().Host) {
		t.Errorf("Host:\n got %+v\nwant %+v", got.Host, NewHost().Host)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("found submission differs from created:\n got %+v\nwant %+v", got, s)
	}
	byID, err := svc.FindSubmissionByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(byID, s) {
		t.Errorf("found by ID differs from created:\n got %+v\nwant %+v", byID, s)
	}
	list, err := svc.FindSubmissions(ctx, senderos.SubmissionFilter{Kind: senderos.KindHost})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || !reflect.DeepEqual(list[0].Host, NewHost().Host) {
		t.Errorf("FindSubmissions(host) = %+v, want the host", list)
	}
	for _, k := range []senderos.Kind{senderos.KindInterest, senderos.KindMunicipality} {
		if n, err := svc.CountSubmissions(ctx, senderos.SubmissionFilter{Kind: k}); err != nil || n != 0 {
			t.Errorf("CountSubmissions(%s) = %d, %v, want 0", k, n, err)
		}
	}
	if h := senderos.NewHost(got); h.ID != s.ID || h.Municipality != "44216" || !reflect.DeepEqual(h.Languages, []string{"es", "fr"}) {
		t.Errorf("NewHost = %+v", h)
	}
}

func testDefaultsStatusToNew(t *testing.T, open Open) {
	ctx, svc := context.Background(), open(t)
	suspected := NewInterest()
	suspected.Status, suspected.SpamReason = senderos.StatusSuspected, "honeypot"
	suspected.ExpiresAt = time.Now().Add(72 * time.Hour)
	MustCreate(t, svc, suspected)

	got, err := svc.FindSubmissionByReference(ctx, suspected.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != senderos.StatusSuspected || got.SpamReason != "honeypot" {
		t.Errorf("Status, SpamReason = %q, %q; want suspected_spam, honeypot", got.Status, got.SpamReason)
	}
	if !got.ExpiresAt.Equal(suspected.ExpiresAt) {
		t.Errorf("ExpiresAt = %v, want %v", got.ExpiresAt, suspected.ExpiresAt)
	}

	plain := NewInterest()
	MustCreate(t, svc, plain)
	if got, err := svc.FindSubmissionByReference(ctx, plain.Reference); err != nil {
		t.Fatal(err)
	} else if got.Status != senderos.StatusNew || !got.ExpiresAt.IsZero() {
		t.Errorf("Status, ExpiresAt = %q, %v; want new, zero", got.Status, got.ExpiresAt)
	}
}

func testSameIdempotencyKeyCreatesOneRecord(t *testing.T, open Open) {
	svc := open(t)
	first := NewInterest()
	first.IdempotencyKey = "b9f0c3e2-double-click"
	if !MustCreate(t, svc, first) {
		t.Fatal("first: created = false, want true")
	}

	// The retry may differ (the person edited the form meanwhile); the
	// first one stored wins.
	again := NewInterest()
	again.IdempotencyKey = first.IdempotencyKey
	again.Interest.Skills = "changed"
	if MustCreate(t, svc, again) {
		t.Fatal("again: created = true, want false")
	}
	if !reflect.DeepEqual(again, first) {
		t.Errorf("again was not filled from the stored submission:\n got %+v\nwant %+v", again, first)
	}
	MustCount(t, svc, senderos.SubmissionFilter{}, 1)
}

func testDifferentIdempotencyKeysCreateTwoRecords(t *testing.T, open Open) {
	svc := open(t)
	for _, key := range []string{"key-a", "key-b", "", ""} {
		s := NewInterest()
		s.IdempotencyKey = key
		if !MustCreate(t, svc, s) {
			t.Errorf("key %q: created = false, want true", key)
		}
	}
	MustCount(t, svc, senderos.SubmissionFilter{}, 4)
}

func testConcurrentSameKeyCreatesOneRecord(t *testing.T, open Open) {
	const n = 16
	ctx, svc := context.Background(), open(t)

	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		subs    [n]*senderos.Submission
		created [n]bool
		errs    [n]error
	)
	for i := range n {
		subs[i] = NewInterest()
		subs[i].IdempotencyKey = "same-key"
		wg.Go(func() {
			<-start
			created[i], errs[i] = svc.CreateSubmission(ctx, subs[i])
		})
	}
	close(start)
	wg.Wait()

	creators := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("call %d: %v", i, errs[i])
		}
		if created[i] {
			creators++
		}
		if subs[i].Reference != subs[0].Reference || subs[i].ID != subs[0].ID {
			t.Errorf("call %d got %s (id %d), call 0 got %s (id %d)",
				i, subs[i].Reference, subs[i].ID, subs[0].Reference, subs[0].ID)
		}
	}
	if creators != 1 {
		t.Errorf("%d calls reported created, want 1", creators)
	}
	MustCount(t, svc, senderos.SubmissionFilter{}, 1)
}

func testConcurrentWritersAllSucceed(t *testing.T, open Open) {
	const writers, each = 32, 20
	ctx, svc := context.Background(), open(t)

	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		refs  = map[string]bool{}
		start = make(chan struct{})
	)
	for w := range writers {
		wg.Go(func() {
			<-start
			for i := range each {
				s := NewInterest()
				if w%2 == 1 {
					s = NewMunicipality()
				}
				if _, err := svc.CreateSubmission(ctx, s); err != nil {
					t.Errorf("writer %d, row %d: %v", w, i, err)
					return
				}
				mu.Lock()
				refs[s.Reference] = true
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()

	if len(refs) != writers*each {
		t.Errorf("%d distinct references, want %d", len(refs), writers*each)
	}
	MustCount(t, svc, senderos.SubmissionFilter{Limit: 1000}, writers*each)
}

func testReferencesAreUnique(t *testing.T, open Open) {
	svc := open(t)
	seen := map[string]bool{}
	for range 200 {
		s := NewInterest()
		MustCreate(t, svc, s)
		if !referencePattern.MatchString(s.Reference) {
			t.Errorf("Reference = %q, want NS-XXXX-XXXX in Crockford base32", s.Reference)
		}
		if seen[s.Reference] {
			t.Errorf("Reference %s given twice", s.Reference)
		}
		seen[s.Reference] = true
	}
}

package storetest

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func testFindsByID(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Submissions
	s := NewMunicipality()
	MustCreate(t, svc, s)
	got, err := svc.FindSubmissionByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("FindSubmissionByID:\n got %+v\nwant %+v", got, s)
	}
	if !got.UpdatedAt.Equal(got.CreatedAt) {
		t.Errorf("UpdatedAt = %v, want CreatedAt %v", got.UpdatedAt, got.CreatedAt)
	}
	_, err = svc.FindSubmissionByID(ctx, s.ID+1000)
	wantCode(t, "missing id", err, senderos.ENOTFOUND)
}

func testWorkflowFollowsStatusRules(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	svc := st.Submissions
	staff := MustCreateStaff(t, st.Staff, "coord@example.org", senderos.RoleCoordinator)
	s := NewInterest()
	MustCreate(t, svc, s)

	for _, step := range []struct {
		to   senderos.Status
		code string
	}{
		{senderos.StatusRelocated, senderos.ECONFLICT}, // skips steps
		{senderos.StatusContacted, ""},
		{senderos.StatusNew, senderos.ECONFLICT}, // no going back
		{senderos.StatusInterviewed, ""},
		{senderos.StatusItinerary, ""},
		{senderos.StatusRelocated, ""},
		{senderos.StatusClosed, ""},
		{senderos.StatusWithdrawn, senderos.ECONFLICT}, // closed is final
		{senderos.StatusApproved, senderos.ECONFLICT},  // a municipality's status
	} {
		got, err := svc.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: s.ID, By: staff.ID, Status: step.to})
		wantCode(t, "to "+string(step.to), err, step.code)
		if err == nil && got.Status != step.to {
			t.Errorf("status = %s, want %s", got.Status, step.to)
		}
	}
	got, err := svc.FindSubmissionByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != senderos.StatusClosed {
		t.Errorf("stored status = %s, want closed: a refused change was stored", got.Status)
	}
	events, err := svc.FindEvents(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 5 {
		t.Errorf("%d events, want 5 (one per allowed change)", len(events))
	}
}

func testMunicipalityWorkflow(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Submissions
	s := NewMunicipality()
	MustCreate(t, svc, s)
	_, err := svc.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: s.ID, Status: senderos.StatusContacted})
	wantCode(t, "family status", err, senderos.ECONFLICT)
	if got := MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, Status: senderos.StatusApproved}); got.Status != senderos.StatusApproved {
		t.Errorf("status = %s, want approved", got.Status)
	}
	MustCount(t, svc, senderos.SubmissionFilter{Kind: senderos.KindMunicipality, Status: senderos.StatusApproved}, 1)
}

func testUpdateRecordsEvents(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	svc := st.Submissions
	coord := MustCreateStaff(t, st.Staff, "coord@example.org", senderos.RoleCoordinator)
	tech := MustCreateStaff(t, st.Staff, "tech@example.org", senderos.RoleTechnician)
	s := NewInterest()
	MustCreate(t, svc, s)
	time.Sleep(2 * time.Millisecond) // a later UpdatedAt, whatever the clock's resolution

	got := MustUpdate(t, svc, senderos.SubmissionUpdate{
		ID: s.ID, By: coord.ID, Status: senderos.StatusContacted, AssigneeID: tech.ID, Note: "Llamada: prefiere WhatsApp.",
	})
	if got.Status != senderos.StatusContacted || got.AssigneeID != tech.ID {
		t.Errorf("updated to %s, assignee %d; want contacted, %d", got.Status, got.AssigneeID, tech.ID)
	}
	if !got.UpdatedAt.After(s.CreatedAt) {
		t.Errorf("UpdatedAt %v not after CreatedAt %v", got.UpdatedAt, s.CreatedAt)
	}
	if !reflect.DeepEqual(got.Interest, s.Interest) {
		t.Errorf("update changed the payload:\n got %+v\nwant %+v", got.Interest, s.Interest)
	}
	stored, err := svc.FindSubmissionByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, got) {
		t.Errorf("stored differs from returned:\n got %+v\nwant %+v", stored, got)
	}

	MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, By: coord.ID, AssigneeID: -1})
	if unchanged := MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, By: coord.ID, Note: "   "}); unchanged.AssigneeID != 0 {
		t.Errorf("assignee = %d after unassigning, want 0", unchanged.AssigneeID)
	}

	events, err := svc.FindEvents(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got2 []senderos.Event
	for _, e := range events {
		if e.ID == 0 || e.At.IsZero() || e.SubmissionID != s.ID {
			t.Errorf("event %+v lacks an id, a time or its submission", e)
		}
		got2 = append(got2, senderos.Event{StaffID: e.StaffID, Type: e.Type, From: e.From, To: e.To, Note: e.Note})
	}
	techID := strconv.FormatInt(tech.ID, 10)
	want := []senderos.Event{
		{StaffID: coord.ID, Type: senderos.EventStatus, From: "new", To: "contacted"},
		{StaffID: coord.ID, Type: senderos.EventAssign, From: "", To: techID},
		{StaffID: coord.ID, Type: senderos.EventNote, Note: "Llamada: prefiere WhatsApp."},
		{StaffID: coord.ID, Type: senderos.EventAssign, From: techID, To: ""},
	}
	if !reflect.DeepEqual(got2, want) {
		t.Errorf("events:\n got %+v\nwant %+v", got2, want)
	}

	_, err = svc.FindEvents(ctx, s.ID+1000)
	wantCode(t, "events of a missing submission", err, senderos.ENOTFOUND)
	_, err = svc.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: s.ID + 1000, Note: "x"})
	wantCode(t, "update a missing submission", err, senderos.ENOTFOUND)
}

func testErrUnknownAssignee(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Submissions
	s := NewInterest()
	MustCreate(t, svc, s)
	_, err := svc.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: s.ID, AssigneeID: 4242, Status: senderos.StatusContacted})
	wantCode(t, "unknown assignee", err, senderos.EINVALID)
	got, err := svc.FindSubmissionByID(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != senderos.StatusNew || got.AssigneeID != 0 {
		t.Errorf("a refused update was partly stored: status %s, assignee %d", got.Status, got.AssigneeID)
	}
}

func testTechnicianFilterByAssignee(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	svc := st.Submissions
	ana := MustCreateStaff(t, st.Staff, "ana@example.org", senderos.RoleTechnician)
	luis := MustCreateStaff(t, st.Staff, "luis@example.org", senderos.RoleTechnician)
	var anas []string
	for i := range 5 {
		s := NewInterest()
		MustCreate(t, svc, s)
		switch i % 3 {
		case 0:
			MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, AssigneeID: ana.ID})
			anas = append(anas, s.Reference)
		case 1:
			MustUpdate(t, svc, senderos.SubmissionUpdate{ID: s.ID, AssigneeID: luis.ID})
		}
	}
	subs, err := svc.FindSubmissions(ctx, senderos.SubmissionFilter{AssigneeID: ana.ID})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range subs {
		got = append(got, s.Reference)
		if s.AssigneeID != ana.ID {
			t.Errorf("%s is assigned to %d, not %d", s.Reference, s.AssigneeID, ana.ID)
		}
	}
	slices.Sort(got)
	slices.Sort(anas)
	if !slices.Equal(got, anas) {
		t.Errorf("Ana's records = %v, want %v", got, anas)
	}
	MustCountBoth(t, svc, senderos.SubmissionFilter{AssigneeID: luis.ID}, 2)
	MustCountBoth(t, svc, senderos.SubmissionFilter{}, 5)
}

func testFiltersByRegionSectorHousehold(t *testing.T, open OpenServices) {
	svc := open(t).Submissions
	family := func(regions, sectors []string, adults, children int) {
		s := NewInterest()
		s.Interest.Regions, s.Interest.Sectors, s.Interest.Adults = regions, sectors, adults
		s.Interest.Children = make([]senderos.Child, children)
		MustCreate(t, svc, s)
	}
	family([]string{"07"}, []string{"care"}, 1, 0)                     // 1 person
	family([]string{"07", "08"}, []string{"agriculture"}, 2, 2)        // 4 people
	family([]string{senderos.Anywhere}, []string{"hospitality"}, 2, 1) // 3 people
	family([]string{"02"}, []string{"care", "forestry"}, 2, 0)         // 2 people
	MustCreate(t, svc, NewMunicipality())

	for _, tt := range []struct {
		name   string
		filter senderos.SubmissionFilter
		want   int
	}{
		{"Region", senderos.SubmissionFilter{Regions: []string{"07"}}, 3}, // with anywhere
		{"Regions", senderos.SubmissionFilter{Regions: []string{"08", "02"}}, 3},
		{"Sector", senderos.SubmissionFilter{Sectors: []string{"care"}}, 2},
		{"Sectors", senderos.SubmissionFilter{Sectors: []string{"forestry", "hospitality"}}, 2},
		{"MinHousehold", senderos.SubmissionFilter{MinHousehold: 3}, 2},
		{"MaxHousehold", senderos.SubmissionFilter{MaxHousehold: 2}, 2},
		{"Together", senderos.SubmissionFilter{Regions: []string{"07"}, Sectors: []string{"care", "agriculture"}, MinHousehold: 2}, 1},
		{"Paginated", senderos.SubmissionFilter{Regions: []string{"07"}, Limit: 2, Offset: 2}, 1},
		{"None", senderos.SubmissionFilter{Sectors: []string{"construction"}}, 0},
		{"NoPayloadFilter", senderos.SubmissionFilter{}, 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			MustCount(t, svc, tt.filter, tt.want)
		})
	}
	count := senderos.SubmissionFilter{Regions: []string{"07"}, Limit: 1, Offset: 1}
	if n, err := svc.CountSubmissions(context.Background(), count); err != nil {
		t.Fatal(err)
	} else if n != 3 {
		t.Errorf("CountSubmissions(%+v) = %d, want 3: Limit and Offset must not count", count, n)
	}
}

func testFiltersByDateAndPaginates(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Submissions
	var subs []*senderos.Submission
	for range 4 {
		s := NewInterest()
		MustCreate(t, svc, s)
		subs = append(subs, s)
		time.Sleep(2 * time.Millisecond) // distinct CreatedAt
	}
	MustCountBoth(t, svc, senderos.SubmissionFilter{From: subs[1].CreatedAt}, 3)
	MustCountBoth(t, svc, senderos.SubmissionFilter{To: subs[1].CreatedAt}, 1)
	MustCountBoth(t, svc, senderos.SubmissionFilter{From: subs[1].CreatedAt, To: subs[3].CreatedAt}, 2)

	page, err := svc.FindSubmissions(ctx, senderos.SubmissionFilter{Limit: 2, Offset: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].ID != subs[2].ID || page[1].ID != subs[1].ID {
		t.Errorf("page of 2 from offset 1 = %v, want ids %d, %d", ids(page), subs[2].ID, subs[1].ID)
	}
	if n, err := svc.CountSubmissions(ctx, senderos.SubmissionFilter{Limit: 1, Offset: 3}); err != nil || n != 4 {
		t.Errorf("CountSubmissions ignoring the page = %d, %v; want 4", n, err)
	}
}

func testBlockedIsHiddenEverywhere(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	svc := st.Submissions
	coord := MustCreateStaff(t, st.Staff, "coord@example.org", senderos.RoleCoordinator)
	kept, erased := NewInterest(), NewInterest()
	MustCreate(t, svc, kept)
	MustCreate(t, svc, erased)
	MustUpdate(t, svc, senderos.SubmissionUpdate{ID: erased.ID, AssigneeID: coord.ID, Note: "nota"})

	if err := svc.EraseSubmission(ctx, erased.ID, coord.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.EraseSubmission(ctx, erased.ID, coord.ID); err != nil {
		t.Errorf("erasing again: %v", err)
	}
	wantCode(t, "erase a missing submission", svc.EraseSubmission(ctx, erased.ID+1000, coord.ID), senderos.ENOTFOUND)

	_, err := svc.FindSubmissionByID(ctx, erased.ID)
	wantCode(t, "FindSubmissionByID", err, senderos.ENOTFOUND)
	_, err = svc.FindSubmissionByReference(ctx, erased.Reference)
	wantCode(t, "FindSubmissionByReference", err, senderos.ENOTFOUND)
	_, err = svc.FindEvents(ctx, erased.ID)
	wantCode(t, "FindEvents", err, senderos.ENOTFOUND)
	_, err = svc.UpdateSubmission(ctx, senderos.SubmissionUpdate{ID: erased.ID, Note: "x"})
	wantCode(t, "UpdateSubmission", err, senderos.ENOTFOUND)
	for _, f := range []senderos.SubmissionFilter{
		{}, {AssigneeID: coord.ID}, {Kind: senderos.KindInterest}, {Regions: []string{"07"}},
	} {
		subs, err := svc.FindSubmissions(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range subs {
			if s.ID == erased.ID {
				t.Errorf("FindSubmissions(%+v) listed the erased record", f)
			}
		}
	}
	MustCountBoth(t, svc, senderos.SubmissionFilter{}, 1)
	MustCountBoth(t, svc, senderos.SubmissionFilter{AssigneeID: coord.ID}, 0)
	if _, err := svc.FindSubmissionByID(ctx, kept.ID); err != nil {
		t.Errorf("the other record: %v", err)
	}
}

// MustCountBoth checks that FindSubmissions lists, and CountSubmissions
// counts, want submissions for filter.
func MustCountBoth(tb testing.TB, svc senderos.SubmissionService, filter senderos.SubmissionFilter, want int) {
	tb.Helper()
	MustCount(tb, svc, filter, want)
	if n, err := svc.CountSubmissions(context.Background(), filter); err != nil {
		tb.Fatalf("CountSubmissions: %v", err)
	} else if n != want {
		tb.Errorf("CountSubmissions(%+v) = %d, want %d", filter, n, want)
	}
}

func ids(subs []*senderos.Submission) []int64 {
	var out []int64
	for _, s := range subs {
		out = append(out, s.ID)
	}
	return out
}

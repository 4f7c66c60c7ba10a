package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func testAuditIsNewestFirst(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Audit
	at := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	var ids []int64
	for i, action := range []string{senderos.AuditLogin, senderos.AuditView, senderos.AuditChange} {
		// Same time for the last two: the order of recording decides.
		e := &senderos.AuditEntry{At: at.Add(time.Duration(min(i, 1)) * time.Second), StaffID: 1,
			Actor: "ana@example.org", Action: action, Target: "NS-0000-0000", Outcome: senderos.OutcomeOK}
		if err := svc.RecordAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	noTime := &senderos.AuditEntry{Actor: "203.0.113.7", Action: senderos.AuditLogin, Outcome: senderos.OutcomeFailed}
	if err := svc.RecordAudit(ctx, noTime); err != nil {
		t.Fatal(err)
	}
	if noTime.At.IsZero() {
		t.Error("RecordAudit left At zero")
	}
	ids = append(ids, noTime.ID)

	got, err := svc.FindAudit(ctx, senderos.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("%d entries, want 4", len(got))
	}
	for i, e := range got {
		if want := ids[len(ids)-1-i]; e.ID != want {
			t.Errorf("entry %d has id %d, want %d (newest first)", i, e.ID, want)
		}
	}
	if got[3].Action != senderos.AuditLogin || got[3].Target != "NS-0000-0000" || !got[3].At.Equal(at) || got[3].StaffID != 1 {
		t.Errorf("oldest entry = %+v", got[3])
	}
	if got[0].StaffID != 0 || got[0].Outcome != senderos.OutcomeFailed {
		t.Errorf("newest entry = %+v", got[0])
	}
	wantCode(t, "no action", svc.RecordAudit(ctx, &senderos.AuditEntry{Actor: "a", Outcome: "ok"}), senderos.EINVALID)
}

func testAuditFilters(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Audit
	for i := range 6 {
		e := &senderos.AuditEntry{StaffID: int64(1 + i%2), Actor: "x@example.org", Action: senderos.AuditView, Target: "t", Outcome: "ok"}
		if i >= 4 {
			e.Action, e.Target = senderos.AuditExport, "u"
		}
		if err := svc.RecordAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name   string
		filter senderos.AuditFilter
		want   int
	}{
		{"All", senderos.AuditFilter{}, 6},
		{"Staff", senderos.AuditFilter{StaffID: 2}, 3},
		{"Action", senderos.AuditFilter{Action: senderos.AuditExport}, 2},
		{"Target", senderos.AuditFilter{Target: "t"}, 4},
		{"StaffAndAction", senderos.AuditFilter{StaffID: 1, Action: senderos.AuditView}, 2},
		{"Limit", senderos.AuditFilter{Limit: 4}, 4},
		{"Offset", senderos.AuditFilter{Offset: 5}, 1},
	} {
		got, err := svc.FindAudit(ctx, tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("%s: %d entries, want %d", tt.name, len(got), tt.want)
		}
	}
}

package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
)

// esfEntry is a complete entry at CaseNow plus n days: a woman of 35,
// unemployed for two years, a third-country national who declined the
// question on disability.
func esfEntry(n int) senderos.ESFEntry {
	return senderos.ESFEntry{On: days(n), Gender: senderos.GenderWoman, BirthDate: time.Date(1990, 5, 10, 0, 0, 0, 0, time.UTC),
		Labour: senderos.LabourUnemployed, UnemployedSince: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		Education: senderos.ISCED02, Nationality: senderos.NationalityThirdCountry, ForeignBackground: senderos.AnswerYes,
		Disability: senderos.AnswerDeclined, Minority: senderos.AnswerNo, HousingExclusion: senderos.AnswerYes}
}

// RunESF runs the contract of the ESF data against the engine's databases:
// saved sealed and read back, bad input refused with nothing stored, the
// report counting only records not erased and listing incomplete entries,
// and every view, change and export in the audit log.
func RunESF(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.Open(t)
	st, esf := ServicesOf(db), sqldb.NewESFService(db)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	kept, erased := MustOpenCase(t, st, tech.ID), MustOpenCase(t, st, tech.ID)

	// Saved, sealed, read back; saved again, replaced.
	first := &senderos.ESFParticipant{CaseID: kept.ID, Member: 1, Entry: esfEntry(1)}
	if err := esf.SaveESF(ctx, first, tech.ID, days(2)); err != nil {
		t.Fatal(err)
	}
	first.Exit = &senderos.ESFExit{On: days(3), Employed: true}
	if err := esf.SaveESF(ctx, first, tech.ID, days(3)); err != nil {
		t.Fatal(err)
	}
	incomplete := &senderos.ESFParticipant{CaseID: kept.ID, Member: 2, Entry: senderos.ESFEntry{On: days(1), Labour: senderos.LabourInactive}}
	if err := esf.SaveESF(ctx, incomplete, tech.ID, days(2)); err != nil {
		t.Fatal(err)
	}
	got, err := esf.FindESF(ctx, kept.ID, tech.ID, days(3))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Member != 1 || got[0].Exit == nil || !got[0].Exit.Employed ||
		!got[0].Entry.On.Equal(days(1)) || got[0].Entry.Disability != senderos.AnswerDeclined || got[1].Entry.Labour != senderos.LabourInactive {
		t.Fatalf("FindESF = %+v", got)
	}
	var sealed []byte
	if err := db.Reader().QueryRowContext(ctx, `SELECT sealed FROM esf_participants WHERE member = 1`).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	MustNotContain(t, "esf_participants.sealed", string(sealed), "third_country", "declined", "1990-05-10", "woman")

	// Bad input: refused, nothing stored.
	for name, tt := range map[string]struct {
		p     senderos.ESFParticipant
		field string
		code  string
	}{
		"UnknownGender":   {senderos.ESFParticipant{CaseID: kept.ID, Member: 3, Entry: senderos.ESFEntry{Gender: "x"}}, "gender", senderos.EINVALID},
		"ExitBeforeEntry": {senderos.ESFParticipant{CaseID: kept.ID, Member: 3, Entry: esfEntry(2), Exit: &senderos.ESFExit{On: days(1)}}, "exit.on", senderos.EINVALID},
		"EntryInFuture":   {senderos.ESFParticipant{CaseID: kept.ID, Member: 3, Entry: esfEntry(30)}, "on", senderos.EINVALID},
		"UnknownCase":     {senderos.ESFParticipant{CaseID: 999999, Member: 1, Entry: esfEntry(1)}, "", senderos.ENOTFOUND},
	} {
		err := esf.SaveESF(ctx, &tt.p, tech.ID, days(5))
		wantCode(t, name, err, tt.code)
		var p senderos.Problems
		if tt.field != "" && (!errors.As(err, &p) || !p.Has(tt.field)) {
			t.Errorf("%s: %v, want a problem on %s", name, err, tt.field)
		}
	}
	var n int
	if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM esf_participants`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d participants stored after bad input (%v), want 2", n, err)
	}

	// The report: the erased record's participant is not counted; the
	// incomplete one is listed to complete.
	if err := esf.SaveESF(ctx, &senderos.ESFParticipant{CaseID: erased.ID, Member: 1, Entry: esfEntry(1)}, tech.ID, days(2)); err != nil {
		t.Fatal(err)
	}
	coord := MustCreateStaff(t, st.Staff, "coord@example.org", senderos.RoleCoordinator)
	if err := st.Submissions.EraseSubmission(ctx, erased.SubmissionID, coord.ID); err != nil {
		t.Fatal(err)
	}
	r, err := esf.ESFReport(ctx, days(0), days(10), coord.ID, days(10))
	if err != nil {
		t.Fatal(err)
	}
	if row := r.Row("EECO01"); row.Total != 1 || row.ByGender[senderos.GenderWoman] != 1 {
		t.Errorf("EECO01 = %+v, want one woman (the erased record's participant not counted)", row)
	}
	if row := r.Row("EECR04"); row.Total != 1 {
		t.Errorf("EECR04 = %+v, want 1", row)
	}
	if len(r.ToComplete) != 1 || r.ToComplete[0].Member != 2 || r.ToComplete[0].Reference == "" {
		t.Errorf("ToComplete = %+v, want member 2 with its reference", r.ToComplete)
	}
	if _, err := esf.ESFReport(ctx, days(10), days(0), coord.ID, days(10)); senderos.ErrorCode(err) != senderos.EINVALID {
		t.Errorf("a period that ends before it starts: %v, want EINVALID", err)
	}
	if _, err := esf.ESFReport(ctx, days(0), days(40), coord.ID, days(10)); senderos.ErrorCode(err) != senderos.EINVALID {
		t.Errorf("a period that ends in the future: %v, want EINVALID", err)
	}

	// Audited: two changes and a view of member 1's case, one export.
	entries, err := st.Audit.FindAudit(ctx, senderos.AuditFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, a := range entries {
		count[a.Action]++
	}
	if count[sqldb.AuditESFChange] != 4 || count[sqldb.AuditESFView] != 1 || count[sqldb.AuditESFReport] != 1 {
		t.Errorf("audit: %v, want 4 %s, 1 %s, 1 %s", count, sqldb.AuditESFChange, sqldb.AuditESFView, sqldb.AuditESFReport)
	}

	// Purged with their records: nothing of either is left.
	if err := st.Submissions.EraseSubmission(ctx, kept.SubmissionID, coord.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Submissions.Purge(ctx, senderos.RetentionPolicy{Now: time.Now().Add(5 * 365 * 24 * time.Hour), Blocked: 4 * 365 * 24 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM esf_participants`).Scan(&n); err != nil {
		t.Fatal(err)
	} else if n != 0 {
		t.Errorf("%d participants left after the purge", n)
	}
}

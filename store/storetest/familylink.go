package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func testFamilyLinks(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	now := days(1)

	_, _, err := st.Family.CreateFamilyLink(ctx, c.ID, tech.ID, now, now.Add(-time.Hour))
	wantProblem(t, "expires before it is made", err, "expires_at", senderos.ProblemDateOrder)
	_, _, err = st.Family.CreateFamilyLink(ctx, c.ID+100, tech.ID, now, now.Add(senderos.FamilyLinkLifetime))
	wantCode(t, "missing case", err, senderos.ENOTFOUND)

	l, token, err := st.Family.CreateFamilyLink(ctx, c.ID, tech.ID, now, now.Add(senderos.FamilyLinkLifetime))
	if err != nil {
		t.Fatal(err)
	} else if token == "" || l.TokenHash != senderos.HashFamilyToken(token) || l.ID == 0 || l.CaseID != c.ID {
		t.Fatalf("link %+v, token %q", l, token)
	}
	mustAudited(t, st, senderos.AuditFamilyLink, c.Reference)
	got, err := st.Family.OpenFamilyLink(ctx, senderos.HashFamilyToken(token), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	} else if got.ID != c.ID {
		t.Errorf("opened case %d, want %d", got.ID, c.ID)
	}
	for what, try := range map[string]struct {
		hash string
		at   time.Time
	}{
		"wrong token":      {senderos.HashFamilyToken(token + "x"), now},
		"expired":          {l.TokenHash, now.Add(senderos.FamilyLinkLifetime + time.Second)},
		"before it exists": {l.TokenHash, now.Add(-time.Hour)},
	} {
		_, err := st.Family.OpenFamilyLink(ctx, try.hash, try.at)
		wantCode(t, what, err, senderos.ENOTFOUND)
	}
	links, err := st.Family.FindFamilyLinks(ctx, c.ID)
	if err != nil || len(links) != 1 || links[0].TokenHash != l.TokenHash || !links[0].ExpiresAt.Equal(l.ExpiresAt) {
		t.Errorf("links %+v, %v", links, err)
	}

	if err := st.Family.RevokeFamilyLink(ctx, l.ID, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, err = st.Family.OpenFamilyLink(ctx, l.TokenHash, now.Add(3*time.Hour))
	wantCode(t, "revoked", err, senderos.ENOTFOUND)
	wantCode(t, "revoked twice", st.Family.RevokeFamilyLink(ctx, l.ID, now.Add(3*time.Hour)), senderos.ECONFLICT)
	wantCode(t, "revoke a missing link", st.Family.RevokeFamilyLink(ctx, l.ID+100, now), senderos.ENOTFOUND)
}

func testFeedback(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)

	first := &senderos.Feedback{CaseID: c.ID, At: days(3), Channel: senderos.FeedbackFamilyPage, Support: 5, Village: 4, Comment: "Muy contentos"}
	second := &senderos.Feedback{CaseID: c.ID, At: days(4), Channel: senderos.FeedbackStaffCall, By: tech.ID, Month: 1, GoodDecision: senderos.AnswerYes}
	for _, f := range []*senderos.Feedback{first, second} {
		if err := st.Family.AddFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.Family.FindFeedback(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || *got[0] != *second || *got[1] != *first {
		t.Errorf("feedback %+v %+v, want %+v %+v", got[0], got[1], second, first)
	}
	err = st.Family.AddFeedback(ctx, &senderos.Feedback{CaseID: c.ID, Channel: senderos.FeedbackFamilyPage, Support: 9})
	wantProblem(t, "score out of range", err, "support", senderos.ProblemOutOfRange)
	err = st.Family.AddFeedback(ctx, &senderos.Feedback{CaseID: c.ID, Channel: senderos.FeedbackFamilyPage})
	wantProblem(t, "nothing said", err, "feedback", senderos.ProblemRequired)
	err = st.Family.AddFeedback(ctx, &senderos.Feedback{CaseID: c.ID + 100, Channel: senderos.FeedbackFamilyPage, Support: 3})
	wantCode(t, "missing case", err, senderos.ENOTFOUND)
	_, err = st.Family.FindFeedback(ctx, c.ID+100)
	wantCode(t, "FindFeedback of a missing case", err, senderos.ENOTFOUND)
}

// MustFillCase gives case c of assignee by everything that hangs from a
// case, with texts from planted (at least 9 of them): the interview and
// household, an itinerary (why, goal, task), an agreement, a visit, the
// move, a follow-up's note, a warning closed with a note, feedback and a
// family link. It returns the link's token.
func MustFillCase(tb testing.TB, st Services, c *senderos.Case, by int64, planted []string) string {
	tb.Helper()
	ctx := context.Background()
	iv, hh := NewInterview()
	iv.Worries, hh[0].Name = planted[0], planted[1]
	if _, err := st.Cases.SaveInterview(ctx, c.ID, by, iv, hh, days(1)); err != nil {
		tb.Fatal(err)
	}
	r := NewRevision(c, by)
	r.Goals[0].Target, r.Tasks[0].What = planted[2], planted[3]
	r = MustRevise(tb, st, r, 0, days(1))
	next := NewRevision(c, by)
	next.Why = planted[4]
	next = MustRevise(tb, st, next, r.Number, days(2))
	if err := st.Cases.RecordAgreement(ctx, &senderos.Agreement{RevisionID: next.ID, On: days(2), How: senderos.AgreedInPerson, RecordedBy: by}, days(2)); err != nil {
		tb.Fatal(err)
	}
	v := &senderos.Visit{CaseID: c.ID, Kind: senderos.VisitHome, On: days(3), Place: "Casa", Done: true, Outcome: planted[5], RecordedBy: by}
	if err := st.Cases.AddVisit(ctx, v, days(3)); err != nil {
		tb.Fatal(err)
	}
	fs, err := st.Cases.MarkMoved(ctx, c.ID, by, days(4), "44216", senderos.DefaultSchedule, days(4))
	if err != nil {
		tb.Fatal(err)
	}
	k := NewCheck()
	k.Note = planted[6]
	if err := st.Cases.RecordFollowUp(ctx, &senderos.FollowUp{ID: fs[0].ID, DoneOn: days(40), By: by, Check: k}, days(40)); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.Warnings.RaiseWarnings(ctx, days(400), senderos.WarningRules{}); err != nil {
		tb.Fatal(err)
	}
	ws, err := st.Warnings.FindWarnings(ctx, senderos.WarningFilter{CaseID: c.ID, Limit: 1})
	if err != nil || len(ws) == 0 {
		tb.Fatalf("no warning to close: %v", err)
	}
	if _, err := st.Warnings.CloseWarning(ctx, ws[0].ID, senderos.Closure{By: by, At: days(400), Note: planted[7]}); err != nil {
		tb.Fatal(err)
	}
	if err := st.Family.AddFeedback(ctx, &senderos.Feedback{CaseID: c.ID, At: days(5), Channel: senderos.FeedbackFamilyPage, Support: 4, Comment: planted[8]}); err != nil {
		tb.Fatal(err)
	}
	_, token, err := st.Family.CreateFamilyLink(ctx, c.ID, by, days(5), days(5).Add(senderos.FamilyLinkLifetime))
	if err != nil {
		tb.Fatal(err)
	}
	return token
}

// PlantedCase are texts no test writes anywhere else, one per sealed
// field of a case, so that finding one in a file or a column means it
// leaked there.
var PlantedCase = []string{"Preocupa zqy-worry-4411", "Zqyname Hadjira", "Meta zqy-target-9187", "Tarea zqy-task-5520",
	"Motivo zqy-why-3307", "Resultado zqy-visit-6673", "Nota zqy-followup-2290", "Cierre zqy-warning-8815", "Comentario zqy-feedback-1144"}

func testBlockedCaseHidden(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	coord := MustCreateStaff(t, st.Staff, "coord@example.org", senderos.RoleCoordinator)
	kept, erased := MustOpenCase(t, st, tech.ID), MustOpenCase(t, st, tech.ID)
	MustFillCase(t, st, kept, tech.ID, PlantedCase)
	token := MustFillCase(t, st, erased, tech.ID, PlantedCase)
	ws, err := st.Warnings.FindWarnings(ctx, senderos.WarningFilter{CaseID: erased.ID, Open: true, Limit: 1})
	if err != nil || len(ws) == 0 {
		t.Fatalf("no open warning on the case: %v", err)
	}
	if err := st.Submissions.EraseSubmission(ctx, erased.SubmissionID, coord.ID); err != nil {
		t.Fatal(err)
	}

	for what, err := range map[string]error{
		"FindCase":             second(st.Cases.FindCase(ctx, erased.ID)),
		"FindCaseBySubmission": second(st.Cases.FindCaseBySubmission(ctx, erased.SubmissionID)),
		"CurrentRevision":      second(st.Cases.CurrentRevision(ctx, erased.ID)),
		"FindRevisions":        second(st.Cases.FindRevisions(ctx, erased.ID)),
		"FindVisits":           second(st.Cases.FindVisits(ctx, erased.ID)),
		"FindFollowUps":        second(st.Cases.FindFollowUps(ctx, erased.ID)),
		"FindFamilyLinks":      second(st.Family.FindFamilyLinks(ctx, erased.ID)),
		"FindFeedback":         second(st.Family.FindFeedback(ctx, erased.ID)),
		"OpenFamilyLink":       second(st.Family.OpenFamilyLink(ctx, senderos.HashFamilyToken(token), days(6))),
		"SaveInterview":        second(st.Cases.SaveInterview(ctx, erased.ID, tech.ID, senderos.Interview{At: days(1)}, nil, days(6))),
		"AddVisit":             st.Cases.AddVisit(ctx, &senderos.Visit{CaseID: erased.ID, Kind: senderos.VisitHome, On: days(6), Place: "x"}, days(6)),
		"AddFeedback":          st.Family.AddFeedback(ctx, &senderos.Feedback{CaseID: erased.ID, Channel: senderos.FeedbackFamilyPage, Support: 1}),
		"CloseWarning":         second(st.Warnings.CloseWarning(ctx, ws[0].ID, senderos.Closure{By: tech.ID, Note: "x"})),
		"CreateFamilyLink":     third(st.Family.CreateFamilyLink(ctx, erased.ID, tech.ID, days(6), days(60))),
		"OpenCase":             second(st.Cases.OpenCase(ctx, erased.SubmissionID, tech.ID, days(6))),
	} {
		wantCode(t, what, err, senderos.ENOTFOUND)
	}
	ws, err = st.Warnings.FindWarnings(ctx, senderos.WarningFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.CaseID == erased.ID {
			t.Errorf("FindWarnings lists a warning of the erased case")
		}
	}
	if n, err := st.Warnings.RaiseWarnings(ctx, days(800), senderos.WarningRules{}); err != nil {
		t.Fatal(err)
	} else if ws, _ := st.Warnings.FindWarnings(ctx, senderos.WarningFilter{CaseID: erased.ID}); len(ws) != 0 {
		t.Errorf("RaiseWarnings raised %d, some on the erased case", n)
	}
	for _, who := range []*senderos.Staff{tech, coord} {
		q, err := st.Warnings.WorkQueue(ctx, who, days(6))
		if err != nil {
			t.Fatal(err)
		}
		for _, items := range [][]senderos.QueueItem{q.Overdue, q.DueThisWeek} {
			for _, it := range items {
				if it.CaseID == erased.ID {
					t.Errorf("%s's work queue shows the erased case", who.Email)
				}
			}
		}
		for _, w := range q.Warnings {
			if w.CaseID == erased.ID {
				t.Errorf("%s's work queue warns of the erased case", who.Email)
			}
		}
		for _, c := range q.PerTechnician {
			if c.StaffID == tech.ID && c.Cases != 1 {
				t.Errorf("counts %+v include the erased case", c)
			}
		}
	}
	if _, err := st.Cases.FindCase(ctx, kept.ID); err != nil {
		t.Errorf("the other case is hidden too: %v", err)
	}
}

// second returns the error of a call returning a value and an error.
func second[T any](_ T, err error) error { return err }

// third returns the error of a call returning two values and an error.
func third[T, U any](_ T, _ U, err error) error { return err }

func testPurgeDeletesCase(t *testing.T, open func(t *testing.T) Services) {
	ctx, st := context.Background(), open(t)
	tech := MustCreateStaff(t, st.Staff, "tec@example.org", senderos.RoleTechnician)
	c := MustOpenCase(t, st, tech.ID)
	MustFillCase(t, st, c, tech.ID, PlantedCase)
	if err := st.Submissions.EraseSubmission(ctx, c.SubmissionID, tech.ID); err != nil {
		t.Fatal(err)
	}
	got, err := st.Submissions.Purge(ctx, senderos.RetentionPolicy{Now: time.Now().Add(48 * time.Hour), Blocked: time.Hour})
	if err != nil {
		t.Fatal(err)
	} else if got.Blocked != 1 {
		t.Errorf("purged %+v, want the blocked record", got)
	}
	// A new record may reuse nothing of the case.
	c2 := MustOpenCase(t, st, tech.ID)
	if c2.ID == c.ID {
		t.Errorf("the purged case's id was reused")
	}
}

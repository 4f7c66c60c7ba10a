package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/cepaim/senderos/store/sqldb"
)

// The size of BenchmarkWorkQueue's programme: BenchCases cases, each with
// BenchCasesPerTechnician technicians' worth, and about BenchEvents goals,
// tasks, follow-ups, visits and warnings in all.
const (
	BenchCases              = 10_000
	BenchCasesPerTechnician = 200
	BenchEvents             = 200_000
)

// benchNow is when BenchmarkWorkQueue's queues are built.
var benchNow = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)

// QueueFixture is what LoadQueueFixture stored.
type QueueFixture struct {
	Technician  *senderos.Staff // one of the technicians, with BenchCasesPerTechnician cases
	Coordinator *senderos.Staff
	Events      int // goals, tasks, follow-ups, visits and warnings stored
}

// LoadQueueFixture stores BenchCases families with their cases, spread
// over technicians BenchCasesPerTechnician each, and about BenchEvents
// goals, tasks, follow-ups, visits and warnings: a programme a year and a
// half old, most of its past work done, some of it late. The families go
// in through the service; the rest in one transaction with prepared
// statements (see sqldb.DB.Bulk).
func LoadQueueFixture(tb testing.TB, db *sqldb.DB) *QueueFixture {
	tb.Helper()
	ctx := context.Background()
	st := ServicesOf(db)
	f := &QueueFixture{Coordinator: MustCreateStaff(tb, st.Staff, "coord@example.org", senderos.RoleCoordinator)}
	var techs []int64
	for i := range BenchCases / BenchCasesPerTechnician {
		t := MustCreateStaff(tb, st.Staff, fmt.Sprintf("tec%02d@example.org", i), senderos.RoleTechnician)
		if i == 0 {
			f.Technician = t
		}
		techs = append(techs, t.ID)
	}
	MustCreateFamilies(tb, st.Submissions, BenchCases)
	rows, err := db.Reader().QueryContext(ctx, `SELECT id FROM submissions ORDER BY id`)
	if err != nil {
		tb.Fatal(err)
	}
	var subs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			tb.Fatal(err)
		}
		subs = append(subs, id)
	}
	if err := rows.Close(); err != nil {
		tb.Fatal(err)
	}

	keys := db.Keys()
	sealed := func(label string) []byte {
		b, err := keys.Seal(label, []byte(`{"what":"Objetivo","target":"Meta","measure":"Medida"}`))
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	goalSealed, taskSealed, visitSealed := sealed(record.LabelGoal), sealed(record.LabelTask), sealed(record.LabelVisit)
	day := func(t time.Time) string { return senderos.Day(t).Format(time.DateOnly) }
	r := rand.New(rand.NewPCG(12, 7))
	err = db.Bulk(ctx, func(b *sqldb.Bulk) error {
		prep := func(q string) *sqldb.BulkStmt {
			s, err := b.Prepare(q)
			if err != nil {
				tb.Fatal(err)
			}
			return s
		}
		sub := prep(`UPDATE submissions SET status = ?, assignee_id = ? WHERE id = ?`)
		kase := prep(`INSERT INTO cases (submission_id, opened_at, opened_by, assignee_id, moved_on, municipality_code, last_contact_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
		rev := prep(`INSERT INTO itinerary_revisions (case_id, number, staff_id, at) VALUES (?, 1, ?, ?) RETURNING id`)
		goal := prep(`INSERT INTO goals (revision_id, case_id, number, current, phase, area, responsible, status, due_on, sealed)
			VALUES (?, ?, ?, ?, 'preparation', 'employment', 'technician', ?, ?, ?)`)
		task := prep(`INSERT INTO tasks (revision_id, case_id, number, current, phase, owner, due_on, done, sealed)
			VALUES (?, ?, ?, ?, 'preparation', 'family', ?, ?, ?)`)
		follow := prep(`INSERT INTO followups (case_id, month, due_on, done_on, intends_to_stay) VALUES (?, ?, ?, ?, ?)`)
		visit := prep(`INSERT INTO visits (case_id, kind, visit_on, done, recorded_at, sealed) VALUES (?, 'home', ?, ?, ?, ?)`)
		warn := prep(`INSERT INTO warnings (case_id, kind, subject_kind, subject_id, since_on, why, raised_at, closed_at)
			VALUES (?, 'goal_overdue', 'goal', ?, ?, '{}', ?, ?)`)
		must := func(err error) {
			if err != nil {
				tb.Fatal(err)
			}
		}
		for i, sid := range subs {
			tech := techs[i%len(techs)]
			opened := benchNow.AddDate(0, 0, -30-r.IntN(500))
			moved := r.IntN(10) < 6
			status := senderos.StatusItinerary
			var movedOn any
			if moved {
				status, movedOn = senderos.StatusRelocated, day(opened.AddDate(0, 0, 20+r.IntN(60)))
			}
			must(sub.Exec(string(status), tech, sid))
			cid, err := kase.ID(sid, opened, tech, tech, movedOn, "44216", opened.AddDate(0, 0, r.IntN(30)), opened)
			must(err)
			rid, err := rev.ID(cid, tech, opened)
			must(err)
			due := func() time.Time { return opened.AddDate(0, 0, r.IntN(420)) }
			for n := 1; n <= 6; n++ {
				d := due()
				status := []string{senderos.GoalPlanned, senderos.GoalInProgress}[r.IntN(2)]
				if d.Before(benchNow) && r.IntN(10) < 9 {
					status = []string{senderos.GoalAchieved, senderos.GoalAchieved, senderos.GoalDropped}[r.IntN(3)]
				}
				must(goal.Exec(rid, cid, n, true, status, day(d), goalSealed))
				f.Events++
			}
			for n := 1; n <= 7; n++ {
				d := due()
				must(task.Exec(rid, cid, n, true, day(d), d.Before(benchNow) && r.IntN(10) < 9, taskSealed))
				f.Events++
			}
			if moved {
				for _, m := range senderos.DefaultSchedule.Months {
					d := senderos.AddMonths(opened.AddDate(0, 0, 50), m)
					var done, stay any
					if d.Before(benchNow) && r.IntN(10) < 9 {
						done, stay = day(d.AddDate(0, 0, r.IntN(5))), senderos.AnswerYes
					}
					must(follow.Exec(cid, m, day(d), done, stay))
					f.Events++
				}
			}
			for range 3 {
				d := due()
				must(visit.Exec(cid, day(d), d.Before(benchNow) && r.IntN(10) < 9, opened, visitSealed))
				f.Events++
			}
			for n := range 1 + r.IntN(2) {
				raised := opened.AddDate(0, 0, 10+r.IntN(300))
				var closed any
				if r.IntN(10) < 7 {
					closed = raised.AddDate(0, 0, 3)
				}
				must(warn.Exec(cid, n+1, day(raised), raised, closed))
				f.Events++
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// BenchmarkWorkQueue stores the programme of LoadQueueFixture in db, runs
// settle (the engine's ANALYZE) if not nil, then times the work queue of
// one technician (BenchCasesPerTechnician cases) and of a coordinator
// (every case, with counts per technician), and reports the 99th
// percentile as p99-ms.
func BenchmarkWorkQueue(b *testing.B, db *sqldb.DB, settle func(testing.TB)) {
	start := time.Now()
	f := LoadQueueFixture(b, db)
	if settle != nil {
		settle(b)
	}
	b.Logf("stored %d cases and %d events in %s", BenchCases, f.Events, time.Since(start).Round(time.Millisecond))
	svc := sqldb.NewWarningService(db)
	ctx := context.Background()
	for _, who := range []struct {
		name  string
		staff *senderos.Staff
	}{{"Technician", f.Technician}, {"Coordinator", f.Coordinator}} {
		b.Run(who.name, func(b *testing.B) {
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				q, err := svc.WorkQueue(ctx, who.staff, benchNow)
				if err != nil {
					b.Fatal(err)
				} else if len(q.Overdue) == 0 {
					b.Fatal("nothing overdue: the fixture is wrong")
				}
				times = append(times, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(times)
			p99 := times[min(len(times)-1, len(times)*99/100)]
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		})
	}
}

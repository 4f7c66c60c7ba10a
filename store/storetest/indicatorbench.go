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

// The size of BenchmarkIndicators' programme: BenchCases families with
// their cases (BenchCasesPerTechnician a technician), each with
// BenchFollowUpsPerCase follow-ups and BenchParticipantsPerCase ESF
// participants, BenchProposals proposals, BenchProfiles villages.
const (
	BenchFollowUpsPerCase    = 5
	BenchParticipantsPerCase = 2
	BenchProposals           = 5_000
	BenchProfiles            = 200
)

// indicatorNow is when BenchmarkIndicators counts; its year runs from
// indicatorFrom to indicatorTo.
var (
	indicatorNow  = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	indicatorFrom = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	indicatorTo   = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
)

// IndicatorFixture is what LoadIndicatorFixture stored.
type IndicatorFixture struct {
	Technician                         *senderos.Staff // one of the technicians, with BenchCasesPerTechnician cases
	Coordinator                        *senderos.Staff
	Province                           string // a province families signed up from
	FollowUps, Proposals, Participants int
}

// LoadIndicatorFixture stores a programme two years old: BenchCases
// families who signed up, were contacted and had their case opened over
// 2025 and 2026, nearly all of whom moved (a tenth have left since), with
// BenchFollowUpsPerCase follow-ups each (most done, some late), a
// feedback each, BenchParticipantsPerCase ESF participants each (entered
// when the case opened, some left, some checked six months on),
// BenchProfiles published villages with job offers and homes, and
// BenchProposals proposals, agreed, declined or expired. The families go
// in through the service; the rest in one transaction with prepared
// statements (see sqldb.DB.Bulk).
func LoadIndicatorFixture(tb testing.TB, db *sqldb.DB) *IndicatorFixture {
	tb.Helper()
	ctx := context.Background()
	st := ServicesOf(db)
	f := &IndicatorFixture{Coordinator: MustCreateStaff(tb, st.Staff, "coord@example.org", senderos.RoleCoordinator)}
	var techs []int64
	for i := range BenchCases / BenchCasesPerTechnician {
		t := MustCreateStaff(tb, st.Staff, fmt.Sprintf("tec%02d@example.org", i), senderos.RoleTechnician)
		if i == 0 {
			f.Technician = t
		}
		techs = append(techs, t.ID)
	}
	MustCreateFamilies(tb, st.Submissions, BenchCases)
	type family struct {
		id       int64
		province string
	}
	var subs []family
	rows, err := db.Reader().QueryContext(ctx, `SELECT submission_id, province_code FROM families ORDER BY submission_id`)
	if err != nil {
		tb.Fatal(err)
	}
	for rows.Next() {
		var fam family
		if err := rows.Scan(&fam.id, &fam.province); err != nil {
			tb.Fatal(err)
		}
		subs = append(subs, fam)
	}
	if err := rows.Close(); err != nil {
		tb.Fatal(err)
	}
	f.Province = subs[0].province

	keys := db.Keys()
	seal := func(label string, v any) []byte {
		b, err := record.SealJSON(keys, label, v)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	day := func(t time.Time) string { return senderos.Day(t).Format(time.DateOnly) }
	r := rand.New(rand.NewPCG(14, 3))
	start := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	span := int(indicatorNow.Sub(start).Hours()/24) - 100
	regions := []string{"02", "07", "08", "10", "11", "12", "14", "17"}
	provinces := map[string][]string{"02": {"22", "44", "50"}, "07": {"05", "09", "24", "34", "37", "40", "42", "47", "49"},
		"08": {"02", "13", "16", "19", "45"}, "10": {"03", "12", "46"}, "11": {"06", "10"}, "12": {"15", "27", "32", "36"},
		"14": {"30"}, "17": {"26"}}
	err = db.Bulk(ctx, func(b *sqldb.Bulk) error {
		prep := func(q string) *sqldb.BulkStmt {
			s, err := b.Prepare(q)
			if err != nil {
				tb.Fatal(err)
			}
			return s
		}
		must := func(err error) {
			if err != nil {
				tb.Fatal(err)
			}
		}
		// Villages: published profiles, each with job offers and homes.
		profile := prep(`INSERT INTO profiles (code, data, published_at, updated_at) VALUES (?, ?, ?, ?)`)
		job := prep(`INSERT INTO jobs (municipality_code, employer, sector, tasks, contract, hours_week, start_on, pay_min, pay_max,
			vacancies, needs_licence, spanish_level, needs_experience, home_included, status, created_at, updated_at)
			VALUES (?, 'Cooperativa', 'agriculture', 'Campo', 'permanent', 40, ?, 1200, 1400, 20, ?, 'basic', ?, ?, 'open', ?, ?) RETURNING id`)
		home := prep(`INSERT INTO homes (municipality_code, bedrooms, rent, available_on, furnished, step_free, notes, status, created_at, updated_at)
			VALUES (?, 3, 300, ?, ?, ?, '', 'open', ?, ?) RETURNING id`)
		var villages []string
		var jobs []int64
		for i := range BenchProfiles {
			region := regions[i%len(regions)]
			ps := provinces[region]
			code := fmt.Sprintf("%s%03d", ps[i%len(ps)], 100+i)
			villages = append(villages, code)
			published := start.AddDate(0, 0, r.IntN(300))
			must(profile.Exec(code, fmt.Sprintf(`{"ine_code":%q,"name":"Pueblo %d","region":"Región %s"}`, code, i, region), published, published))
			for range 3 {
				id, err := job.ID(code, day(published.AddDate(0, 1, 0)), false, false, false, published, published)
				must(err)
				jobs = append(jobs, id)
			}
		}
		var homes []int64
		for i := range BenchProposals {
			at := start.AddDate(0, 0, r.IntN(span))
			id, err := home.ID(villages[i%len(villages)], day(at), false, false, at, at)
			must(err)
			homes = append(homes, id)
		}

		sub := prep(`UPDATE submissions SET status = ?, assignee_id = ?, created_at = ? WHERE id = ?`)
		event := prep(`INSERT INTO events (submission_id, at, staff_id, type, from_value, to_value) VALUES (?, ?, ?, 'status', 'new', 'contacted')`)
		kase := prep(`INSERT INTO cases (submission_id, opened_at, opened_by, assignee_id, moved_on, municipality_code, last_contact_at, closed_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
		follow := prep(`INSERT INTO followups (case_id, month, due_on, done_on, intends_to_stay, good_decision) VALUES (?, ?, ?, ?, ?, ?)`)
		feedback := prep(`INSERT INTO feedback (case_id, at, channel, support, month, good_decision) VALUES (?, ?, 'family_page', ?, 1, ?)`)
		participant := prep(`INSERT INTO esf_participants (case_id, member, entry_on, exit_on, later_on, updated_at, sealed) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		proposal := prep(`INSERT INTO proposals (case_id, municipality_code, job_id, home_id, fit, staff_id, at, deadline_on, status, closed_at)
			VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?) RETURNING id`)
		response := prep(`INSERT INTO proposal_responses (proposal_id, party, accept, reason, via, at) VALUES (?, 'family', ?, ?, 'family_page', ?)`)

		// ESF records: kinds of participant, each sealed with its days.
		type kind struct {
			gender, labour string
			exit, later    bool
		}
		var kinds []kind
		for _, g := range senderos.Genders {
			for _, l := range []string{senderos.LabourUnemployed, senderos.LabourInactive, senderos.LabourEmployed} {
				kinds = append(kinds, kind{g, l, false, false}, kind{g, l, true, false}, kind{g, l, true, true})
			}
		}
		esf := func(k kind, on time.Time) []byte {
			p := record.ESFPrivate{Entry: senderos.ESFEntry{On: senderos.Day(on), Gender: k.gender, BirthDate: time.Date(1988, 5, 4, 0, 0, 0, 0, time.UTC),
				Labour: k.labour, UnemployedSince: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), Education: senderos.ISCED34,
				Nationality: senderos.NationalityThirdCountry, ForeignBackground: senderos.AnswerYes, Disability: senderos.AnswerNo,
				Minority: senderos.AnswerDeclined, HousingExclusion: senderos.AnswerNo}}
			if k.exit {
				p.Exit = &senderos.ESFExit{On: senderos.Day(on.AddDate(0, 6, 0)), Employed: true}
			}
			if k.later {
				p.Later = &senderos.ESFLater{On: senderos.Day(on.AddDate(1, 0, 0)), Employed: true, Improved: true}
			}
			if r.IntN(50) == 0 {
				p.Entry.Education = "" // to complete
			}
			return seal(record.LabelESF, p)
		}

		decisions := []string{senderos.AnswerYes, senderos.AnswerYes, senderos.AnswerYes, senderos.AnswerNotSure, senderos.AnswerNo}
		reasons := []string{"work", "housing", "distance", "family"}
		proposed := 0
		for i, fam := range subs {
			tech := techs[i%len(techs)]
			opened := start.AddDate(0, 0, r.IntN(span)).Add(time.Duration(r.IntN(8)) * time.Hour)
			signed := opened.AddDate(0, 0, -5-r.IntN(40))
			must(sub.Exec(string(senderos.StatusRelocated), tech, signed, fam.id))
			must(event.Exec(fam.id, signed.AddDate(0, 0, 1+r.IntN(10)), tech))
			moved := opened.AddDate(0, 0, 20+r.IntN(60))
			var closed any
			if r.IntN(10) == 0 {
				closed = moved.AddDate(0, 2+r.IntN(10), 0)
			}
			village := villages[r.IntN(len(villages))]
			cid, err := kase.ID(fam.id, opened, tech, tech, day(moved), village, opened.AddDate(0, 0, r.IntN(30)), closed, opened)
			must(err)
			for _, m := range []int{1, 3, 6, 9, 12}[:BenchFollowUpsPerCase] {
				due := senderos.AddMonths(moved, m)
				var done, stay, good any
				if due.Before(indicatorNow) && r.IntN(10) < 9 {
					done, stay = day(due.AddDate(0, 0, r.IntN(10)-3)), senderos.AnswerYes
					if m == 1 || m == 6 || m == 12 {
						good = decisions[r.IntN(len(decisions))]
					}
				}
				must(follow.Exec(cid, m, day(due), done, stay, good))
				f.FollowUps++
			}
			if fb := senderos.AddMonths(moved, 1).AddDate(0, 0, 3); fb.Before(indicatorNow) {
				must(feedback.Exec(cid, fb, 1+r.IntN(5), decisions[r.IntN(len(decisions))]))
			}
			for m := 1; m <= BenchParticipantsPerCase; m++ {
				k := kinds[r.IntN(len(kinds))]
				var exit, later any
				if k.exit {
					exit = day(opened.AddDate(0, 6, 0))
				}
				if k.later {
					later = day(opened.AddDate(1, 0, 0))
				}
				must(participant.Exec(cid, m, day(opened), exit, later, opened, esf(k, opened)))
				f.Participants++
			}
			if proposed < BenchProposals {
				at := opened.AddDate(0, 0, 5)
				status, accept := []string{senderos.ProposalAgreed, senderos.ProposalAgreed, senderos.ProposalDeclined, senderos.ProposalExpired}[r.IntN(4)], true
				if status == senderos.ProposalDeclined {
					accept = false
				}
				pid, err := proposal.ID(cid, village, jobs[r.IntN(len(jobs))], homes[proposed], tech, at, day(at.AddDate(0, 0, 14)), status, at.AddDate(0, 0, 4))
				must(err)
				reason := ""
				if !accept {
					reason = reasons[r.IntN(len(reasons))]
				}
				if status != senderos.ProposalExpired {
					must(response.Exec(pid, accept, reason, at.AddDate(0, 0, 4)))
				}
				proposed++
				f.Proposals++
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// BenchmarkIndicators stores the programme of LoadIndicatorFixture in db,
// runs settle (the engine's ANALYZE) if not nil, then times the dashboard
// of a year for the whole programme, a province and a technician,
// reporting the 99th percentile as p99-ms, and the ESF report of the year
// over every participant, reporting its mean as report-s.
func BenchmarkIndicators(b *testing.B, db *sqldb.DB, settle func(testing.TB)) {
	start := time.Now()
	f := LoadIndicatorFixture(b, db)
	if settle != nil {
		settle(b)
	}
	b.Logf("stored %d families, %d follow-ups, %d proposals and %d ESF participants in %s",
		BenchCases, f.FollowUps, f.Proposals, f.Participants, time.Since(start).Round(time.Millisecond))
	svc := sqldb.NewIndicatorService(db)
	ctx := context.Background()
	year := senderos.IndicatorFilter{From: indicatorFrom, To: indicatorTo}
	for _, d := range []struct {
		name   string
		filter senderos.IndicatorFilter
	}{
		{"Dashboard/Programme", year},
		{"Dashboard/Province", senderos.IndicatorFilter{From: year.From, To: year.To, Province: f.Province}},
		{"Dashboard/Technician", senderos.IndicatorFilter{From: year.From, To: year.To, TechnicianID: f.Technician.ID}},
	} {
		b.Run(d.name, func(b *testing.B) {
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				got, err := svc.Dashboard(ctx, d.filter, indicatorNow)
				if err != nil {
					b.Fatal(err)
				} else if got.Families == 0 || got.FollowUpsOnTime.Whole == 0 || got.Proposals == 0 {
					b.Fatalf("nothing counted: the fixture is wrong: %+v", *got)
				}
				times = append(times, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(times)
			p99 := times[min(len(times)-1, len(times)*99/100)]
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		})
	}
	b.Run("ESFReport", func(b *testing.B) {
		esf := sqldb.NewESFService(db)
		var total time.Duration
		b.ResetTimer()
		for range b.N {
			start := time.Now()
			r, err := esf.ESFReport(ctx, indicatorFrom, indicatorTo, f.Coordinator.ID, indicatorNow)
			if err != nil {
				b.Fatal(err)
			} else if r.Row("EECO01").Total == 0 {
				b.Fatal("no participant counted: the fixture is wrong")
			}
			total += time.Since(start)
		}
		b.StopTimer()
		b.ReportMetric(total.Seconds()/float64(b.N), "report-s")
	})
}

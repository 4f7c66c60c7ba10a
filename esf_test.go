package senderos_test

import (
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func isoDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// esfFixture is eight participants whose figures for 2026 were worked out
// by hand (see TestESFReport).
func esfFixture() []*senderos.ESFParticipant {
	entry := func(on, gender, born, labour, since, edu, nat, foreign, disab, minority, housing string, rural bool) senderos.ESFEntry {
		e := senderos.ESFEntry{Gender: gender, Labour: labour, Education: edu, Nationality: nat,
			ForeignBackground: foreign, Disability: disab, Minority: minority, HousingExclusion: housing, Rural: rural}
		for _, d := range []struct {
			s string
			t *time.Time
		}{{on, &e.On}, {born, &e.BirthDate}, {since, &e.UnemployedSince}} {
			if d.s != "" {
				*d.t = isoDay(d.s)
			}
		}
		return e
	}
	const yes, no, declined = senderos.AnswerYes, senderos.AnswerNo, senderos.AnswerDeclined
	const w, m, nb = senderos.GenderWoman, senderos.GenderMan, senderos.GenderNonBinary
	const u, in, emp = senderos.LabourUnemployed, senderos.LabourInactive, senderos.LabourEmployed
	const i02, i34, i58 = senderos.ISCED02, senderos.ISCED34, senderos.ISCED58
	const eu, tc, sl = senderos.NationalityEU, senderos.NationalityThirdCountry, senderos.NationalityStateless
	return []*senderos.ESFParticipant{
		{ID: 1, Entry: entry("2026-02-01", w, "1990-05-10", u, "2024-01-01", i02, tc, yes, declined, no, yes, false),
			Exit:  &senderos.ESFExit{On: isoDay("2026-08-01"), Employed: true},
			Later: &senderos.ESFLater{On: isoDay("2027-02-01"), Employed: true}},
		{ID: 2, Entry: entry("2026-03-15", m, "2000-03-01", u, "2025-12-01", i34, tc, yes, no, declined, no, true),
			Exit:  &senderos.ESFExit{On: isoDay("2026-06-01"), JobSearching: true},
			Later: &senderos.ESFLater{On: isoDay("2026-12-01"), Employed: true, Improved: true}},
		{ID: 3, Entry: entry("2026-04-01", w, "2010-07-01", in, "", i02, tc, yes, no, no, yes, false)},
		{ID: 4, Entry: entry("2026-05-01", nb, "1970-01-01", emp, "", i58, eu, no, yes, no, no, false)},
		{ID: 5, Entry: entry("2026-06-01", m, "2003-06-01", u, "2025-10-01", i34, sl, declined, no, no, no, false),
			Exit: &senderos.ESFExit{On: isoDay("2026-11-01"), InEducation: true, Qualification: true}},
		{ID: 6, Entry: entry("2025-06-01", w, "1985-01-01", u, "2025-01-01", i02, tc, no, no, no, no, false),
			Exit:  &senderos.ESFExit{On: isoDay("2026-03-01"), Employed: true},
			Later: &senderos.ESFLater{On: isoDay("2026-09-01"), Employed: true, Improved: true}},
		{ID: 7, Reference: "NS-AAAA-BBBB-2", Entry: entry("2026-07-01", "", "1999-01-01", in, "", "", tc, no, no, no, no, false)},
		{ID: 8, Entry: entry("2025-01-01", w, "", in, "", i02, tc, no, no, no, no, false)},
	}
}

// TestESFReport counts the fixture for 2026 and compares each indicator
// with the figures worked out by hand: women, men, non-binary, total.
func TestESFReport(t *testing.T) {
	r := senderos.NewESFReport(esfFixture(), isoDay("2026-01-01"), isoDay("2027-01-01"))
	want := map[string][4]int{
		"EECO01": {2, 2, 1, 5}, // 1, 2, 3, 4, 5; 6 entered in 2025, 7 is incomplete
		"EECO02": {1, 2, 0, 3},
		"EECO03": {1, 1, 0, 2}, // 1 (two years, aged 35); 5 (eight months, aged 22); not 2 (3½ months, aged 26)
		"EECO04": {1, 0, 0, 1},
		"EECO05": {0, 0, 1, 1},
		"EECO06": {1, 0, 0, 1},
		"EECO07": {0, 2, 0, 2},
		"EECO08": {0, 0, 1, 1},
		"EECO09": {2, 0, 0, 2},
		"EECO10": {0, 2, 0, 2},
		"EECO11": {0, 0, 1, 1},
		"EECO12": {0, 0, 1, 1}, // 1 declined: not counted
		"EECO13": {2, 2, 0, 4}, // the stateless count as third-country nationals
		"EECO14": {2, 1, 0, 3},
		"EECO15": {0, 0, 0, 0},
		"EECO16": {2, 0, 0, 2},
		"EECO17": {0, 1, 0, 1},
		"EECR01": {0, 1, 0, 1},
		"EECR02": {0, 1, 0, 1},
		"EECR03": {0, 1, 0, 1},
		"EECR04": {2, 0, 0, 2}, // 1, and 6 who entered in 2025 and left in 2026
		"EECR05": {1, 1, 0, 2}, // 2 and 6; 1's six months fall in 2027
		"EECR06": {1, 1, 0, 2},
	}
	if len(r.Rows) != len(want) {
		t.Errorf("%d rows, want %d", len(r.Rows), len(want))
	}
	for code, w := range want {
		row := r.Row(code)
		if row == nil {
			t.Errorf("no row %s", code)
			continue
		}
		got := [4]int{row.ByGender[senderos.GenderWoman], row.ByGender[senderos.GenderMan], row.ByGender[senderos.GenderNonBinary], row.Total}
		if got != w {
			t.Errorf("%s = %v, want %v", code, got, w)
		}
	}
	if len(r.ToComplete) != 1 || r.ToComplete[0].ID != 7 {
		t.Fatalf("to complete: %v, want participant 7 only", r.ToComplete)
	}
	if got := r.ToComplete[0].Missing(); len(got) != 2 || got[0] != "gender" || got[1] != "education" {
		t.Errorf("participant 7 lacks %v, want [gender education]", got)
	}
}

// TestPublic checks the small-number rule at 4, 5 and 6.
func TestPublic(t *testing.T) {
	for n, want := range map[int]senderos.PublicFigure{
		0: {Fewer: true}, 4: {Fewer: true}, 5: {N: 5}, 6: {N: 6},
	} {
		if got := senderos.Public(n); got != want {
			t.Errorf("Public(%d) = %+v, want %+v", n, got, want)
		}
	}
}

func TestValidatePeriod(t *testing.T) {
	now := isoDay("2026-12-07")
	for _, tt := range []struct {
		from, to string
		want     string
	}{
		{"2026-01-01", "2027-01-01", "to"}, // ends in the future
		{"2026-01-01", "2026-12-08", ""},   // up to today, inclusive
		{"2026-06-01", "2026-05-01", "to"}, // ends before it starts
		{"2026-06-01", "2026-06-01", "to"}, // empty
		{"", "2026-06-01", "from"},
	} {
		var from, to time.Time
		if tt.from != "" {
			from = isoDay(tt.from)
		}
		to = isoDay(tt.to)
		p := senderos.ValidatePeriod(from, to, now)
		if tt.want == "" && len(p) > 0 || tt.want != "" && !p.Has(tt.want) {
			t.Errorf("ValidatePeriod(%s, %s) = %v, want a problem on %q", tt.from, tt.to, p, tt.want)
		}
	}
}

func TestLongTermUnemployed(t *testing.T) {
	for _, tt := range []struct {
		born, since string
		want        bool
	}{
		{"1990-01-01", "2025-05-31", true},  // 25 or over: over twelve months
		{"1990-01-01", "2025-06-01", false}, // exactly twelve months
		{"2003-01-01", "2025-11-30", true},  // under 25: over six months
		{"2003-01-01", "2025-12-01", false},
	} {
		e := senderos.ESFEntry{On: isoDay("2026-06-01"), Labour: senderos.LabourUnemployed, BirthDate: isoDay(tt.born), UnemployedSince: isoDay(tt.since)}
		if got := e.LongTermUnemployed(); got != tt.want {
			t.Errorf("born %s, unemployed since %s: %v, want %v", tt.born, tt.since, got, tt.want)
		}
	}
}

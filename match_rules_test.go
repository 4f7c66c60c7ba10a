package senderos_test

import (
	"slices"
	"testing"
	"time"

	senderos "github.com/cepaim/senderos"
	"github.com/cepaim/senderos/texts"
)

// render words r in lang from the embedded catalogue.
func render(lang string, r senderos.Reason) string {
	return texts.Default().T(lang, r.Key, r.Args...)
}

// matchFixture is a family and a bundle that no hard rule excludes.
func matchFixture() (*senderos.Candidate, senderos.Bundle) {
	c := &senderos.Candidate{CaseID: 1, Reference: "NS-00001", Household: 4, SchoolAge: true, Regions: []string{"02"},
		Licence: false, NeedsHealthCentre: true, SpanishLevel: "intermediate", MoveBy: day(2027, 6, 30),
		Work: []senderos.Work{{Sector: "agriculture", Years: 3}}, Languages: []string{"ar", "fr"},
		WaitingSince: day(2026, 9, 15)}
	v := &senderos.Village{Code: "44001", Name: "Ababuj", Region: "02",
		Services: []string{"school", "health-centre", "public-transport"}, HospitalKm: 40, TownKm: 15}
	j := &senderos.Job{ID: 7, Municipality: "44001", Sector: "agriculture", Start: day(2027, 5, 1), Vacancies: 1,
		NeedsLicence: true, SpanishLevel: "basic", Status: senderos.OfferOpen}
	h := &senderos.Home{ID: 9, Municipality: "44001", Bedrooms: 2, AvailableFrom: day(2027, 4, 1), Status: senderos.OfferOpen}
	return c, senderos.Bundle{Village: v, Job: j, Home: h}
}

func TestNeededBedrooms(t *testing.T) {
	for n, want := range map[int]int{0: 1, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3, 7: 4, 20: 10} {
		if got := senderos.NeededBedrooms(n); got != want {
			t.Errorf("NeededBedrooms(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestCheckBundle(t *testing.T) {
	c, b := matchFixture()
	if why := senderos.CheckBundle(c, b, now); len(why) != 0 {
		t.Fatalf("the fixture is excluded: %v", why)
	}
	for _, tt := range []struct {
		name   string
		change func(*senderos.Candidate, *senderos.Bundle)
		rule   string
		want   map[string]string
	}{
		{"bedrooms", func(c *senderos.Candidate, b *senderos.Bundle) { c.Household = 5 }, senderos.RuleBedrooms, map[string]string{
			"es": "La vivienda tiene 2 dormitorios; la familia, de 5 personas, necesita 3.",
			"en": "The home has 2 bedrooms; the family of 5 people needs 3.",
			"fr": "Le logement a 2 chambres ; la famille, de 5 personnes, en a besoin de 3.",
			"ar": "عدد غرف النوم في السكن: 2؛ عدد أفراد العائلة: 5؛ عدد الغرف التي تحتاجها: 3.",
		}},
		{"region", func(c *senderos.Candidate, b *senderos.Bundle) { c.Regions = []string{"11", "13"} }, senderos.RuleRegion, map[string]string{
			"es": "Ababuj está en una comunidad autónoma (código 02) que la familia no ha elegido.",
			"en": "Ababuj is in a region (code 02) the family did not choose.",
			"fr": "Ababuj est dans une région (code 02) que la famille n’a pas choisie.",
			"ar": "تقع Ababuj في منطقة (رمزها 02) لم تخترها العائلة.",
		}},
		{"licence", func(c *senderos.Candidate, b *senderos.Bundle) {
			b.Village.Services = []string{"school", "health-centre"}
		}, senderos.RuleLicence, map[string]string{
			"es": "El trabajo pide carné de conducir, la familia no lo tiene y Ababuj no tiene transporte público.",
			"en": "The job needs a driving licence, the family has none and Ababuj has no public transport.",
			"fr": "L’emploi demande le permis de conduire, la famille ne l’a pas et Ababuj n’a pas de transports en commun.",
			"ar": "يتطلب العمل رخصة قيادة، وليست لدى العائلة رخصة، ولا يوجد نقل عام في Ababuj.",
		}},
		{"school", func(c *senderos.Candidate, b *senderos.Bundle) {
			b.Village.Services = []string{"health-centre", "public-transport"}
		}, senderos.RuleSchool, map[string]string{
			"es": "La familia tiene hijos e hijas en edad escolar y Ababuj no tiene escuela.",
			"en": "The family has children of school age and Ababuj has no school.",
			"fr": "La famille a des enfants d’âge scolaire et Ababuj n’a pas d’école.",
			"ar": "لدى العائلة أطفال في سن الدراسة، ولا توجد مدرسة في Ababuj.",
		}},
		{"health centre", func(c *senderos.Candidate, b *senderos.Bundle) {
			b.Village.Services = []string{"school", "public-transport"}
		}, senderos.RuleHealthCentre, map[string]string{
			"es": "La familia necesita un centro de salud y Ababuj no lo tiene.",
			"en": "The family needs a health centre and Ababuj has none.",
			"fr": "La famille a besoin d’un centre de santé et Ababuj n’en a pas.",
			"ar": "تحتاج العائلة إلى مركز صحي، ولا يوجد مركز صحي في Ababuj.",
		}},
		{"spanish", func(c *senderos.Candidate, b *senderos.Bundle) { b.Job.SpanishLevel = "fluent" }, senderos.RuleSpanish, map[string]string{
			"es": "El trabajo pide español de nivel 3 (de 0 a 4) y la familia tiene el nivel 2.",
			"en": "The job asks for Spanish at level 3 (from 0 to 4) and the family is at level 2.",
			"fr": "L’emploi demande un espagnol de niveau 3 (de 0 à 4) et la famille a le niveau 2.",
			"ar": "يتطلب العمل مستوى في الإسبانية رقمه 3 (من 0 إلى 4)، ومستوى العائلة رقمه 2.",
		}},
		{"move window, job", func(c *senderos.Candidate, b *senderos.Bundle) { b.Job.Start = day(2027, 7, 1) }, senderos.RuleMoveWindow, map[string]string{
			"es": "El trabajo empieza el 2027-07-01, después del último día en que la familia puede mudarse (2027-06-30).",
			"en": "The job starts on 2027-07-01, after the last day the family can move (2027-06-30).",
			"fr": "L’emploi commence le 2027-07-01, après le dernier jour où la famille peut déménager (2027-06-30).",
			"ar": "يبدأ العمل في 2027-07-01، أي بعد آخر يوم يمكن للعائلة أن تنتقل فيه (2027-06-30).",
		}},
		{"move window, home", func(c *senderos.Candidate, b *senderos.Bundle) { b.Home.AvailableFrom = day(2027, 8, 1) }, senderos.RuleMoveWindow, map[string]string{
			"es": "La vivienda queda libre el 2027-08-01, después del último día en que la familia puede mudarse (2027-06-30).",
			"en": "The home is free from 2027-08-01, after the last day the family can move (2027-06-30).",
			"fr": "Le logement est libre à partir du 2027-08-01, après le dernier jour où la famille peut déménager (2027-06-30).",
			"ar": "يصبح السكن متاحًا في 2027-08-01، أي بعد آخر يوم يمكن للعائلة أن تنتقل فيه (2027-06-30).",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, b := matchFixture()
			tt.change(c, &b)
			why := senderos.CheckBundle(c, b, now)
			if len(why) != 1 || why[0].Rule != tt.rule {
				t.Fatalf("CheckBundle = %v, want the one rule %s", why, tt.rule)
			}
			for _, lang := range texts.Langs {
				if got := render(lang, why[0].Reason); got != tt.want[lang] {
					t.Errorf("%s: %q, want %q", lang, got, tt.want[lang])
				}
			}
		})
	}
}

func TestCheckBundleAllowsWhatTheRulesLetThrough(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(*senderos.Candidate, *senderos.Bundle)
	}{
		{"no region chosen is anywhere", func(c *senderos.Candidate, b *senderos.Bundle) { c.Regions = nil; b.Village.Region = "11" }},
		{"anywhere", func(c *senderos.Candidate, b *senderos.Bundle) {
			c.Regions = []string{senderos.Anywhere}
			b.Village.Region = "11"
		}},
		{"licence held", func(c *senderos.Candidate, b *senderos.Bundle) {
			c.Licence = true
			b.Village.Services = []string{"school", "health-centre"}
		}},
		{"no Spanish asked", func(c *senderos.Candidate, b *senderos.Bundle) { c.SpanishLevel = "none"; b.Job.SpanishLevel = "" }},
		{"same Spanish", func(c *senderos.Candidate, b *senderos.Bundle) { b.Job.SpanishLevel = "intermediate" }},
		{"no move window", func(c *senderos.Candidate, b *senderos.Bundle) {
			c.MoveBy = time.Time{}
			b.Job.Start = day(2029, 1, 1)
		}},
		{"start on the last day", func(c *senderos.Candidate, b *senderos.Bundle) { b.Job.Start = day(2027, 6, 30).Add(15 * time.Hour) }},
		{"exactly the bedrooms", func(c *senderos.Candidate, b *senderos.Bundle) { c.Household = 3 }},
	} {
		c, b := matchFixture()
		tt.change(c, &b)
		if why := senderos.CheckBundle(c, b, now); len(why) != 0 {
			t.Errorf("%s: excluded by %v", tt.name, why)
		}
	}
	// Several rules at once come in Rules order.
	c, b := matchFixture()
	c.Household, c.Regions, b.Village.Services, b.Job.SpanishLevel = 7, []string{"11"}, nil, "native"
	var got []string
	for _, e := range senderos.CheckBundle(c, b, now) {
		got = append(got, e.Rule)
	}
	want := []string{senderos.RuleBedrooms, senderos.RuleRegion, senderos.RuleLicence, senderos.RuleSchool, senderos.RuleHealthCentre, senderos.RuleSpanish}
	if !slices.Equal(got, want) {
		t.Errorf("rules %v, want %v", got, want)
	}
}

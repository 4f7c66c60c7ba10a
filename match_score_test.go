package senderos_test

import (
	"math"
	"testing"
	"time"

	senderos "github.com/cepaim/senderos"
	"github.com/cepaim/senderos/texts"
)

func TestRateBundle(t *testing.T) {
	host := &senderos.Host{ID: 3, Municipality: "44001", Kind: senderos.HostFamily, Languages: []string{"es", "ar"}}
	for _, tt := range []struct {
		name      string
		change    func(*senderos.Candidate, *senderos.Bundle)
		criterion string
		value     float64
		want      map[string]string
	}{
		{"experience in years", nil, senderos.CriterionExperience, 0.6, map[string]string{
			"es": "Años de experiencia de la familia en el sector del trabajo: 3.",
			"en": "The family's years of experience in the job's sector: 3.",
			"fr": "Années d’expérience de la famille dans le secteur de l’emploi : 3.",
			"ar": "عدد سنوات خبرة العائلة في قطاع العمل: 3.",
		}},
		{"experience of five years and more", func(c *senderos.Candidate, b *senderos.Bundle) { c.Work[0].Years = 8 }, senderos.CriterionExperience, 1, map[string]string{
			"es": "Años de experiencia de la familia en el sector del trabajo: 8.",
			"en": "The family's years of experience in the job's sector: 8.",
			"fr": "Années d’expérience de la famille dans le secteur de l’emploi : 8.",
			"ar": "عدد سنوات خبرة العائلة في قطاع العمل: 8.",
		}},
		{"experience, years unknown", func(c *senderos.Candidate, b *senderos.Bundle) { c.Work[0].Years = 0 }, senderos.CriterionExperience, senderos.ExperienceUnknownValue, map[string]string{
			"es": "La familia ha trabajado en el sector del trabajo, pero no sabemos cuántos años.",
			"en": "The family has worked in the job's sector, but we do not know for how many years.",
			"fr": "La famille a travaillé dans le secteur de l’emploi, mais nous ne savons pas combien d’années.",
			"ar": "عملت العائلة في قطاع العمل، لكننا لا نعرف عدد السنوات.",
		}},
		{"no experience, none asked", func(c *senderos.Candidate, b *senderos.Bundle) { b.Job.Sector = "care" }, senderos.CriterionExperience, senderos.ExperienceNoneValue, map[string]string{
			"es": "La familia no tiene experiencia en el sector, pero el trabajo no la pide.",
			"en": "The family has no experience in the sector, but the job does not ask for it.",
			"fr": "La famille n’a pas d’expérience dans le secteur, mais l’emploi ne la demande pas.",
			"ar": "ليست لدى العائلة خبرة في القطاع، لكن العمل لا يتطلبها.",
		}},
		{"no experience, asked", func(c *senderos.Candidate, b *senderos.Bundle) { b.Job.Sector, b.Job.NeedsExperience = "care", true }, senderos.CriterionExperience, 0, map[string]string{
			"es": "El trabajo pide experiencia en el sector y la familia no la tiene.",
			"en": "The job asks for experience in the sector and the family has none.",
			"fr": "L’emploi demande de l’expérience dans le secteur et la famille n’en a pas.",
			"ar": "يتطلب العمل خبرة في القطاع، وليست لدى العائلة هذه الخبرة.",
		}},
		{"languages shared with the host", func(c *senderos.Candidate, b *senderos.Bundle) { b.Host = host }, senderos.CriterionLanguages, 0.7*0.5 + 0.3, map[string]string{
			"es": "La familia habla español de nivel 2 (de 0 a 4) y comparte idiomas con la familia de acogida o la persona mentora del pueblo (idiomas en común: 1).",
			"en": "The family speaks Spanish at level 2 (from 0 to 4) and shares languages with the village's host family or mentor (languages in common: 1).",
			"fr": "La famille parle espagnol au niveau 2 (de 0 à 4) et partage des langues avec la famille d’accueil ou le parrain ou la marraine du village (langues en commun : 1).",
			"ar": "مستوى العائلة في الإسبانية رقمه 2 (من 0 إلى 4)، وتتكلم لغات مشتركة مع العائلة المضيفة أو المرشد في القرية (عدد اللغات المشتركة: 1).",
		}},
		{"no language shared with the host", func(c *senderos.Candidate, b *senderos.Bundle) { b.Host = host; c.Languages = []string{"fr"} }, senderos.CriterionLanguages, 0.7 * 0.5, map[string]string{
			"es": "La familia habla español de nivel 2 (de 0 a 4) y no comparte ningún idioma con la familia de acogida o la persona mentora del pueblo.",
			"en": "The family speaks Spanish at level 2 (from 0 to 4) and shares no language with the village's host family or mentor.",
			"fr": "La famille parle espagnol au niveau 2 (de 0 à 4) et ne partage aucune langue avec la famille d’accueil ou le parrain ou la marraine du village.",
			"ar": "مستوى العائلة في الإسبانية رقمه 2 (من 0 إلى 4)، ولا تتكلم أي لغة مشتركة مع العائلة المضيفة أو المرشد في القرية.",
		}},
		{"no host", func(c *senderos.Candidate, b *senderos.Bundle) { c.SpanishLevel = "native" }, senderos.CriterionLanguages, 0.7, map[string]string{
			"es": "La familia habla español de nivel 4 (de 0 a 4); el pueblo todavía no tiene familia de acogida ni persona mentora.",
			"en": "The family speaks Spanish at level 4 (from 0 to 4); the village has no host family or mentor yet.",
			"fr": "La famille parle espagnol au niveau 4 (de 0 à 4) ; le village n’a pas encore de famille d’accueil ni de parrain ou marraine.",
			"ar": "مستوى العائلة في الإسبانية رقمه 4 (من 0 إلى 4)؛ لا توجد بعد في القرية عائلة مضيفة أو مرشد.",
		}},
		{"hospital", nil, senderos.CriterionHospital, 0.5, map[string]string{
			"es": "El hospital está a 40 km por carretera.",
			"en": "The hospital is 40 km away by road.",
			"fr": "L’hôpital est à 40 km par la route.",
			"ar": "المسافة إلى المستشفى بالطريق (بالكيلومتر): 40.",
		}},
		{"hospital near", func(c *senderos.Candidate, b *senderos.Bundle) { b.Village.HospitalKm = 8 }, senderos.CriterionHospital, 1, map[string]string{
			"es": "El hospital está a 8 km por carretera.",
			"en": "The hospital is 8 km away by road.",
			"fr": "L’hôpital est à 8 km par la route.",
			"ar": "المسافة إلى المستشفى بالطريق (بالكيلومتر): 8.",
		}},
		{"hospital unknown", func(c *senderos.Candidate, b *senderos.Bundle) { b.Village.HospitalKm = 0 }, senderos.CriterionHospital, senderos.NeutralValue, map[string]string{
			"es": "No sabemos a qué distancia está el hospital: cuenta como un valor intermedio.",
			"en": "We do not know how far the hospital is: it counts as a middle value.",
			"fr": "Nous ne savons pas à quelle distance est l’hôpital : cela compte comme une valeur moyenne.",
			"ar": "لا نعرف المسافة إلى المستشفى: تُحسب قيمة متوسطة.",
		}},
		{"town", nil, senderos.CriterionTown, 0.75, map[string]string{
			"es": "La ciudad más cercana está a 15 km por carretera.",
			"en": "The nearest town is 15 km away by road.",
			"fr": "La ville la plus proche est à 15 km par la route.",
			"ar": "المسافة إلى أقرب مدينة بالطريق (بالكيلومتر): 15.",
		}},
		{"town far", func(c *senderos.Candidate, b *senderos.Bundle) { b.Village.TownKm = 60 }, senderos.CriterionTown, 0, map[string]string{
			"es": "La ciudad más cercana está a 60 km por carretera.",
			"en": "The nearest town is 60 km away by road.",
			"fr": "La ville la plus proche est à 60 km par la route.",
			"ar": "المسافة إلى أقرب مدينة بالطريق (بالكيلومتر): 60.",
		}},
		{"town unknown", func(c *senderos.Candidate, b *senderos.Bundle) { b.Village.TownKm = 0 }, senderos.CriterionTown, senderos.NeutralValue, map[string]string{
			"es": "No sabemos a qué distancia está la ciudad más cercana: cuenta como un valor intermedio.",
			"en": "We do not know how far the nearest town is: it counts as a middle value.",
			"fr": "Nous ne savons pas à quelle distance est la ville la plus proche : cela compte comme une valeur moyenne.",
			"ar": "لا نعرف المسافة إلى أقرب مدينة: تُحسب قيمة متوسطة.",
		}},
		{"services", nil, senderos.CriterionServices, 0.6, map[string]string{
			"es": "El pueblo tiene 3 de los 5 servicios que miramos.",
			"en": "The village has 3 of the 5 services we look at.",
			"fr": "Le village a 3 des 5 services que nous regardons.",
			"ar": "الخدمات المتوفرة في القرية من بين الخدمات التي ننظر فيها: 3 من أصل 5.",
		}},
		{"waiting", nil, senderos.CriterionWaiting, 181.0 / 365, map[string]string{
			"es": "Días que la familia lleva esperando: 181.",
			"en": "Days the family has been waiting: 181.",
			"fr": "Jours d’attente de la famille : 181.",
			"ar": "عدد أيام انتظار العائلة: 181.",
		}},
		{"waiting over a year", func(c *senderos.Candidate, b *senderos.Bundle) { c.WaitingSince = day(2025, 1, 1) }, senderos.CriterionWaiting, 1, map[string]string{
			"es": "Días que la familia lleva esperando: 803.",
			"en": "Days the family has been waiting: 803.",
			"fr": "Jours d’attente de la famille : 803.",
			"ar": "عدد أيام انتظار العائلة: 803.",
		}},
		{"waiting unknown", func(c *senderos.Candidate, b *senderos.Bundle) { c.WaitingSince = zeroTime }, senderos.CriterionWaiting, 0, map[string]string{
			"es": "No sabemos desde cuándo espera la familia.",
			"en": "We do not know since when the family has been waiting.",
			"fr": "Nous ne savons pas depuis quand la famille attend.",
			"ar": "لا نعرف منذ متى تنتظر العائلة.",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, b := matchFixture()
			if tt.change != nil {
				tt.change(c, &b)
			}
			w := senderos.DefaultWeights()
			fit := senderos.RateBundle(c, b, w, now)
			if len(fit.Scores) != len(senderos.Criteria) {
				t.Fatalf("%d scores, want %d", len(fit.Scores), len(senderos.Criteria))
			}
			sum, total := 0, 0.0
			for _, k := range senderos.Criteria {
				sum += w[k]
			}
			for i, s := range fit.Scores {
				if s.Criterion != senderos.Criteria[i] {
					t.Errorf("score %d is %s, want %s", i, s.Criterion, senderos.Criteria[i])
				}
				if s.Value < 0 || s.Value > 1 {
					t.Errorf("%s: value %v out of 0..1", s.Criterion, s.Value)
				}
				if want := float64(s.Weight) * s.Value * 100 / float64(sum); math.Abs(s.Points-want) > 1e-9 || s.Weight != w[s.Criterion] {
					t.Errorf("%s: %v points with weight %d, want %v", s.Criterion, s.Points, s.Weight, want)
				}
				total += s.Points
			}
			if math.Abs(total-fit.Total) > 1e-9 || fit.Total < 0 || fit.Total > 100 {
				t.Errorf("Total %v, points add up to %v", fit.Total, total)
			}
			s := fit.Scores[slicesIndex(senderos.Criteria, tt.criterion)]
			if math.Abs(s.Value-tt.value) > 1e-9 {
				t.Errorf("value %v, want %v", s.Value, tt.value)
			}
			for _, lang := range texts.Langs {
				if got := render(lang, s.Reason); got != tt.want[lang] {
					t.Errorf("%s: %q, want %q", lang, got, tt.want[lang])
				}
			}
		})
	}
}

var zeroTime time.Time

func slicesIndex(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func TestRateBundleWeights(t *testing.T) {
	c, b := matchFixture()
	// Only the waiting counts: the total is its value out of 100.
	fit := senderos.RateBundle(c, b, senderos.Weights{senderos.CriterionWaiting: 4}, now)
	if want := 100 * 181.0 / 365; math.Abs(fit.Total-want) > 1e-9 {
		t.Errorf("Total %v, want %v", fit.Total, want)
	}
	// No weight at all: nothing counts.
	if fit := senderos.RateBundle(c, b, senderos.Weights{}, now); fit.Total != 0 {
		t.Errorf("Total %v without weights", fit.Total)
	}
}

// Every reason key the engine writes is in the catalogue, in every language.
func TestMatchReasonsAreInTheCatalogue(t *testing.T) {
	keys := []string{senderos.ReasonBedrooms, senderos.ReasonRegion, senderos.ReasonLicence, senderos.ReasonSchool,
		senderos.ReasonHealthCentre, senderos.ReasonSpanish, senderos.ReasonMoveJob, senderos.ReasonMoveHome,
		senderos.ReasonExperienceYears, senderos.ReasonExperienceUnknown, senderos.ReasonExperienceNone, senderos.ReasonExperienceLacking,
		senderos.ReasonLanguagesHost, senderos.ReasonLanguagesNotShared, senderos.ReasonLanguagesNoHost,
		senderos.ReasonHospitalKm, senderos.ReasonHospitalUnknown, senderos.ReasonTownKm, senderos.ReasonTownUnknown,
		senderos.ReasonServices, senderos.ReasonWaiting, senderos.ReasonWaitingUnknown}
	for _, k := range keys {
		for _, l := range texts.Langs {
			if texts.Default().Forms(l, k) == nil {
				t.Errorf("%s: %s is missing", l, k)
			}
		}
	}
}

// Package voice holds the rules of the glossary (site/GLOSSARY.md) that
// a text can break: the forms each language's voice rules out, such as a
// Spanish "usted", an Arabic masculine singular imperative or a second
// spelling of Cepaim. The test of this package runs them over every text
// file of the repository; new texts follow the glossary and so pass them.
package voice

import (
	"regexp"
	"slices"
	"strings"
)

// Rule is one form a language's voice rules out.
type Rule struct {
	Name string // short id, e.g. "es-usted"
	Lang string // es, en, fr or ar
	// Family is set for words the programme keeps for staff and
	// professionals: the rule holds on the pages for families only.
	Family bool
	// Singular is set for rules that hold on texts said for any count but
	// not on a plural form of a catalogue message, which is chosen by the
	// count and so may put it before a noun (few: «%d أحرف»).
	Singular bool
	Why      string // what to write instead, as the glossary says
	re       *regexp.Regexp
	// except are matches the rule lets through (by their last word).
	except []string
}

// Hit is a text breaking a rule.
type Hit struct {
	Rule  *Rule
	Match string // the offending words, as normalised
}

// word builds a pattern that matches one of alts as whole words: no letter
// before or after it. In Arabic a proclitic و or ف may come before it.
func word(lang string, alts ...string) *regexp.Regexp {
	pre := ``
	flags := ``
	switch lang {
	case "ar":
		pre = `[وف]?`
	default:
		flags = `(?i)`
	}
	return regexp.MustCompile(flags + `(?:^|[^\p{L}\p{M}])(` + pre + `(?:` + strings.Join(alts, "|") + `))(?:[^\p{L}\p{M}]|$)`)
}

// part builds a pattern matching any of alts anywhere, inside words too.
func part(alts ...string) *regexp.Regexp {
	return regexp.MustCompile(`(` + strings.Join(alts, "|") + `)`)
}

// Rules are the glossary's rules, by language.
var Rules = []*Rule{
	// Spanish: the reader is "tú" (the whole family "vosotros").
	{Name: "es-usted", Lang: "es", Why: "tú: «contactar contigo», «tu», never «usted»",
		re: word("es", `usted`, `ustedes`)},
	{Name: "es-imperative-usted", Lang: "es", Why: "tú imperatives: «Escribe», «Elige», «Prueba», «Revisa», «Indica», «Inténtalo»…",
		re: word("es", `escriba`, `elija`, `pruebe`, `revise`, `indique`, `seleccione`, `introduzca`, `inténtelo`, `intente`,
			`corrija`, `envíe`, `añada`, `espere`, `vuelva`, `recargue`, `envíelo`, `compruebe`, `consulte`, `pídaselo`, `póngase`, `rellene`, `marque`, `pulse`,
			`repita`, `abra`, `empiece`, `pida`, `avise`, `descárguela`, `busque`, `descubra`, `conozca`, `llame`, `lea`, `mire`, `cuéntenos`, `escríbanos`, `llámenos`)},
	{Name: "es-le-usted", Lang: "es", Why: "«te llamemos», «te escribamos»",
		re: word("es", `le (?:llamemos|escribamos|contactemos|ayudemos|enviemos|respondamos|pedimos)`)},
	{Name: "es-masculine-default", Lang: "es", Why: "say it for every reader: «Si tienes dudas»",
		re: word("es", `estás segur[oa]`, `bienvenidos?`)},
	{Name: "es-children", Lang: "es", Why: "«hijos e hijas» (or «niños y niñas», «menores»), one order everywhere",
		re: word("es", `hijas o hijos`, `hijos o hijas`, `hijas e hijos`)},
	{Name: "es-jargon", Lang: "es", Family: true, Why: "on family pages: «tu plan personal», «familias», «encontrar trabajo»",
		re: word("es", `itinerarios?(?: personal(?:es)?)?`, `plan de inserción laboral y social`, `empleabilidad`, `unidades familiares`, `inserci[óo]n(?:es)? laboral(?:es)?`)},

	// English.
	{Name: "en-jargon", Lang: "en", Family: true, Why: "on family pages: \"your personal plan\", \"families\"",
		re: word("en", `itinerar(?:y|ies)`, `personal itinerar(?:y|ies)`, `employability`, `family units?`)},

	// French: "vous"; the programme's "phases" and its "magazine".
	{Name: "fr-jargon", Lang: "fr", Family: true, Why: "sur les pages des familles : « votre plan personnel », « familles »",
		re: word("fr", `parcours personnalisés?`, `itinéraires?`, `employabilité`, `unités familiales`)},
	{Name: "fr-revue", Lang: "fr", Why: "« magazine », comme le menu",
		re: word("fr", `revues?`)},
	{Name: "fr-etapes", Lang: "fr", Why: "« phases » (les quatre phases du programme)",
		re: word("fr", `quatre étapes`)},

	// Arabic: the family is addressed in the plural (أنتم), Modern Standard
	// Arabic, Western digits.
	{Name: "ar-imperative-singular", Lang: "ar", Why: "plural imperatives: «اختاروا»، «اكتبوا»، «اتصلوا بنا»، «جرّبوا»…",
		re: word("ar", `اختر`, `اكتب`, `اتصل بنا`, `شارك معنا`, `تواصل معنا`, `أخبرنا`, `راسلنا`, `جرب`, `ابحث`, `اقرأ`,
			`أدخل`, `ادخل`, `حاول`, `راجع`, `تحقق من`, `اذكر`, `انقر`, `اضغط`, `اطلب`, `انظر`, `استعمل`, `استخدم`, `أضف`,
			`انتظر`, `ارجع`, `احفظ`, `اتبع`, `لا تكتب`, `لا تملأ`,
			`افتح`, `ابدأ`, `أبلغ`, `قم`, `امح`)},
	{Name: "ar-you-singular", Lang: "ar", Why: "plural «أنتم»: «لكم»، «معكم»، «يمكنكم»، «عائلتكم»…",
		re: word("ar", `أنت`, `لك`, `بك`, `معك`, `إليك`, `عليك`, `لديك`, `عندك`, `منك`, `عنك`, `فيك`, `يمكنك`, `تستطيع`,
			`يهمك`, `تهمك`, `حسابك`, `دورك`, `خروجك`, `نساعدك`, `سنساعدك`, `نرافقك`, `يرافقك`, `سنخبرك`, `هل تريد أن`, `هل تبحث`, `لترى`, `لتعرف`, `كيف تبدأ؟`, `يساعدك`, `نخبرك`, `ندعوك`, `نشكرك`, `تبحث عنه`, `تبحث عنها`,
			`\p{L}+تك`)},
	{Name: "ar-sponsor", Lang: "ar", Why: "the sponsoring family is «العائلة المرافِقة», sponsoring «المرافقة»",
		re: part(`احتضان`, `حاضن`, `[يتن]حتضن`, `احتضن`, `كفيل`, `عراب`, `(?:عائلة|عائلات|أسرة|أسر) (?:ال)?راعية`)},
	{Name: "ar-cepaim", Lang: "ar", Why: "Cepaim is «سيبايم»",
		re: part(`ثيبا[يئ]م`, `سيبائيم`, `سيبائم`, `سبايم`, `ثبايم`)},
	{Name: "ar-training", Lang: "ar", Why: "training is «التدريب» (vocational: «التدريب المهني»)",
		re: part(`تكوين`)},
	{Name: "ar-count", Lang: "ar", Singular: true, Why: "a number before a noun changes the noun's form: «الحد الأدنى لعدد الأحرف: %d.»",
		re:     regexp.MustCompile(`(%d\s+\p{Arabic}+)`),
		except: []string{"و", "في", "من", "إلى", "على", "عن", "أو", "يورو", "كم"}},
	{Name: "ar-digits", Lang: "ar", Why: "Western digits: 0123456789",
		re: part(`[٠-٩۰-۹]`)},
	{Name: "ar-grammar", Lang: "ar", Why: "«عمّن»; «يحمل فيها شخص بالغ واحد على الأقل تصريح عمل»",
		re: word("ar", `عن من`, `لدى شخص بالغ واحد`)},
	{Name: "ar-korea", Lang: "ar", Why: "Coria is «قورية»; «كوريا» is Korea",
		re: word("ar", `كوريا`)},
	{Name: "ar-jargon", Lang: "ar", Family: true, Why: "on family pages: «خطتكم الشخصية»، «عائلات»",
		re: word("ar", `مسارا? شخصيا?`, `مسارك`, `مساركم`, `مسارنا`, `مساري`, `مسارها`, `المسار`, `وحدة عائلية`, `وحدات عائلية`, `قابلية التشغيل`)},
}

// Check returns the rules of lang that text breaks; family says whether the
// text is on a page for families, where the programme's jargon is ruled out.
func Check(lang string, family bool, text string) []Hit {
	return check(lang, family, false, text)
}

// CheckLine returns the rules that l breaks: Check's, except the Singular
// ones on a plural form (l.Form set).
func CheckLine(l Line) []Hit {
	return check(l.Lang, l.Family, l.Form != "", l.Text)
}

func check(lang string, family, pluralForm bool, text string) []Hit {
	norm := text
	if lang == "ar" {
		norm = normaliseArabic(text)
	}
	var hits []Hit
	for _, r := range Rules {
		if r.Lang != lang || (r.Family && !family) || (r.Singular && pluralForm) {
			continue
		}
		for _, m := range r.re.FindAllStringSubmatch(norm, -1) {
			if w := strings.Fields(m[1]); slices.Contains(r.except, w[len(w)-1]) {
				continue
			}
			hits = append(hits, Hit{Rule: r, Match: m[1]})
		}
	}
	return hits
}

// normaliseArabic drops the short vowels and other marks (tashkeel), the
// tatweel and Markdown's emphasis, so that «اختَر» and «اختر» are one form
// and a phrase half in bold is still the phrase.
func normaliseArabic(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 0x064B && r <= 0x065F) || r == 0x0670 || r == 0x0640 || r == '*' {
			return -1
		}
		return r
	}, s)
}

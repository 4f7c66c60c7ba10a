package searchtest

import "github.com/cepaim/senderos"

// The English part of the corpus: "villages" appears only in the magazine
// article, "village" only in the other documents.
var documentsEN = []senderos.Document{
	{
		ID: "en:/guide/01-registration/", Type: "guide", Lang: "en", URL: "/en/guide/01-registration/",
		Title:   "Registering on the padrón, the municipal register",
		Summary: "What the padrón is and which papers to bring to the town hall.",
		Text: "Registration on the padrón is the first step after arriving: it opens the door to the health card, " +
			"school enrolment and social support. Bring your passport or residence card and your rental contract.",
		Topics: []string{"padron", "paperwork"},
	},
	{
		ID: "en:/guide/03-housing/", Type: "guide", Lang: "en", URL: "/en/guide/03-housing/",
		Title:   "Finding a home to rent",
		Summary: "Renting, restoring and sharing: how families find housing in the countryside.",
		Text: "Many houses stand empty but few are advertised. The town hall usually knows owners willing to rent. " +
			"Check the heating, the water supply and the roof before signing.",
		Topics: []string{"housing"},
	},
	{
		ID: "en:/guide/04-school/", Type: "guide", Lang: "en", URL: "/en/guide/04-school/",
		Title:   "Enrolling your children at the local school",
		Summary: "Enrolment, school transport and the canteen.",
		Text: "Rural schools group children of several ages in one classroom. Enrol at the town hall or at the " +
			"school itself with your registration certificate.",
		Topics: []string{"education"},
	},
	{
		ID: "en:/magazine/villages-that-grow/", Type: "magazine", Lang: "en", URL: "/en/magazine/villages-that-grow/",
		Title:   "Villages that grow again",
		Summary: "Across Teruel, Soria and Cuenca, new families are reopening classrooms and shops.",
		Text: "Ten years ago these villages were losing a school every winter. Today new families run the bakery, " +
			"drive the school bus and sit on the local council.",
		Topics: []string{"depopulation"},
	},
	{
		ID: "en:/villages/priego/", Type: "municipality", Lang: "en", URL: "/en/villages/priego/",
		Title:   "Priego, a village in the Cuenca highlands",
		Summary: "Wicker crafts, river gorges and empty houses waiting for neighbours.",
		Text:    "Priego is a village of some nine hundred people. It offers social rental housing and a primary school.",
		Topics:  []string{"villages"}, Province: "Cuenca",
	},
	{
		ID: "en:/testimonials/amina/", Type: "testimonial", Lang: "en", URL: "/en/testimonials/amina/",
		Title:   "Amina: from Casablanca to Teruel",
		Summary: "Amina arrived with her two children and now works on a farm.",
		Text: "At first I knew nobody. My boss at the farm helped me with the paperwork and introduced me to the " +
			"neighbours. My children learnt Spanish in a few months.",
		Topics: []string{"employment", "integration"}, Province: "Teruel",
	},
	{
		ID: "en:/library/methodological-guide/", Type: "library", Lang: "en", URL: "/en/library/methodological-guide/",
		Title:   "Nuevos Senderos methodological guide",
		Summary: "The method of the programme: welcome, support and evaluation.",
		Text: "The guide describes the phases of the programme, from preparing the municipality to two years of " +
			"support for each family.",
		Topics: []string{"methodology"},
	},
}

// The French part: "communes" appears only in the magazine article,
// "commune" only in the village profile; Ousmane's transcript writes
// "ecole" without its accent.
var documentsFR = []senderos.Document{
	{
		ID: "fr:/guide/01-inscription/", Type: "guide", Lang: "fr", URL: "/fr/guide/01-inscription/",
		Title:   "S'inscrire au padrón, le registre municipal",
		Summary: "À quoi sert le padrón et quels papiers apporter à la mairie.",
		Text: "L’inscription au padrón est la première démarche après l'arrivée : elle ouvre l'accès à la carte " +
			"de santé, à l'inscription des enfants à l'école et aux aides sociales.",
		Topics: []string{"padron", "demarches"},
	},
	{
		ID: "fr:/guide/02-integration/", Type: "guide", Lang: "fr", URL: "/fr/guide/02-integration/",
		Title:   "L'intégration au village",
		Summary: "Rencontrer les voisins, participer aux fêtes, trouver du soutien.",
		Text: "L'intégration est un chemin à double sens entre la famille qui arrive et le village qui l'accueille. " +
			"Les associations, le café et l'épicerie sont des lieux de rencontre.",
		Topics: []string{"integration"},
	},
	{
		ID: "fr:/guide/04-ecole/", Type: "guide", Lang: "fr", URL: "/fr/guide/04-ecole/",
		Title:   "L'école rurale et l'inscription des enfants",
		Summary: "Inscrire ses enfants, le transport scolaire et la cantine.",
		Text: "L'école rurale réunit des enfants de plusieurs âges dans une même classe. Le transport scolaire et " +
			"la cantine sont gratuits pour les familles qui habitent loin.",
		Topics: []string{"education"},
	},
	{
		ID: "fr:/magazine/communes-rurales/", Type: "magazine", Lang: "fr", URL: "/fr/magazine/communes-rurales/",
		Title:   "Des communes rurales qui accueillent",
		Summary: "Maires et habitants racontent l'arrivée de nouvelles familles.",
		Text: "Dans ces communes, une maison prête, une personne de référence et une réunion avec les voisins font " +
			"la différence.",
		Topics: []string{"depeuplement"},
	},
	{
		ID: "fr:/villages/san-leonardo/", Type: "municipality", Lang: "fr", URL: "/fr/villages/san-leonardo-de-yague/",
		Title:   "San Leonardo de Yagüe",
		Summary: "Une commune de pinèdes dans la province de Soria.",
		Text:    "Cette commune entourée de pins offre du travail dans l'industrie du bois et une école avec cantine.",
		Topics:  []string{"villages"}, Province: "Soria",
	},
	{
		ID: "fr:/testimonials/ousmane/", Type: "testimonial", Lang: "fr", URL: "/fr/temoignages/ousmane/",
		Title:   "Ousmane : du Sénégal à Soria",
		Summary: "Ousmane cultive un potager et vend au marché.",
		Text:    "Mes enfants vont a l'ecole du village, ils parlent deja espagnol mieux que moi.",
		Topics:  []string{"emploi"}, Province: "Soria",
	},
}

// The Arabic part. Spellings vary on purpose, as they do in real texts:
// hamza on alef or not, some tashkeel, ى and ة.
var documentsAR = []senderos.Document{
	{
		ID: "ar:/guide/01-padron/", Type: "guide", Lang: "ar", URL: "/ar/guide/01-padron/",
		Title:   "التسجيل في سجل البلدية (البادرون)",
		Summary: "ما هو سجل السكان وما الوثائق المطلوبة في البلدية.",
		Text: "التسجيل في سجل البلدية هو أول خطوة بعد الوصول إلى إسبانيا. يفتح الباب للبطاقة الصحية وتسجيل " +
			"الأطفال في المدرسة والمساعدات الاجتماعية. أحضروا جواز السفر وعقد الإيجار.",
		Topics: []string{"padron"},
	},
	{
		ID: "ar:/guide/03-housing/", Type: "guide", Lang: "ar", URL: "/ar/guide/03-housing/",
		Title:   "البحث عن سكن في القرية",
		Summary: "الإيجار والترميم: كيف تجد العائلات بيتاً في الريف.",
		Text: "في كثير من القرى بيوت فارغة لكن قليلاً منها معروض للإيجار. تعرف البلدية عادةً أصحاب البيوت " +
			"المستعدين للتأجير.",
		Topics: []string{"housing"},
	},
	{
		ID: "ar:/guide/04-school/", Type: "guide", Lang: "ar", URL: "/ar/guide/04-school/",
		Title:   "تسجيل الأطفال في المدرسة",
		Summary: "التسجيل والنقل المدرسي والمطعم.",
		Text: "المَدْرَسَةُ الريفية تجمع أطفالاً من أعمار مختلفة في قسم واحد. يتم التسجيل في البلدية مع شهادة " +
			"السكن.",
		Topics: []string{"education"},
	},
	{
		ID: "ar:/testimonials/amina/", Type: "testimonial", Lang: "ar", URL: "/ar/testimonials/amina/",
		Title:   "أمينة: من الدار البيضاء إلى تيرويل",
		Summary: "وصلت أمينة مع طفليها وتعمل اليوم في مزرعة.",
		Text:    "في البداية لم أكن أعرف أحداً. ساعدني صاحب المزرعة في الأوراق. تعلّم أطفالي الإسبانية في أشهر قليلة.",
		Topics:  []string{"employment", "integration"}, Province: "Teruel",
	},
	{
		ID: "ar:/villages/priego/", Type: "municipality", Lang: "ar", URL: "/ar/villages/priego/",
		Title:   "بريغو، قرية في جبال كوينكا",
		Summary: "حرف الخوص والأنهار وبيوت تنتظر جيراناً جدداً.",
		Text:    "في القرية مدرسة ابتدائية ومستشفى قريب في المدينة، وسكن اجتماعي للإيجار.",
		Topics:  []string{"villages"}, Province: "Cuenca",
	},
	{
		ID: "ar:/library/methodological-guide/", Type: "library", Lang: "ar", URL: "/ar/library/methodological-guide/",
		Title:   "الدليل المنهجي لبرنامج نوييفوس سينديروس",
		Summary: "منهج البرنامج: الاستقبال والمرافقة والتقييم.",
		Text:    "يصف الدليل مراحل البرنامج من تحضير البلدية إلى سنتين من المرافقة لكل عائلة.",
		Topics:  []string{"methodology"},
	},
}

package senderos

// The closed lists of the portal, each defined once: the values in the order
// the forms offer them, with one label per value in each language. The site's
// data (site/data/vocabulary.json), the Decap CMS options and the OpenAPI
// enums are written from these lists by `senderos vocab`; the back-office
// reads its labels from them.

// Label is one text in each of the portal's languages.
type Label struct{ ES, EN, FR, AR string }

// In returns the label in lang (es, en, fr or ar); Spanish for any other.
func (l Label) In(lang string) string {
	switch lang {
	case "en":
		return l.EN
	case "fr":
		return l.FR
	case "ar":
		return l.AR
	}
	return l.ES
}

// Term is one value of a closed list with its label.
type Term struct {
	Value string
	Label Label
}

// List is a closed list. Name is its key in the site's data.
type List struct {
	Name  string
	Terms []Term
}

// Values returns the list's values in order.
func (l List) Values() []string {
	out := make([]string, len(l.Terms))
	for i, t := range l.Terms {
		out[i] = t.Value
	}
	return out
}

// Label returns the label of value in lang, and false when value is not in
// the list.
func (l List) Label(value, lang string) (string, bool) {
	for _, t := range l.Terms {
		if t.Value == value {
			return t.Label.In(lang), true
		}
	}
	return "", false
}

// Labels in the families' pages follow site/GLOSSARY.md: Spanish says "tú",
// Arabic speaks to the family in the plural. Where the site and the
// back-office once disagreed, the site's reviewed labels were kept.
var (
	SectorList = List{"sectors", []Term{
		{"agriculture", Label{"Agricultura", "Farming", "Agriculture", "الزراعة"}},
		{"livestock", Label{"Ganadería", "Livestock", "Élevage", "تربية المواشي"}},
		{"forestry", Label{"Trabajo forestal", "Forestry", "Forêt et bois", "الغابات"}},
		{"agrifood", Label{"Industria alimentaria", "Food industry", "Industrie alimentaire", "الصناعات الغذائية"}},
		{"hospitality", Label{"Hostelería", "Hotels and restaurants", "Hôtellerie et restauration", "الفنادق والمطاعم"}},
		{"care", Label{"Cuidado de personas", "Care work", "Aide à la personne", "رعاية الأشخاص"}},
		{"construction", Label{"Construcción", "Construction", "Bâtiment", "البناء"}},
		{"commerce", Label{"Comercio", "Shops and trade", "Commerce", "التجارة"}},
		{"services", Label{"Servicios", "Services", "Services", "الخدمات"}},
		{SectorOther, Label{"Otro trabajo", "Other work", "Autre travail", "عمل آخر"}},
	}}
	ServiceList = List{"services", []Term{
		{"school", Label{"Escuela", "School", "École", "مدرسة"}},
		{"health-centre", Label{"Centro de salud", "Health centre", "Centre de santé", "مركز صحي"}},
		{"pharmacy", Label{"Farmacia", "Pharmacy", "Pharmacie", "صيدلية"}},
		{"public-transport", Label{"Transporte público", "Public transport", "Transports en commun", "نقل عام"}},
		{"broadband", Label{"Internet rápido", "Fast internet", "Internet rapide", "إنترنت سريع"}},
	}}
	SpanishLevelList = List{"levels", []Term{
		{"none", Label{"Todavía nada", "Not yet", "Pas encore", "لا نتكلّمها بعد"}},
		{"basic", Label{"Un poco", "A little", "Un peu", "قليلًا"}},
		{"intermediate", Label{"Lo suficiente para el día a día", "Enough for everyday life", "Assez pour la vie de tous les jours", "بما يكفي للحياة اليومية"}},
		{"fluent", Label{"Bien", "Well", "Bien", "جيدًا"}},
		{"native", Label{"Es nuestra lengua materna", "It is our first language", "C’est notre langue maternelle", "إنها لغتنا الأم"}},
	}}
	SchoolStageList = List{"stages", []Term{
		{"infant", Label{"Guardería o educación infantil (0–5 años)", "Nursery or infant school (0–5 years)", "Crèche ou école maternelle (0–5 ans)", "الحضانة أو الروضة (0–5 سنوات)"}},
		{"primary", Label{"Primaria (6–11 años)", "Primary school (6–11 years)", "École primaire (6–11 ans)", "المدرسة الابتدائية (6–11 سنة)"}},
		{"secondary", Label{"Secundaria, ESO (12–15 años)", "Secondary school (12–15 years)", "Collège (12–15 ans)", "المدرسة الإعدادية (12–15 سنة)"}},
		{"post-compulsory", Label{"Bachillerato o formación profesional (16–17 años)", "Baccalaureate or vocational training (16–17 years)", "Lycée ou formation professionnelle (16–17 ans)", "الثانوية أو التدريب المهني (16–17 سنة)"}},
		{"none", Label{"No va a la escuela", "Not at school", "Ne va pas à l’école", "لا يذهب إلى المدرسة"}},
	}}
	MoveWhenList = List{"when", []Term{
		{"asap", Label{"Lo antes posible", "As soon as possible", "Le plus tôt possible", "في أقرب وقت ممكن"}},
		{"3-months", Label{"En los próximos 3 meses", "In the next 3 months", "Dans les 3 prochains mois", "خلال الأشهر الثلاثة القادمة"}},
		{"6-months", Label{"En los próximos 6 meses", "In the next 6 months", "Dans les 6 prochains mois", "خلال الأشهر الستة القادمة"}},
		{"1-year", Label{"En menos de un año", "Within a year", "D’ici un an", "خلال سنة"}},
		{"not-sure", Label{"Todavía no lo sabemos", "We do not know yet", "Nous ne savons pas encore", "لا نعرف بعد"}},
	}}
	ChannelList = List{"channels", []Term{
		{"phone", Label{"Llamada de teléfono", "Phone call", "Appel téléphonique", "مكالمة هاتفية"}},
		{"whatsapp", Label{"WhatsApp", "WhatsApp", "WhatsApp", "واتساب"}},
		{"email", Label{"Correo electrónico", "Email", "E-mail", "البريد الإلكتروني"}},
	}}

	// The statuses are shown to staff only. Suspected spam comes first: it
	// is where a submission waits before it is let in.
	FamilyStatusList = List{"family-statuses", []Term{
		{string(StatusSuspected), Label{"Posible spam", "Suspected spam", "Spam présumé", "يُشتبه في أنها رسالة مزعجة"}},
		{string(StatusNew), Label{"Nueva", "New", "Nouvelle", "جديدة"}},
		{string(StatusContacted), Label{"Contactada", "Contacted", "Contactée", "تم التواصل"}},
		{string(StatusInterviewed), Label{"Entrevistada", "Interviewed", "Entretien fait", "تمت المقابلة"}},
		{string(StatusItinerary), Label{"En itinerario", "In itinerary", "En parcours", "في المسار"}},
		{string(StatusRelocated), Label{"Instalada", "Relocated", "Installée", "تم الانتقال"}},
		{string(StatusClosed), Label{"Cerrada", "Closed", "Close", "مغلقة"}},
		{string(StatusWithdrawn), Label{"Retirada", "Withdrawn", "Retirée", "منسحبة"}},
	}}
	MunicipalityStatusList = List{"municipality-statuses", []Term{
		{string(StatusSuspected), Label{"Posible spam", "Suspected spam", "Spam présumé", "يُشتبه في أنها رسالة مزعجة"}},
		{string(StatusNew), Label{"Por revisar", "To review", "À examiner", "بانتظار المراجعة"}},
		{string(StatusApproved), Label{"Aprobado y publicado", "Approved and published", "Approuvée et publiée", "تمت الموافقة والنشر"}},
		{string(StatusRejected), Label{"Rechazado", "Rejected", "Refusée", "مرفوض"}},
	}}
)

// The itinerary's lists (issue 12). The phases, areas, who is responsible,
// the goals' statuses, the ways of agreeing and the answers a family gives
// are shown on the family's own page too, in plain words (FamilyPageLists);
// visit kinds, warning kinds and feedback channels are for staff.
var (
	PhaseList = List{"itinerary-phases", []Term{
		{string(PhasePreparation), Label{"Preparación y formación", "Preparation and training", "Préparation et formation", "التحضير والتدريب"}},
		{string(PhaseVillageVisit), Label{"Visita al pueblo", "Visit to the village", "Visite du village", "زيارة القرية"}},
		{string(PhaseMove), Label{"Mudanza", "The move", "Déménagement", "الانتقال"}},
		{string(PhaseSettlingIn), Label{"Instalación en el pueblo", "Settling in", "Installation au village", "الاستقرار في القرية"}},
		{string(PhaseFollowUp), Label{"Seguimiento hasta los 12 meses", "Follow-up for 12 months", "Suivi pendant 12 mois", "المتابعة حتى 12 شهرًا"}},
	}}
	GoalAreaList = List{"goal-areas", []Term{
		{"employment", Label{"Empleo", "Work", "Emploi", "العمل"}},
		{"housing", Label{"Vivienda", "Housing", "Logement", "السكن"}},
		{"schooling", Label{"Escuela", "School", "École", "المدرسة"}},
		{"spanish", Label{"Español", "Spanish", "Espagnol", "اللغة الإسبانية"}},
		{"training", Label{"Formación", "Training", "Formation", "التدريب"}},
		{"health_care", Label{"Atención sanitaria", "Health care", "Soins de santé", "الرعاية الصحية"}},
		{"community", Label{"Vida en el pueblo", "Village life", "Vie au village", "الحياة في القرية"}},
		{"paperwork", Label{"Trámites y papeles", "Paperwork", "Démarches administratives", "المعاملات الإدارية"}},
	}}
	ResponsibleList = List{"responsible", []Term{
		{"technician", Label{"Equipo del programa", "Programme team", "Équipe du programme", "فريق البرنامج"}},
		{"family", Label{"La familia", "The family", "La famille", "العائلة"}},
		{"municipality", Label{"Ayuntamiento", "Municipality", "Mairie", "البلدية"}},
		{"employer", Label{"Empresa", "Employer", "Employeur", "صاحب العمل"}},
	}}
	GoalStatusList = List{"goal-statuses", []Term{
		{GoalPlanned, Label{"Previsto", "Planned", "Prévu", "مخطط له"}},
		{GoalInProgress, Label{"En marcha", "In progress", "En cours", "قيد التنفيذ"}},
		{GoalAchieved, Label{"Conseguido", "Achieved", "Atteint", "تحقق"}},
		{GoalNotAchieved, Label{"No conseguido", "Not achieved", "Non atteint", "لم يتحقق"}},
		{GoalDropped, Label{"Descartado", "Dropped", "Abandonné", "أُلغي"}},
	}}
	AgreementList = List{"agreement-ways", []Term{
		{AgreedInPerson, Label{"En persona", "In person", "En personne", "حضوريًا"}},
		{AgreedByPhone, Label{"Por teléfono", "By phone", "Par téléphone", "عبر الهاتف"}},
		{AgreedSignedPaper, Label{"Firmado en papel", "Signed on paper", "Signé sur papier", "بالتوقيع على ورقة"}},
	}}
	CheckAnswerList = List{"check-answers", []Term{
		{CheckOK, Label{"Bien", "Fine", "Bien", "على ما يرام"}},
		{CheckProblem, Label{"Hay un problema", "There is a problem", "Il y a un problème", "توجد مشكلة"}},
		{CheckNotApplicable, Label{"No aplica", "Does not apply", "Sans objet", "لا ينطبق"}},
	}}
	IntendsToStayList = List{"intends-to-stay", []Term{
		{AnswerYes, Label{"Sí", "Yes", "Oui", "نعم"}},
		{AnswerNotSure, Label{"Todavía no lo sabemos", "We do not know yet", "Nous ne savons pas encore", "لا نعرف بعد"}},
		{AnswerNo, Label{"No", "No", "Non", "لا"}},
	}}
	VisitKindList = List{"visit-kinds", []Term{
		{VisitExploratory, Label{"Visita exploratoria a un pueblo", "Exploratory visit to a village", "Visite exploratoire d’un village", "زيارة استكشافية إلى قرية"}},
		{VisitHome, Label{"Visita a casa", "Home visit", "Visite à domicile", "زيارة منزلية"}},
		{VisitMunicipality, Label{"Reunión con el ayuntamiento", "Meeting with the municipality", "Réunion avec la mairie", "اجتماع مع البلدية"}},
		{VisitEmployer, Label{"Reunión con una empresa", "Meeting with an employer", "Réunion avec un employeur", "اجتماع مع صاحب عمل"}},
		{VisitCommunity, Label{"Encuentro con la comunidad", "Community meeting", "Rencontre avec les habitants", "لقاء مع المجتمع المحلي"}},
		{VisitHostCheckIn, Label{"Seguimiento con la familia de acogida", "Check-in with the host family", "Point avec la famille d’accueil", "متابعة مع العائلة المضيفة"}},
	}}
	WarningKindList = List{"warning-kinds", []Term{
		{WarnFollowUpOverdue, Label{"Seguimiento atrasado", "Follow-up overdue", "Suivi en retard", "متابعة متأخرة"}},
		{WarnGoalOverdue, Label{"Objetivo fuera de plazo", "Goal past its date", "Objectif en retard", "هدف تجاوز موعده"}},
		{WarnMayLeave, Label{"La familia duda en quedarse", "The family may leave", "La famille pense partir", "قد تغادر العائلة"}},
		{WarnJobLost, Label{"Ha perdido el trabajo", "Job lost", "Emploi perdu", "فقدان العمل"}},
		{WarnHousingProblem, Label{"Problema de vivienda", "Housing problem", "Problème de logement", "مشكلة في السكن"}},
		{WarnNoContact, Label{"Sin contacto", "No contact", "Sans contact", "انقطاع التواصل"}},
	}}
	FeedbackChannelList = List{"feedback-channels", []Term{
		{FeedbackFamilyPage, Label{"Página de la familia", "The family’s page", "Page de la famille", "صفحة العائلة"}},
		{FeedbackStaffCall, Label{"Llamada con el equipo", "Call with the team", "Appel avec l’équipe", "مكالمة مع الفريق"}},
	}}
)

// The village side and matching (issue 13): offers, host sign-ups,
// proposals and the answers to them. Host kinds and what hosts offer are on
// the site's form; the reasons to decline are on the family's page too.
var (
	ContractList = List{"contracts", []Term{
		{ContractPermanent, Label{"Indefinido", "Permanent", "CDI", "دائم"}},
		{ContractTemporary, Label{"Temporal", "Temporary", "CDD", "مؤقت"}},
		{ContractSeasonal, Label{"De temporada", "Seasonal", "Saisonnier", "موسمي"}},
	}}
	OfferStatusList = List{"offer-statuses", []Term{
		{OfferOpen, Label{"Abierta", "Open", "Ouverte", "متاح"}},
		{OfferProposed, Label{"Propuesta", "Proposed", "Proposée", "مقترح"}},
		{OfferFilled, Label{"Cubierta", "Filled", "Pourvue", "مشغول"}},
		{OfferWithdrawn, Label{"Retirada", "Withdrawn", "Retirée", "مسحوب"}},
	}}
	HostKindList = List{"host-kinds", []Term{
		{HostFamily, Label{"Familia de acogida", "Host family", "Famille d’accueil", "عائلة مضيفة"}},
		{HostMentor, Label{"Persona mentora", "Mentor", "Parrain ou marraine", "مرشد أو مرشدة"}},
	}}
	HostOfferList = List{"host-offers", []Term{
		{"welcome", Label{"Recibir a la familia y enseñarle el pueblo", "Welcome the family and show them the village", "Accueillir la famille et lui faire découvrir le village", "استقبال العائلة وتعريفها بالقرية"}},
		{"spanish", Label{"Practicar español juntos", "Practise Spanish together", "Pratiquer l’espagnol ensemble", "التدرّب على الإسبانية معًا"}},
		{"paperwork", Label{"Acompañar en trámites y citas", "Go along to appointments and paperwork", "Accompagner dans les démarches et rendez-vous", "المرافقة في المعاملات والمواعيد"}},
		{"children", Label{"Actividades con niñas y niños", "Activities with children", "Activités avec les enfants", "أنشطة مع الأطفال"}},
		{"transport", Label{"Llevar en coche cuando haga falta", "Give lifts when needed", "Conduire en voiture si besoin", "التوصيل بالسيارة عند الحاجة"}},
	}}
	HostStatusList = List{"host-statuses", []Term{
		{string(StatusSuspected), Label{"Posible spam", "Suspected spam", "Spam présumé", "يُشتبه في أنها رسالة مزعجة"}},
		{string(StatusNew), Label{"Por entrevistar", "To interview", "À rencontrer", "بانتظار المقابلة"}},
		{string(StatusApproved), Label{"Aprobada", "Approved", "Approuvée", "تمت الموافقة"}},
		{string(StatusRejected), Label{"No aprobada", "Not approved", "Non retenue", "لم تتم الموافقة"}},
	}}
	ProposalStatusList = List{"proposal-statuses", []Term{
		{ProposalPending, Label{"Esperando respuestas", "Waiting for answers", "En attente des réponses", "بانتظار الردود"}},
		{ProposalAgreed, Label{"Acordada", "Agreed", "Acceptée par tous", "تم الاتفاق"}},
		{ProposalDeclined, Label{"Rechazada", "Declined", "Refusée", "مرفوض"}},
		{ProposalExpired, Label{"Caducada", "Expired", "Expirée", "انتهت مهلته"}},
		{ProposalWithdrawn, Label{"Retirada", "Withdrawn", "Retirée", "مسحوب"}},
	}}
	PartyList = List{"parties", []Term{
		{PartyFamily, Label{"La familia", "The family", "La famille", "العائلة"}},
		{PartyMunicipality, Label{"Ayuntamiento", "Municipality", "Mairie", "البلدية"}},
		{PartyEmployer, Label{"Empresa", "Employer", "Employeur", "صاحب العمل"}},
		{PartyHost, Label{"Familia de acogida o mentora", "Host family or mentor", "Famille d’accueil ou parrain", "العائلة المضيفة أو المرشد"}},
	}}
	DeclineReasonList = List{"decline-reasons", []Term{
		{"housing", Label{"La vivienda no nos conviene", "The home does not suit us", "Le logement ne nous convient pas", "السكن لا يناسبنا"}},
		{"job", Label{"El trabajo no nos conviene", "The job does not suit us", "Le travail ne nous convient pas", "العمل لا يناسبنا"}},
		{"location", Label{"El pueblo está demasiado lejos", "The village is too far", "Le village est trop loin", "القرية بعيدة جدًا"}},
		{"timing", Label{"Las fechas no encajan", "The dates do not work", "Les dates ne conviennent pas", "المواعيد غير مناسبة"}},
		{"family_situation", Label{"Ha cambiado la situación familiar", "The family’s situation has changed", "La situation familiale a changé", "تغيّر وضع العائلة"}},
		{"candidate_profile", Label{"El perfil no encaja con el puesto", "The profile does not fit the post", "Le profil ne correspond pas au poste", "المؤهلات لا تناسب الوظيفة"}},
		{"offer_unavailable", Label{"La oferta ya no está disponible", "The offer is no longer available", "L’offre n’est plus disponible", "العرض لم يعد متاحًا"}},
		{"other", Label{"Otro motivo", "Another reason", "Autre raison", "سبب آخر"}},
	}}
	ChangeStatusList = List{"change-statuses", []Term{
		{ChangePending, Label{"Por revisar", "To review", "À examiner", "بانتظار المراجعة"}},
		{ChangeApplied, Label{"Aplicado", "Applied", "Appliqué", "طُبّق"}},
		{ChangeRejected, Label{"Rechazado", "Rejected", "Refusé", "مرفوض"}},
	}}
	CriterionList = List{"match-criteria", []Term{
		{CriterionExperience, Label{"Experiencia en el sector", "Experience in the sector", "Expérience dans le secteur", "الخبرة في القطاع"}},
		{CriterionLanguages, Label{"Idiomas", "Languages", "Langues", "اللغات"}},
		{CriterionHospital, Label{"Distancia al hospital", "Distance to the hospital", "Distance de l’hôpital", "المسافة إلى المستشفى"}},
		{CriterionTown, Label{"Distancia a la ciudad más cercana", "Distance to the nearest town", "Distance de la ville la plus proche", "المسافة إلى أقرب مدينة"}},
		{CriterionServices, Label{"Servicios del pueblo", "Village services", "Services du village", "خدمات القرية"}},
		{CriterionWaiting, Label{"Tiempo de espera", "Time waiting", "Temps d’attente", "مدة الانتظار"}},
	}}
	RuleList = List{"match-rules", []Term{
		{RuleBedrooms, Label{"Dormitorios", "Bedrooms", "Chambres", "غرف النوم"}},
		{RuleRegion, Label{"Comunidad autónoma", "Region", "Région", "المنطقة"}},
		{RuleLicence, Label{"Carné de conducir", "Driving licence", "Permis de conduire", "رخصة القيادة"}},
		{RuleSchool, Label{"Escuela", "School", "École", "المدرسة"}},
		{RuleHealthCentre, Label{"Centro de salud", "Health centre", "Centre de santé", "المركز الصحي"}},
		{RuleSpanish, Label{"Nivel de español", "Spanish level", "Niveau d’espagnol", "مستوى الإسبانية"}},
		{RuleMoveWindow, Label{"Fechas de la mudanza", "Moving dates", "Dates du déménagement", "مواعيد الانتقال"}},
	}}
)

// MatchLists are the lists of the village side and matching.
var MatchLists = []List{ContractList, OfferStatusList, HostKindList, HostOfferList, HostStatusList,
	ProposalStatusList, PartyList, DeclineReasonList, ChangeStatusList, CriterionList, RuleList}

// FamilyPageLists are the itinerary's lists that the family's own page
// shows: their labels follow the families' words (site/GLOSSARY.md).
var FamilyPageLists = []List{PhaseList, GoalAreaList, ResponsibleList, GoalStatusList, AgreementList, CheckAnswerList, IntendsToStayList}

// ItineraryLists are every list of the itinerary.
var ItineraryLists = append(append([]List{}, FamilyPageLists...), VisitKindList, WarningKindList, FeedbackChannelList)

// SectorOther is the sector for work the list does not name. Villages'
// profiles list only named sectors.
const SectorOther = "other"

// FormLists are the closed lists the forms offer, as the site's data holds
// them.
var FormLists = []List{SectorList, ServiceList, SpanishLevelList, SchoolStageList, MoveWhenList, ChannelList,
	HostKindList, HostOfferList}

// Vocabulary is every closed list, each once (the host form's lists are in
// FormLists and MatchLists both).
var Vocabulary = once(append(append(append(append([]List{}, FormLists...), FamilyStatusList, MunicipalityStatusList), ItineraryLists...), MatchLists...))

// once returns ls without the lists named as an earlier one.
func once(ls []List) []List {
	var out []List
	seen := map[string]bool{}
	for _, l := range ls {
		if !seen[l.Name] {
			seen[l.Name] = true
			out = append(out, l)
		}
	}
	return out
}

// StatusLabel returns the name of status st of a submission of kind k in
// lang, and false for a status that kind does not have.
func StatusLabel(k Kind, st Status, lang string) (string, bool) {
	switch k {
	case KindMunicipality:
		return MunicipalityStatusList.Label(string(st), lang)
	case KindHost:
		return HostStatusList.Label(string(st), lang)
	}
	return FamilyStatusList.Label(string(st), lang)
}

package api

// The names of the values of the family form's closed lists, and of the
// statuses, in the back-office's languages.
func init() {
	registerStaffTexts(staffTexts{
		"family.status.new":            {"Nueva", "New", "Nouvelle", "جديدة"},
		"family.status.suspected_spam": {"Posible spam", "Suspected spam", "Spam présumé", "يُشتبه في أنها رسالة مزعجة"},
		"family.status.contacted":      {"Contactada", "Contacted", "Contactée", "تم التواصل"},
		"family.status.interviewed":    {"Entrevistada", "Interviewed", "Entretien fait", "تمت المقابلة"},
		"family.status.in_itinerary":   {"En itinerario", "In itinerary", "En parcours", "في المسار"},
		"family.status.relocated":      {"Instalada", "Relocated", "Installée", "تم الانتقال"},
		"family.status.closed":         {"Cerrada", "Closed", "Close", "مغلقة"},
		"family.status.withdrawn":      {"Retirada", "Withdrawn", "Retirée", "منسحبة"},

		"family.sector.agriculture":  {"Agricultura", "Agriculture", "Agriculture", "الزراعة"},
		"family.sector.livestock":    {"Ganadería", "Livestock", "Élevage", "تربية المواشي"},
		"family.sector.forestry":     {"Forestal", "Forestry", "Forêt", "الغابات"},
		"family.sector.agrifood":     {"Agroalimentaria", "Agri-food", "Agroalimentaire", "الصناعات الغذائية"},
		"family.sector.hospitality":  {"Hostelería", "Hospitality", "Hôtellerie-restauration", "الضيافة"},
		"family.sector.care":         {"Cuidados", "Care", "Aide à la personne", "الرعاية"},
		"family.sector.construction": {"Construcción", "Construction", "Bâtiment", "البناء"},
		"family.sector.commerce":     {"Comercio", "Commerce", "Commerce", "التجارة"},
		"family.sector.services":     {"Servicios", "Services", "Services", "الخدمات"},
		"family.sector.other":        {"Otros", "Other", "Autre", "أخرى"},

		"family.stage.infant":          {"infantil", "infant", "maternelle", "روضة"},
		"family.stage.primary":         {"primaria", "primary", "primaire", "ابتدائي"},
		"family.stage.secondary":       {"secundaria", "secondary", "secondaire", "إعدادي"},
		"family.stage.post-compulsory": {"postobligatoria", "post-compulsory", "post-obligatoire", "ما بعد التعليم الإلزامي"},
		"family.stage.none":            {"sin escolarizar", "not in school", "non scolarisé", "غير متمدرس"},

		"family.level.none":         {"Ninguno", "None", "Aucun", "لا شيء"},
		"family.level.basic":        {"Básico", "Basic", "Débutant", "أساسي"},
		"family.level.intermediate": {"Intermedio", "Intermediate", "Intermédiaire", "متوسط"},
		"family.level.fluent":       {"Fluido", "Fluent", "Courant", "بطلاقة"},
		"family.level.native":       {"Nativo", "Native", "Langue maternelle", "لغة أم"},

		"family.when.asap":     {"Lo antes posible", "As soon as possible", "Dès que possible", "في أقرب وقت ممكن"},
		"family.when.3-months": {"En 3 meses", "Within 3 months", "D’ici 3 mois", "خلال 3 أشهر"},
		"family.when.6-months": {"En 6 meses", "Within 6 months", "D’ici 6 mois", "خلال 6 أشهر"},
		"family.when.1-year":   {"En un año", "Within a year", "D’ici un an", "خلال سنة"},
		"family.when.not-sure": {"Aún no lo saben", "Not sure yet", "Pas encore sûr", "غير متأكدين بعد"},

		"family.channel.phone":    {"Llamada", "Phone call", "Appel", "مكالمة هاتفية"},
		"family.channel.whatsapp": {"WhatsApp", "WhatsApp", "WhatsApp", "واتساب"},
		"family.channel.email":    {"Correo electrónico", "E-mail", "Courriel", "البريد الإلكتروني"},
	})
}

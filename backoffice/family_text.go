package backoffice

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/cepaim/senderos"
)

// staffTime shows a time on a record's page, in UTC like the layout's
// datetime function.
func staffTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// listJoin joins items with the list separator of lang.
func listJoin(lang string, items []string) string {
	if lang == "ar" {
		return strings.Join(items, "، ")
	}
	return strings.Join(items, ", ")
}

// orNone returns v, or a dash said as "none" when v is empty.
func orNone(lang, v string) string {
	if strings.TrimSpace(v) == "" {
		return staffText(lang, "family.none")
	}
	return v
}

func yesNo(lang string, v bool) string {
	if v {
		return staffText(lang, "family.yes")
	}
	return staffText(lang, "family.no")
}

// enumText translates a value of one of the forms' closed lists.
func enumText(lang, prefix, v string) string {
	if v == "" {
		return staffText(lang, "family.none")
	}
	return staffText(lang, prefix+v)
}

// languageName names an ISO 639-1 language in lang.
func languageName(lang, code string) string {
	if code == "" {
		return ""
	}
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if name := display.Tags(language.Make(lang)).Name(tag); name != "" {
		return name
	}
	return code
}

func slicesSortStaff(list []*senderos.Staff) {
	slices.SortFunc(list, func(a, b *senderos.Staff) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
}

func init() {
	registerStaffTexts(staffTexts{
		"family.list.title":    {"Familias", "Families", "Familles", "العائلات"},
		"family.detail.title":  {"Ficha de familia", "Family record", "Fiche famille", "ملف العائلة"},
		"family.filter.title":  {"Filtrar", "Filter", "Filtrer", "تصفية"},
		"family.filter.any":    {"Cualquiera", "Any", "Tous", "الكل"},
		"family.filter.status": {"Estado", "Status", "Statut", "الحالة"},
		"family.filter.region": {"Comunidad deseada", "Region wanted", "Région souhaitée", "المنطقة المرغوبة"},
		"family.filter.sector": {"Sector", "Sector", "Secteur", "القطاع"},
		"family.filter.min":    {"Personas (mínimo)", "People (at least)", "Personnes (minimum)", "عدد الأفراد (الحد الأدنى)"},
		"family.filter.max":    {"Personas (máximo)", "People (at most)", "Personnes (maximum)", "عدد الأفراد (الحد الأقصى)"},
		"family.filter.from":   {"Recibida desde", "Received from", "Reçue depuis", "مستلم من"},
		"family.filter.to":     {"Recibida hasta", "Received until", "Reçue jusqu’au", "مستلم حتى"},
		"family.filter.apply":  {"Aplicar filtros", "Apply filters", "Appliquer les filtres", "تطبيق عوامل التصفية"},
		"family.filter.clear":  {"Quitar filtros", "Clear filters", "Effacer les filtres", "إزالة عوامل التصفية"},
		"family.list.mine": {"Solo ves las familias que tienes asignadas.", "You see only the families assigned to you.",
			"Vous ne voyez que les familles qui vous sont attribuées.", "ترون فقط العائلات المسندة إليكم."},
		"family.list.caption":  {"Familias: de %d a %d de %d", "Families: %d to %d of %d", "Familles : %d à %d sur %d", "العائلات: من %d إلى %d من أصل %d"},
		"family.list.empty":    {"Ninguna familia con estos filtros.", "No family matches these filters.", "Aucune famille ne correspond à ces filtres.", "لا توجد عائلة تطابق عوامل التصفية هذه."},
		"family.list.csv":      {"Descargar esta lista (CSV)", "Download this list (CSV)", "Télécharger cette liste (CSV)", "تنزيل هذه القائمة (CSV)"},
		"family.list.pages":    {"Páginas", "Pages", "Pages", "الصفحات"},
		"family.list.prev":     {"Anterior", "Previous", "Précédent", "السابق"},
		"family.list.next":     {"Siguiente", "Next", "Suivant", "التالي"},
		"family.col.reference": {"Referencia", "Reference", "Référence", "المرجع"},
		"family.col.received":  {"Recibida", "Received", "Reçue", "تاريخ الاستلام"},
		"family.col.status":    {"Estado", "Status", "Statut", "الحالة"},
		"family.col.household": {"Personas", "People", "Personnes", "الأفراد"},
		"family.col.regions":   {"Comunidades deseadas", "Regions wanted", "Régions souhaitées", "المناطق المرغوبة"},
		"family.col.sectors":   {"Sectores", "Sectors", "Secteurs", "القطاعات"},
		"family.col.assignee":  {"Asignada a", "Assigned to", "Attribuée à", "مسندة إلى"},
		"family.anywhere":      {"Cualquier lugar", "Anywhere", "N’importe où", "أي مكان"},
		"family.none":          {"—", "—", "—", "—"},
		"family.yes":           {"Sí", "Yes", "Oui", "نعم"},
		"family.no":            {"No", "No", "Non", "لا"},
		"family.nobody":        {"Nadie", "Nobody", "Personne", "لا أحد"},
		"family.unknown_staff": {"Cuenta %d", "Account %d", "Compte %d", "الحساب %d"},

		"family.not_found": {"Este expediente no existe o se ha borrado.", "This record does not exist or has been erased.",
			"Ce dossier n’existe pas ou a été effacé.", "هذا الملف غير موجود أو تم محوه."},
		"family.denied": {"Este expediente no te está asignado.", "This record is not assigned to you.",
			"Ce dossier ne vous est pas attribué.", "هذا الملف غير مسند إليكم."},
		"family.bad_status": {"Elige un estado de la lista.", "Choose a status from the list.", "Choisissez un statut dans la liste.", "اختاروا حالة من القائمة."},
		"family.refused_status": {"No se puede pasar de «%s» a «%s». Vuelve a la ficha y elige otro estado.",
			"A record cannot move from “%s” to “%s”. Go back to the record and choose another status.",
			"Impossible de passer de « %s » à « %s ». Revenez à la fiche et choisissez un autre statut.",
			"لا يمكن الانتقال من «%s» إلى «%s». عودوا إلى الملف واختاروا حالة أخرى."},
		"family.bad_note": {"Escribe una nota de como máximo %d caracteres.", "Write a note of at most %d characters.",
			"Écrivez une note de %d caractères au maximum.", "الحد الأقصى لعدد أحرف الملاحظة: %d."},
		"family.bad_assignee": {"Elige una persona de la lista.", "Choose a person from the list.", "Choisissez une personne dans la liste.", "اختاروا شخصًا من القائمة."},
		"family.flash.status": {"Estado cambiado.", "Status changed.", "Statut modifié.", "تم تغيير الحالة."},
		"family.flash.note":   {"Nota añadida.", "Note added.", "Note ajoutée.", "تمت إضافة الملاحظة."},
		"family.flash.assign": {"Asignación cambiada.", "Assignment changed.", "Attribution modifiée.", "تم تغيير الإسناد."},
		"family.flash.erased": {"Expediente borrado: ya no aparece en ninguna lista ni exportación.", "Record erased: it no longer shows in any list or export.",
			"Dossier effacé : il n’apparaît plus dans aucune liste ni aucun export.", "تم محو الملف: لم يعد يظهر في أي قائمة أو تصدير."},

		"family.section.record":    {"Expediente", "Record", "Dossier", "الملف"},
		"family.section.household": {"Hogar", "Household", "Foyer", "الأسرة"},
		"family.section.work":      {"Trabajo", "Work", "Travail", "العمل"},
		"family.section.wishes":    {"Lo que buscan", "What they look for", "Ce qu’ils cherchent", "ما يبحثون عنه"},
		"family.section.contact":   {"Contacto", "Contact", "Contact", "التواصل"},
		"family.section.history":   {"Historial", "History", "Historique", "السجل"},
		"family.section.actions":   {"Acciones", "Actions", "Actions", "الإجراءات"},
		"family.history.caption":   {"Cambios y notas, del más antiguo al más reciente", "Changes and notes, oldest first", "Modifications et notes, des plus anciennes aux plus récentes", "التغييرات والملاحظات، من الأقدم إلى الأحدث"},
		"family.history.empty":     {"Aún no hay cambios ni notas.", "No changes or notes yet.", "Pas encore de modifications ni de notes.", "لا توجد تغييرات أو ملاحظات بعد."},
		"family.history.when":      {"Cuándo", "When", "Quand", "متى"},
		"family.history.who":       {"Quién", "Who", "Qui", "من"},
		"family.history.what":      {"Qué", "What", "Quoi", "ماذا"},
		"family.event.status":      {"Estado: %s → %s", "Status: %s → %s", "Statut : %s → %s", "الحالة: %s ← %s"},
		"family.event.assign":      {"Asignación: %s → %s", "Assignment: %s → %s", "Attribution : %s → %s", "الإسناد: %s ← %s"},
		"family.event.note":        {"Nota", "Note", "Note", "ملاحظة"},
		"family.event.erase":       {"Borrado solicitado", "Erasure requested", "Effacement demandé", "طُلب المحو"},
		"family.event.consent":     {"Consentimiento renovado: aviso de privacidad %s → %s", "Consent renewed: privacy notice %s → %s", "Consentement renouvelé : avis de confidentialité %s → %s", "تجديد الموافقة: إشعار الخصوصية %s ← %s"},

		"family.form.status":       {"Cambiar el estado", "Change the status", "Changer le statut", "تغيير الحالة"},
		"family.form.new_status":   {"Nuevo estado", "New status", "Nouveau statut", "الحالة الجديدة"},
		"family.form.status_final": {"Este expediente está cerrado: su estado ya no cambia.", "This record is closed: its status no longer changes.", "Ce dossier est clos : son statut ne change plus.", "هذا الملف مغلق: لم تعد حالته تتغير."},
		"family.form.save_status":  {"Guardar el estado", "Save the status", "Enregistrer le statut", "حفظ الحالة"},
		"family.form.assign":       {"Asignar", "Assign", "Attribuer", "إسناد"},
		"family.form.assignee":     {"Persona que lo sigue", "Person following it", "Personne qui le suit", "الشخص المتابع"},
		"family.form.save_assign":  {"Guardar la asignación", "Save the assignment", "Enregistrer l’attribution", "حفظ الإسناد"},
		"family.form.note":         {"Añadir una nota", "Add a note", "Ajouter une note", "إضافة ملاحظة"},
		"family.form.note_label":   {"Nota (la ve todo el equipo; no escribas datos de salud, religión ni origen)", "Note (the whole team sees it; do not write about health, religion or origin)", "Note (toute l’équipe la voit ; n’écrivez rien sur la santé, la religion ou l’origine)", "ملاحظة (يراها الفريق كله؛ لا تكتبوا عن الصحة أو الدين أو الأصل)"},
		"family.form.save_note":    {"Guardar la nota", "Save the note", "Enregistrer la note", "حفظ الملاحظة"},
		"family.form.data":         {"Derechos de la persona", "The person’s rights", "Droits de la personne", "حقوق الشخص"},
		"family.form.export":       {"Descargar todos sus datos (JSON), para una solicitud de acceso", "Download all their data (JSON), for an access request", "Télécharger toutes ses données (JSON), pour une demande d’accès", "تنزيل جميع بياناته (JSON) لطلب الاطلاع"},
		"family.form.erase":        {"Borrar este expediente…", "Erase this record…", "Effacer ce dossier…", "محو هذا الملف…"},
		"family.back":              {"Volver a la lista", "Back to the list", "Retour à la liste", "العودة إلى القائمة"},

		"family.f.reference":    {"Referencia", "Reference", "Référence", "المرجع"},
		"family.f.received":     {"Recibida", "Received", "Reçue", "تاريخ الاستلام"},
		"family.f.updated":      {"Último cambio", "Last change", "Dernière modification", "آخر تغيير"},
		"family.f.form_lang":    {"Idioma del formulario", "Form language", "Langue du formulaire", "لغة الاستمارة"},
		"family.f.status":       {"Estado", "Status", "Statut", "الحالة"},
		"family.f.assignee":     {"Asignada a", "Assigned to", "Attribuée à", "مسندة إلى"},
		"family.f.consent":      {"Consentimiento", "Consent", "Consentement", "الموافقة"},
		"family.f.spam":         {"Motivo de sospecha", "Why it is suspected", "Motif de suspicion", "سبب الاشتباه"},
		"family.consent_text":   {"Aviso de privacidad %s, en %s, aceptado el %s", "Privacy notice %s, in %s, accepted on %s", "Avis de confidentialité %s, en %s, accepté le %s", "إشعار الخصوصية %s، باللغة %s، تمت الموافقة عليه في %s"},
		"family.f.adults":       {"Personas adultas", "Adults", "Adultes", "البالغون"},
		"family.f.children":     {"Menores (edad y etapa)", "Children (age and stage)", "Enfants (âge et niveau)", "الأطفال (العمر والمرحلة)"},
		"family.f.household":    {"Personas en total", "People in all", "Personnes au total", "مجموع الأفراد"},
		"family.f.languages":    {"Idiomas que hablan", "Languages spoken", "Langues parlées", "اللغات المحكية"},
		"family.f.spanish":      {"Nivel de español", "Spanish level", "Niveau d’espagnol", "مستوى الإسبانية"},
		"family.f.city":         {"Dónde viven", "Where they live", "Où ils vivent", "مكان السكن"},
		"family.f.province":     {"Provincia", "Province", "Province", "المقاطعة"},
		"family.f.sectors":      {"Experiencia", "Experience", "Expérience", "الخبرة"},
		"family.f.skills":       {"Lo que saben hacer", "What they can do", "Ce qu’ils savent faire", "المهارات"},
		"family.f.licence":      {"Carné de conducir", "Driving licence", "Permis de conduire", "رخصة القيادة"},
		"family.f.regions":      {"Comunidades deseadas", "Regions wanted", "Régions souhaitées", "المناطق المرغوبة"},
		"family.f.bedrooms":     {"Dormitorios", "Bedrooms", "Chambres", "غرف النوم"},
		"family.f.school":       {"Necesitan escuela", "Need a school", "Besoin d’une école", "يحتاجون إلى مدرسة"},
		"family.f.health":       {"Necesitan centro de salud", "Need a health centre", "Besoin d’un centre de santé", "يحتاجون إلى مركز صحي"},
		"family.f.when":         {"Cuándo quieren mudarse", "When they want to move", "Quand ils veulent déménager", "متى يريدون الانتقال"},
		"family.f.name":         {"Nombre", "Name", "Nom", "الاسم"},
		"family.f.phone":        {"Teléfono", "Phone", "Téléphone", "الهاتف"},
		"family.f.email":        {"Correo electrónico", "E-mail", "Courriel", "البريد الإلكتروني"},
		"family.f.contact_lang": {"Idioma de contacto", "Contact language", "Langue de contact", "لغة التواصل"},
		"family.f.channel":      {"Cómo contactar", "How to contact", "Comment contacter", "طريقة التواصل"},
	})
}

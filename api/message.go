package api

import (
	"fmt"

	"github.com/cepaim/senderos/internal/web"
)

// Message keys: what can be wrong with a field or a request. Each has a
// text in every language of the site.
const (
	msgRequired         = "required"
	msgTooLong          = "too_long"
	msgTooShort         = "too_short"
	msgInvalidEmail     = "invalid_email"
	msgInvalidPhone     = "invalid_phone"
	msgNotInList        = "not_in_list"
	msgOutOfRange       = "out_of_range"
	msgNotANumber       = "not_a_number"
	msgConsentRequired  = "consent_required"
	msgUnknownPlace     = "unknown_municipality"
	msgAmbiguousPlace   = "ambiguous_municipality"
	msgContactNeeded    = "contact_needed"
	msgPhoneNeeded      = "phone_needed"
	msgEmailNeeded      = "email_needed"
	msgRentOrder        = "rent_order"
	msgTooManyItems     = "too_many_items"
	msgUnknownField     = "unknown_field"
	msgMalformed        = "malformed"
	msgTooLarge         = "too_large"
	msgTooManyRequests  = "too_many_requests"
	msgCrossOrigin      = "cross_origin"
	msgSummary          = "summary"
	msgErrorTitle       = "error_title"
	msgInternal         = "internal"
	msgUnsupportedMedia = "unsupported_media"
	msgSearchTitle      = "search_title"
	msgResults          = "results"
	msgNoResults        = "no_results"
	msgRefine           = "refine"
	msgPages            = "pages"
	msgPrevious         = "previous"
	msgNext             = "next"
)

// messages holds every text in es, en, fr and ar. Texts with %d take the
// numbers given with the problem.
var messages = map[string]map[string]string{
	"es": {
		msgRequired:         "Este dato es obligatorio.",
		msgTooLong:          "Escribe como máximo %d caracteres.",
		msgTooShort:         "Escribe al menos %d caracteres.",
		msgInvalidEmail:     "Escribe un correo electrónico válido, por ejemplo nombre@ejemplo.es.",
		msgInvalidPhone:     "Escribe un teléfono válido: 9 cifras, o con prefijo internacional, por ejemplo +34 600 000 000.",
		msgNotInList:        "Elige una de las opciones de la lista.",
		msgOutOfRange:       "Escribe un número entre %d y %d.",
		msgNotANumber:       "Escribe un número, solo con cifras.",
		msgConsentRequired:  "Para enviar el formulario tienes que aceptar el aviso de privacidad.",
		msgUnknownPlace:     "No encontramos ese municipio en la lista oficial. Revisa el nombre y la provincia.",
		msgAmbiguousPlace:   "Hay varios municipios con ese nombre. Elige la provincia o escribe el nombre completo.",
		msgContactNeeded:    "Escribe un teléfono o un correo electrónico para que podamos contactar contigo.",
		msgPhoneNeeded:      "Para que te llamemos o te escribamos por WhatsApp, escribe un teléfono.",
		msgEmailNeeded:      "Para que te escribamos por correo, escribe un correo electrónico.",
		msgRentOrder:        "El alquiler mínimo no puede ser mayor que el máximo.",
		msgTooManyItems:     "Indica como máximo %d.",
		msgUnknownField:     "Este dato no forma parte del formulario.",
		msgMalformed:        "No hemos podido leer los datos enviados.",
		msgTooLarge:         "El formulario enviado es demasiado grande (máximo 64 KB).",
		msgTooManyRequests:  "Has enviado muchos formularios en poco tiempo. Inténtalo de nuevo dentro de unos minutos.",
		msgCrossOrigin:      "Este formulario solo se puede enviar desde la web de Nuevos Senderos.",
		msgSummary:          "Revisa estos datos antes de enviar el formulario:",
		msgErrorTitle:       "Error",
		msgInternal:         "Algo ha fallado en nuestro servidor y tus datos no se han guardado. Inténtalo de nuevo más tarde.",
		msgUnsupportedMedia: "Envía el formulario como application/x-www-form-urlencoded o application/json.",
		msgSearchTitle:      "Buscar",
		msgResults:          "Resultados: %d",
		msgNoResults:        "No hemos encontrado nada con «%s». Prueba con otras palabras.",
		msgRefine:           "Afinar la búsqueda",
		msgPages:            "Páginas de resultados",
		msgPrevious:         "Anterior",
		msgNext:             "Siguiente",
		"facet_type":        "Tipo",
		"facet_topic":       "Tema",
		"facet_province":    "Provincia",
		"type_guide":        "Guía metodológica",
		"type_magazine":     "Revista",
		"type_testimonial":  "Testimonio",
		"type_municipality": "Pueblo",
		"type_library":      "Biblioteca",
		"type_page":         "Página",
	},
	"en": {
		msgRequired:         "This is required.",
		msgTooLong:          "Write at most %d characters.",
		msgTooShort:         "Write at least %d characters.",
		msgInvalidEmail:     "Enter a valid email address, for example name@example.com.",
		msgInvalidPhone:     "Enter a valid phone number: 9 digits, or with the international code, for example +34 600 000 000.",
		msgNotInList:        "Choose one of the options in the list.",
		msgOutOfRange:       "Enter a number between %d and %d.",
		msgNotANumber:       "Enter a number, using digits only.",
		msgConsentRequired:  "To send the form you need to accept the privacy notice.",
		msgUnknownPlace:     "We could not find that municipality in the official list. Check the name and the province.",
		msgAmbiguousPlace:   "Several municipalities have that name. Choose the province or write the full name.",
		msgContactNeeded:    "Enter a phone number or an email address so that we can contact you.",
		msgPhoneNeeded:      "For us to call you or write on WhatsApp, enter a phone number.",
		msgEmailNeeded:      "For us to write to you by email, enter an email address.",
		msgRentOrder:        "The lowest rent cannot be higher than the highest.",
		msgTooManyItems:     "Give at most %d.",
		msgUnknownField:     "This is not part of the form.",
		msgMalformed:        "We could not read the data that was sent.",
		msgTooLarge:         "The form sent is too large (64 KB at most).",
		msgTooManyRequests:  "You have sent many forms in a short time. Please try again in a few minutes.",
		msgCrossOrigin:      "This form can only be sent from the Nuevos Senderos website.",
		msgSummary:          "Please check these answers before sending the form:",
		msgErrorTitle:       "Error",
		msgInternal:         "Something went wrong on our server and your answers were not saved. Please try again later.",
		msgUnsupportedMedia: "Send the form as application/x-www-form-urlencoded or application/json.",
		msgSearchTitle:      "Search",
		msgResults:          "Results: %d",
		msgNoResults:        "We found nothing for “%s”. Try other words.",
		msgRefine:           "Refine the search",
		msgPages:            "Pages of results",
		msgPrevious:         "Previous",
		msgNext:             "Next",
		"facet_type":        "Type",
		"facet_topic":       "Topic",
		"facet_province":    "Province",
		"type_guide":        "Methodological guide",
		"type_magazine":     "Magazine",
		"type_testimonial":  "Testimonial",
		"type_municipality": "Village",
		"type_library":      "Library",
		"type_page":         "Page",
	},
	"fr": {
		msgRequired:         "Cette information est obligatoire.",
		msgTooLong:          "Écrivez au maximum %d caractères.",
		msgTooShort:         "Écrivez au moins %d caractères.",
		msgInvalidEmail:     "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.",
		msgInvalidPhone:     "Saisissez un numéro de téléphone valide : 9 chiffres, ou avec l’indicatif international, par exemple +34 600 000 000.",
		msgNotInList:        "Choisissez une des options de la liste.",
		msgOutOfRange:       "Saisissez un nombre entre %d et %d.",
		msgNotANumber:       "Saisissez un nombre, uniquement avec des chiffres.",
		msgConsentRequired:  "Pour envoyer le formulaire, vous devez accepter la politique de confidentialité.",
		msgUnknownPlace:     "Nous ne trouvons pas cette commune dans la liste officielle. Vérifiez le nom et la province.",
		msgAmbiguousPlace:   "Plusieurs communes portent ce nom. Choisissez la province ou écrivez le nom complet.",
		msgContactNeeded:    "Indiquez un téléphone ou une adresse e-mail pour que nous puissions vous contacter.",
		msgPhoneNeeded:      "Pour que nous vous appelions ou vous écrivions sur WhatsApp, indiquez un téléphone.",
		msgEmailNeeded:      "Pour que nous vous écrivions par e-mail, indiquez une adresse e-mail.",
		msgRentOrder:        "Le loyer minimum ne peut pas dépasser le loyer maximum.",
		msgTooManyItems:     "Indiquez-en au maximum %d.",
		msgUnknownField:     "Cette information ne fait pas partie du formulaire.",
		msgMalformed:        "Nous n’avons pas pu lire les données envoyées.",
		msgTooLarge:         "Le formulaire envoyé est trop volumineux (64 Ko au maximum).",
		msgTooManyRequests:  "Vous avez envoyé beaucoup de formulaires en peu de temps. Réessayez dans quelques minutes.",
		msgCrossOrigin:      "Ce formulaire ne peut être envoyé que depuis le site de Nuevos Senderos.",
		msgSummary:          "Vérifiez ces réponses avant d’envoyer le formulaire :",
		msgErrorTitle:       "Erreur",
		msgInternal:         "Un problème est survenu sur notre serveur et vos réponses n’ont pas été enregistrées. Réessayez plus tard.",
		msgUnsupportedMedia: "Envoyez le formulaire en application/x-www-form-urlencoded ou application/json.",
		msgSearchTitle:      "Rechercher",
		msgResults:          "Résultats : %d",
		msgNoResults:        "Nous n’avons rien trouvé pour « %s ». Essayez d’autres mots.",
		msgRefine:           "Affiner la recherche",
		msgPages:            "Pages de résultats",
		msgPrevious:         "Précédente",
		msgNext:             "Suivante",
		"facet_type":        "Type",
		"facet_topic":       "Thème",
		"facet_province":    "Province",
		"type_guide":        "Guide méthodologique",
		"type_magazine":     "Magazine",
		"type_testimonial":  "Témoignage",
		"type_municipality": "Village",
		"type_library":      "Bibliothèque",
		"type_page":         "Page",
	},
	"ar": {
		msgRequired:         "هذه المعلومة مطلوبة.",
		msgTooLong:          "الحد الأقصى لعدد الأحرف: %d.",
		msgTooShort:         "الحد الأدنى لعدد الأحرف: %d.",
		msgInvalidEmail:     "اكتبوا بريدًا إلكترونيًا صحيحًا، مثل name@example.com.",
		msgInvalidPhone:     "اكتبوا رقم هاتف صحيحًا: 9 أرقام، أو مع رمز البلد، مثل ‎+34 600 000 000.",
		msgNotInList:        "اختاروا أحد الخيارات من القائمة.",
		msgOutOfRange:       "اكتبوا رقمًا بين %d و%d.",
		msgNotANumber:       "اكتبوا العدد بالأرقام فقط.",
		msgConsentRequired:  "لإرسال الاستمارة يجب أن توافقوا على إشعار الخصوصية.",
		msgUnknownPlace:     "لم نجد هذه البلدية في القائمة الرسمية. تحقّقوا من الاسم والمقاطعة.",
		msgAmbiguousPlace:   "توجد عدة بلديات بهذا الاسم. اختاروا المقاطعة أو اكتبوا الاسم الكامل.",
		msgContactNeeded:    "اكتبوا رقم هاتف أو بريدًا إلكترونيًا حتى نتمكن من التواصل معكم.",
		msgPhoneNeeded:      "لكي نتصل بكم أو نكتب لكم عبر واتساب، اكتبوا رقم هاتف.",
		msgEmailNeeded:      "لكي نكتب لكم بالبريد الإلكتروني، اكتبوا بريدًا إلكترونيًا.",
		msgRentOrder:        "لا يمكن أن يكون أدنى إيجار أعلى من أعلى إيجار.",
		msgTooManyItems:     "الحد الأقصى للعدد: %d.",
		msgUnknownField:     "هذه المعلومة ليست جزءًا من الاستمارة.",
		msgMalformed:        "لم نتمكن من قراءة البيانات المرسلة.",
		msgTooLarge:         "الاستمارة المرسلة كبيرة جدًا (64 كيلوبايت على الأكثر).",
		msgTooManyRequests:  "أرسلتم استمارات كثيرة في وقت قصير. حاولوا مرة أخرى بعد بضع دقائق.",
		msgCrossOrigin:      "لا يمكن إرسال هذه الاستمارة إلا من موقع نويفوس سينديروس.",
		msgSummary:          "راجعوا هذه الإجابات قبل إرسال الاستمارة:",
		msgErrorTitle:       "خطأ",
		msgInternal:         "حدث خطأ في الخادم ولم تُحفظ إجاباتكم. حاولوا مرة أخرى لاحقًا.",
		msgUnsupportedMedia: "أرسلوا الاستمارة بصيغة application/x-www-form-urlencoded أو application/json.",
		msgSearchTitle:      "بحث",
		msgResults:          "النتائج: %d",
		msgNoResults:        "لم نجد شيئًا عن «%s». جرّبوا كلمات أخرى.",
		msgRefine:           "تضييق البحث",
		msgPages:            "صفحات النتائج",
		msgPrevious:         "السابق",
		msgNext:             "التالي",
		"facet_type":        "النوع",
		"facet_topic":       "الموضوع",
		"facet_province":    "المقاطعة",
		"type_guide":        "الدليل المنهجي",
		"type_magazine":     "المجلة",
		"type_testimonial":  "شهادة",
		"type_municipality": "قرية",
		"type_library":      "المكتبة",
		"type_page":         "صفحة",
	},
}

// lang returns l if the site has it, else the default.
func lang(l string) string {
	if _, ok := messages[l]; ok {
		return l
	}
	return web.Languages[0]
}

// text returns the message key in language l, with its numbers.
func text(l, key string, args ...any) string {
	t, ok := messages[lang(l)][key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(t, args...)
	}
	return t
}

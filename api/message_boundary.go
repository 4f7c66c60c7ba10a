package api

import "github.com/cepaim/senderos/internal/web"

// Texts for what the boundary refuses: bad text, unknown search and place
// parameters, and errors of the services behind the API. Each has a text in
// every language of the site; they join the catalogue of message.go at
// init.

// Message keys of the public API.
const (
	msgBadText        = "bad_text"
	msgInvisibleText  = "invisible_text"
	msgUnknownParam   = "unknown_param"
	msgWholeNumber    = "whole_number"
	msgPerPageMax     = "per_page_max"
	msgSearchOff      = "search_off"
	msgPlaceQuery     = "place_query"
	msgUnknownProv    = "unknown_province"
	msgNoProfiles     = "no_profiles"
	msgNoSuchEndpoint = "no_such_endpoint"
)

// codeMessages is the key of the message shown for an error of each code
// that the API did not word itself (a store's or an index's): their own
// messages are for logs, in English.
var codeMessages = map[string]string{}

func init() {
	boundary := map[string]map[string]string{
		"es": {
			msgBadText:               "Este texto tiene caracteres que no se pueden guardar (de control o mal codificados). Escríbelo de nuevo sin copiarlo y pegarlo.",
			msgInvisibleText:         "Escribe este dato con letras o cifras: solo tiene caracteres invisibles.",
			msgUnknownParam:          "La búsqueda no entiende el parámetro «%s». Usa: %s.",
			msgWholeNumber:           "«%s» tiene que ser un número entero desde 1.",
			msgPerPageMax:            "«per_page» puede ser como máximo %d.",
			msgSearchOff:             "La búsqueda no está disponible en este momento.",
			msgPlaceQuery:            "Escribe entre 1 y %d caracteres del nombre del municipio.",
			msgUnknownProv:           "No conocemos esa provincia: usa su código de dos cifras, por ejemplo 44 para Teruel.",
			msgNoProfiles:            "Aquí no hay perfiles publicados.",
			msgNoSuchEndpoint:        "Esta dirección no existe en la API.",
			"code_bad_request":       "La petición no es correcta.",
			"code_conflict":          "Esto choca con un cambio hecho a la vez. Vuelve a cargar la página y prueba otra vez.",
			"code_invalid":           "Los datos enviados no son válidos.",
			"code_not_found":         "No encontramos lo que buscas.",
			"code_not_implemented":   "Esto no está disponible aquí.",
			"code_unauthorized":      "Tienes que iniciar sesión.",
			"code_forbidden":         "No tienes acceso a esto.",
			"code_too_large":         "Lo enviado es demasiado grande.",
			"code_too_many_requests": "Demasiadas peticiones. Espera unos minutos.",
			"code_internal":          "Algo ha fallado en nuestro servidor. Inténtalo de nuevo más tarde.",
		},
		"en": {
			msgBadText:               "This text has characters that cannot be stored (control characters or a broken encoding). Type it again rather than pasting it.",
			msgInvisibleText:         "Write this with letters or digits: it has only invisible characters.",
			msgUnknownParam:          "Search does not know the parameter “%s”. Use: %s.",
			msgWholeNumber:           "“%s” must be a whole number from 1.",
			msgPerPageMax:            "“per_page” can be at most %d.",
			msgSearchOff:             "Search is not available at the moment.",
			msgPlaceQuery:            "Type 1 to %d characters of the municipality’s name.",
			msgUnknownProv:           "We do not know that province: use its two-digit code, for example 44 for Teruel.",
			msgNoProfiles:            "There are no published profiles here.",
			msgNoSuchEndpoint:        "This address does not exist in the API.",
			"code_bad_request":       "The request is not correct.",
			"code_conflict":          "This clashes with a change made at the same time. Reload the page and try again.",
			"code_invalid":           "The data sent is not valid.",
			"code_not_found":         "We cannot find what you are looking for.",
			"code_not_implemented":   "This is not available here.",
			"code_unauthorized":      "You need to log in.",
			"code_forbidden":         "You do not have access to this.",
			"code_too_large":         "What was sent is too large.",
			"code_too_many_requests": "Too many requests. Wait a few minutes.",
			"code_internal":          "Something went wrong on our server. Try again later.",
		},
		"fr": {
			msgBadText:               "Ce texte contient des caractères impossibles à enregistrer (caractères de contrôle ou mauvais encodage). Saisissez-le à nouveau au lieu de le coller.",
			msgInvisibleText:         "Écrivez cette information avec des lettres ou des chiffres : elle ne contient que des caractères invisibles.",
			msgUnknownParam:          "La recherche ne connaît pas le paramètre « %s ». Utilisez : %s.",
			msgWholeNumber:           "« %s » doit être un nombre entier à partir de 1.",
			msgPerPageMax:            "« per_page » vaut au plus %d.",
			msgSearchOff:             "La recherche n’est pas disponible pour le moment.",
			msgPlaceQuery:            "Saisissez de 1 à %d caractères du nom de la commune.",
			msgUnknownProv:           "Nous ne connaissons pas cette province : utilisez son code à deux chiffres, par exemple 44 pour Teruel.",
			msgNoProfiles:            "Il n’y a pas de profils publiés ici.",
			msgNoSuchEndpoint:        "Cette adresse n’existe pas dans l’API.",
			"code_bad_request":       "La requête n’est pas correcte.",
			"code_conflict":          "Cela entre en conflit avec une modification faite au même moment. Rechargez la page et réessayez.",
			"code_invalid":           "Les données envoyées ne sont pas valides.",
			"code_not_found":         "Nous ne trouvons pas ce que vous cherchez.",
			"code_not_implemented":   "Ce n’est pas disponible ici.",
			"code_unauthorized":      "Vous devez vous connecter.",
			"code_forbidden":         "Vous n’avez pas accès à ceci.",
			"code_too_large":         "L’envoi est trop volumineux.",
			"code_too_many_requests": "Trop de requêtes. Attendez quelques minutes.",
			"code_internal":          "Une erreur s’est produite sur notre serveur. Réessayez plus tard.",
		},
		"ar": {
			msgBadText:               "في هذا النص رموز لا يمكن حفظها (رموز تحكم أو ترميز تالف). اكتبوه من جديد بدل نسخه ولصقه.",
			msgInvisibleText:         "اكتبوا هذه المعلومة بحروف أو أرقام: فيها رموز غير مرئية فقط.",
			msgUnknownParam:          "البحث لا يعرف المعامل «%s». استعملوا: %s.",
			msgWholeNumber:           "يجب أن يكون «%s» عددًا صحيحًا من 1 فما فوق.",
			msgPerPageMax:            "أقصى قيمة لـ «per_page» هي %d.",
			msgSearchOff:             "البحث غير متاح في الوقت الحالي.",
			msgPlaceQuery:            "اكتبوا جزءًا من اسم البلدية (الحد الأقصى لعدد الأحرف: %d).",
			msgUnknownProv:           "لا نعرف هذه المقاطعة: استعملوا رمزها المكوّن من رقمين، مثل 44 لتيرويل.",
			msgNoProfiles:            "لا توجد هنا ملفات منشورة.",
			msgNoSuchEndpoint:        "هذا العنوان غير موجود في واجهة البرمجة.",
			"code_bad_request":       "الطلب غير صحيح.",
			"code_conflict":          "هذا يتعارض مع تغيير أُجري في الوقت نفسه. أعيدوا تحميل الصفحة وحاولوا مرة أخرى.",
			"code_invalid":           "البيانات المرسلة غير صالحة.",
			"code_not_found":         "لم نجد ما تبحثون عنه.",
			"code_not_implemented":   "هذا غير متاح هنا.",
			"code_unauthorized":      "يجب عليكم تسجيل الدخول.",
			"code_forbidden":         "ليس لديكم حق الوصول إلى هذا.",
			"code_too_large":         "ما أُرسل كبير جدًا.",
			"code_too_many_requests": "طلبات كثيرة جدًا. انتظروا بضع دقائق.",
			"code_internal":          "حدث خطأ في خادمنا. حاولوا مرة أخرى لاحقًا.",
		},
	}
	for l, texts := range boundary {
		for k, v := range texts {
			if _, dup := messages[l][k]; dup {
				panic("api: message registered twice: " + k)
			}
			messages[l][k] = v
		}
	}
	for _, code := range web.ErrorCodes() {
		codeMessages[code] = "code_" + code
	}
}

package backoffice

import "github.com/cepaim/senderos"

// Texts for what the back-office refuses at its boundary: bad text, errors
// of the services behind it, forms sent from elsewhere, and set-up links
// that cannot be made. They join the catalogue of backoffice.go at init.

func init() {
	registerStaffTexts(staffTexts{
		"text.malformed": {
			"Este texto tiene caracteres que no se pueden guardar (de control o mal codificados). Escríbelo de nuevo sin copiarlo y pegarlo.",
			"This text has characters that cannot be stored (control characters or a broken encoding). Type it again rather than pasting it.",
			"Ce texte contient des caractères impossibles à enregistrer (caractères de contrôle ou mauvais encodage). Saisissez-le à nouveau au lieu de le coller.",
			"في هذا النص رموز لا يمكن حفظها (رموز تحكم أو ترميز تالف). اكتبوه من جديد بدل نسخه ولصقه.",
		},
		"text.invisible": {
			"Escribe este dato con letras o cifras: solo tiene caracteres invisibles.",
			"Write this with letters or digits: it has only invisible characters.",
			"Écrivez cette information avec des lettres ou des chiffres : elle ne contient que des caractères invisibles.",
			"اكتبوا هذه المعلومة بحروف أو أرقام: فيها رموز غير مرئية فقط.",
		},
		"accounts.err_no_public_url": {
			"No se pueden crear enlaces de activación aquí: falta la dirección pública del portal (--public-url). Usa «senderos staff add» o «senderos staff reset» en el servidor, o pide a quien lo gestiona que configure --public-url.",
			"Set-up links cannot be made here: the portal’s public address is not configured (--public-url). Use “senderos staff add” or “senderos staff reset” on the server, or ask whoever runs it to set --public-url.",
			"Impossible de créer des liens d’activation ici : l’adresse publique du portail n’est pas configurée (--public-url). Utilisez « senderos staff add » ou « senderos staff reset » sur le serveur, ou demandez à la personne qui le gère de définir --public-url.",
			"لا يمكن إنشاء روابط التفعيل هنا: العنوان العام للبوابة غير مضبوط (--public-url). استعملوا «senderos staff add» أو «senderos staff reset» على الخادم، أو اطلبوا ممن يديره ضبط --public-url.",
		},
		"error.detail.not_found": {
			"Esta página no existe o ya no está disponible.", "This page does not exist or is no longer available.",
			"Cette page n’existe pas ou n’est plus disponible.", "هذه الصفحة غير موجودة أو لم تعد متاحة.",
		},
		"error.detail.conflict": {
			"Alguien ha cambiado esto a la vez. Vuelve a cargar la página y prueba otra vez.",
			"Someone changed this at the same time. Reload the page and try again.",
			"Quelqu’un a modifié ceci au même moment. Rechargez la page et réessayez.",
			"غيّر شخص آخر هذا في الوقت نفسه. أعيدوا تحميل الصفحة وحاولوا مرة أخرى.",
		},
		"error.detail.forbidden": {
			"No tienes acceso a esta página.", "You do not have access to this page.",
			"Vous n’avez pas accès à cette page.", "ليس لديكم حق الوصول إلى هذه الصفحة.",
		},
		"error.cross_origin": {
			"Este formulario solo se puede enviar desde el propio back-office. Vuelve a abrir la página y envíalo desde ahí.",
			"This form can only be sent from the back-office itself. Open the page again and send it from there.",
			"Ce formulaire ne peut être envoyé que depuis le back-office lui-même. Rouvrez la page et envoyez-le depuis celle-ci.",
			"لا يمكن إرسال هذه الاستمارة إلا من لوحة الإدارة نفسها. افتحوا الصفحة من جديد وأرسلوها منها.",
		},
		"error.detail.invalid": {
			"Algún dato enviado no es válido. Vuelve atrás y revísalo.", "Something sent is not valid. Go back and check it.",
			"Une donnée envoyée n’est pas valide. Revenez en arrière et vérifiez-la.", "بعض البيانات المرسلة غير صالحة. ارجعوا وراجعوها.",
		},
	})
}

// staffTextFault is the back-office text key for what ValidText found.
func staffTextFault(f senderos.TextFault) string {
	if f == senderos.TextInvisible {
		return "text.invisible"
	}
	return "text.malformed"
}

// staffDetail is the back-office's message for an error of code that it
// did not word itself (a store's): "" leaves the generic one.
func staffDetail(lang, code string) string {
	key := "error.detail." + code
	staffTextMu.RLock()
	_, ok := staffTextAll[key]
	staffTextMu.RUnlock()
	if !ok {
		return ""
	}
	return staffText(lang, key)
}

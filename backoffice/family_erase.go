package backoffice

import (
	"net/http"

	"github.com/cepaim/senderos"
)

// eraseData is what the erasure's confirmation page shows.
type eraseData struct {
	Reference, Base, ListURL string
}

func listURL(k senderos.Kind) string {
	if k == senderos.KindMunicipality {
		return "/staff/municipalities"
	}
	return "/staff/families"
}

// handleEraseConfirm asks to confirm the erasure of record {id}.
func (s *Server) handleEraseConfirm(k senderos.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sub, ok := s.loadRecord(w, r, k)
		if !ok {
			return
		}
		s.renderStaff(w, r, http.StatusOK, "family_erase", "family.erase.title",
			eraseData{Reference: sub.Reference, Base: recordBase(k, sub.ID), ListURL: listURL(k)})
	}
}

// handleErase erases record {id} when the confirmation page sent the
// form: the record is blocked at once — gone from every list, page and
// export — and destroyed by the purge after the legal retention period.
func (s *Server) handleErase(k senderos.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sub, ok := s.loadRecord(w, r, k)
		if !ok {
			return
		}
		if r.PostFormValue("confirm") != sub.Reference {
			http.Redirect(w, r, recordBase(k, sub.ID)+"/erase", http.StatusSeeOther)
			return
		}
		if err := s.Submissions.EraseSubmission(r.Context(), sub.ID, staffFrom(r.Context()).ID); err != nil {
			s.audit(r, senderos.AuditErase, sub.Reference, senderos.OutcomeFailed, "")
			s.staffError(w, r, err)
			return
		}
		s.audit(r, senderos.AuditErase, sub.Reference, senderos.OutcomeOK, "")
		s.setFlash(w, "family.flash.erased")
		http.Redirect(w, r, listURL(k), http.StatusSeeOther)
	}
}

func init() {
	registerStaffTexts(staffTexts{
		"family.erase.title": {"Borrar un expediente", "Erase a record", "Effacer un dossier", "محو ملف"},
		"family.erase.intro": {
			"Vas a borrar el expediente %s a petición de la persona. Desde ahora no aparecerá en ninguna lista, ficha, búsqueda ni exportación, y no se puede deshacer. Sus datos se destruyen por completo al terminar el plazo legal de conservación.",
			"You are about to erase record %s at the person’s request. From now on it will not show in any list, page, search or export, and this cannot be undone. Its data is destroyed completely when the legal retention period ends.",
			"Vous allez effacer le dossier %s à la demande de la personne. Il n’apparaîtra plus dans aucune liste, fiche, recherche ni aucun export, et cela ne peut pas être annulé. Ses données sont détruites définitivement à la fin de la durée légale de conservation.",
			"أنتم على وشك محو الملف %s بناءً على طلب الشخص. من الآن فصاعدًا لن يظهر في أي قائمة أو صفحة أو بحث أو تصدير، ولا يمكن التراجع عن ذلك. تُتلف بياناته نهائيًا عند انتهاء مدة الحفظ القانونية.",
		},
		"family.erase.export": {
			"Si la persona ha pedido también una copia de sus datos, descárgala antes de borrar.",
			"If the person also asked for a copy of their data, download it before erasing.",
			"Si la personne a aussi demandé une copie de ses données, téléchargez-la avant d’effacer.",
			"إذا طلب الشخص أيضًا نسخة من بياناته، فنزّلوها قبل المحو.",
		},
		"family.erase.confirm": {"Sí, borrar el expediente %s", "Yes, erase record %s", "Oui, effacer le dossier %s", "نعم، امحوا الملف %s"},
		"family.erase.cancel":  {"No, volver a la ficha", "No, back to the record", "Non, retour à la fiche", "لا، العودة إلى الملف"},
	})
}

package senderos

// Audit actions of a municipality's private page (VillageLink): opened,
// refused, and an answer to a proposal given there. The changes it proposes
// are audited by the store with the change.
const (
	AuditVillagePage   = "village_page.open"
	AuditVillageDenied = "village_page.denied"
	AuditVillageAnswer = "village_page.answer"
)

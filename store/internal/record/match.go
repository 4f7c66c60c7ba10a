package record

// Labels of the sealed columns of the village side and matching (migration
// 0009).
const (
	LabelJobContact    = "job_contact.sealed"
	LabelChangeContact = "village_change.contact"
	LabelResponseNote  = "proposal_response.note"
)

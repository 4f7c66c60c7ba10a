package senderos

// Audit actions of the village side and matching. Offers and villages'
// facts are audited on the municipality's INE code, proposals on the
// family's reference, the weights on AuditTargetWeights.
const (
	AuditOffer         = "offer.change"
	AuditVillageLink   = "village.link"
	AuditVillageChange = "village.change"
	AuditProposal      = "match.proposal"
	AuditWeights       = "match.weights"

	AuditTargetWeights = "match-weights"
)

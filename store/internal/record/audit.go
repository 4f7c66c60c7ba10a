package record

import (
	"strings"

	"github.com/cepaim/senderos"
)

// ValidateAudit checks that e can be recorded: an actor, an action and an
// outcome.
func ValidateAudit(e *senderos.AuditEntry) error {
	switch {
	case e == nil:
		return senderos.Errorf(senderos.EINVALID, "Audit entry required.")
	case strings.TrimSpace(e.Action) == "":
		return senderos.Errorf(senderos.EINVALID, "Audit action required.")
	case strings.TrimSpace(e.Actor) == "":
		return senderos.Errorf(senderos.EINVALID, "Audit actor required.")
	case e.Outcome == "":
		return senderos.Errorf(senderos.EINVALID, "Audit outcome required.")
	}
	return nil
}

package sqlite

import (
	"testing"

	"github.com/cepaim/senderos/store/storetest"
)

// mustOpenServices returns every service on a fresh database.
func mustOpenServices(t *testing.T) storetest.Services {
	db := MustOpenDB(t)
	return storetest.Services{
		Submissions:   NewSubmissionService(db),
		Staff:         NewStaffService(db),
		Sessions:      NewSessionService(db),
		Audit:         NewAuditService(db),
		Profiles:      NewProfileService(db),
		Notifications: NewNotificationService(db),
	}
}

func TestServices(t *testing.T) {
	storetest.RunServices(t, mustOpenServices)
}

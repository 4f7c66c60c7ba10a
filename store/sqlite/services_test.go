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
		RefuseProfiles: func(tb testing.TB) {
			tb.Helper()
			for _, op := range []string{"INSERT", "UPDATE"} {
				if _, err := db.write.Exec(`CREATE TRIGGER refuse_profile_` + op + ` BEFORE ` + op + ` ON profiles
					BEGIN SELECT RAISE(ABORT, 'profiles refused by the test'); END`); err != nil {
					tb.Fatal(err)
				}
			}
		},
	}
}

func TestServices(t *testing.T) {
	storetest.RunServices(t, mustOpenServices)
}

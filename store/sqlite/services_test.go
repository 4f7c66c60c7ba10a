package sqlite

import (
	"github.com/cepaim/senderos/store/sqldb"
	"testing"

	"github.com/cepaim/senderos/store/storetest"
)

// mustOpenServices returns every service on a fresh database.
func mustOpenServices(t *testing.T) storetest.Services {
	db := MustOpenDB(t)
	return storetest.Services{
		Submissions:   sqldb.NewSubmissionService(db),
		Staff:         sqldb.NewStaffService(db),
		Sessions:      sqldb.NewSessionService(db),
		Audit:         sqldb.NewAuditService(db),
		Profiles:      sqldb.NewProfileService(db),
		Notifications: sqldb.NewNotificationService(db),
		RefuseProfiles: func(tb testing.TB) {
			tb.Helper()
			for _, op := range []string{"INSERT", "UPDATE"} {
				if _, err := db.Writer().Exec(`CREATE TRIGGER refuse_profile_` + op + ` BEFORE ` + op + ` ON profiles
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

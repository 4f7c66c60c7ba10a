package postgres

import (
	"context"
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
			if _, err := db.Writer().ExecContext(context.Background(), `
				CREATE FUNCTION refuse_profile() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN RAISE EXCEPTION 'profiles refused by the test'; END $$;
				CREATE TRIGGER refuse_profile BEFORE INSERT OR UPDATE ON profiles
					FOR EACH ROW EXECUTE FUNCTION refuse_profile()`); err != nil {
				tb.Fatal(err)
			}
		},
	}
}

func TestServices(t *testing.T) {
	storetest.RunServices(t, mustOpenServices)
}

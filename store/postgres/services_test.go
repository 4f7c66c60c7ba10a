package postgres

import (
	"context"
	"testing"

	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

// TestStore runs the contract suite on PostgreSQL.
func TestStore(t *testing.T) {
	storetest.RunEngine(t, storetest.Engine{Open: MustOpenDB, RefuseProfiles: refuseProfiles, OpenTwice: openTwice})
}

// openTwice opens one schema twice, as two replicas would.
func openTwice(tb testing.TB) (*sqldb.DB, *sqldb.DB) {
	databaseURL := MustCreateSchema(tb)
	return MustOpenDBAt(tb, databaseURL), MustOpenDBAt(tb, databaseURL)
}

// refuseProfiles makes db refuse every write of a profile, with a trigger.
func refuseProfiles(tb testing.TB, db *DB) {
	if _, err := db.Writer().ExecContext(context.Background(), `
		CREATE FUNCTION refuse_profile() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'profiles refused by the test'; END $$;
		CREATE TRIGGER refuse_profile BEFORE INSERT OR UPDATE ON profiles
			FOR EACH ROW EXECUTE FUNCTION refuse_profile()`); err != nil {
		tb.Fatal(err)
	}
}

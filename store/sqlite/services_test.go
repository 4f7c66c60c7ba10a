package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

// TestStore runs the contract suite on SQLite.
func TestStore(t *testing.T) {
	storetest.RunEngine(t, storetest.Engine{Open: MustOpenDB, RefuseProfiles: refuseProfiles, StoresNUL: true, OpenTwice: openTwice})
}

// openTwice opens one database file twice, as two replicas would.
func openTwice(tb testing.TB) (*sqldb.DB, *sqldb.DB) {
	path := filepath.Join(tb.TempDir(), "senderos.db")
	return MustOpenDBAt(tb, path), MustOpenDBAt(tb, path)
}

// refuseProfiles makes db refuse every write of a profile, with triggers.
func refuseProfiles(tb testing.TB, db *DB) {
	for _, op := range []string{"INSERT", "UPDATE"} {
		if _, err := db.Writer().Exec(`CREATE TRIGGER refuse_profile_` + op + ` BEFORE ` + op + ` ON profiles
			BEGIN SELECT RAISE(ABORT, 'profiles refused by the test'); END`); err != nil {
			tb.Fatal(err)
		}
	}
}

package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

func TestMigration0007(t *testing.T) {
	path := filepath.Join(t.TempDir(), "senderos.db")
	storetest.RunMigration0007(t, func(tb testing.TB) *sqldb.DB { return MustOpenDBAt(tb, path) })
}

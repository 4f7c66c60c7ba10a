package postgres

import (
	"testing"

	"github.com/cepaim/senderos/store/sqldb"
	"github.com/cepaim/senderos/store/storetest"
)

func TestMigration0007(t *testing.T) {
	databaseURL := MustCreateSchema(t)
	storetest.RunMigration0007(t, func(tb testing.TB) *sqldb.DB { return MustOpenDBAt(tb, databaseURL) })
}

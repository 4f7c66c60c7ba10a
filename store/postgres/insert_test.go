package postgres

import (
	"testing"

	"github.com/cepaim/senderos/store/storetest"
)

func TestDB_InsertGroup(t *testing.T) {
	storetest.RunInsertGroup(t, MustOpenDB, false)
}

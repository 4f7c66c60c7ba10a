package sqlite

import (
	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/storetest"
)

// newInterest returns a complete interest submission.
func newInterest() *senderos.Submission { return storetest.NewInterest() }

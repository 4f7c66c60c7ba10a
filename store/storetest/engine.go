package storetest

import (
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/sqldb"
)

// Engine is what the contract suite needs of an engine's tests.
type Engine struct {
	// Open returns a fresh, empty database, closed when tb ends.
	Open func(tb testing.TB) *sqldb.DB
	// RefuseProfiles makes db refuse every write of a profile, as a
	// failing disk would (see Services.RefuseProfiles).
	RefuseProfiles func(tb testing.TB, db *sqldb.DB)
	// StoresNUL says whether the engine stores a NUL character in text
	// (SQLite) or refuses it (PostgreSQL).
	StoresNUL bool
	// OpenTwice returns two handles on one fresh database, as two
	// replicas of the portal have, closed when tb ends.
	OpenTwice func(tb testing.TB) (*sqldb.DB, *sqldb.DB)
}

// RunEngine runs the whole contract suite on the services of sqldb over
// the engine's databases: the submission service (Run), every service
// together (RunServices) and the group commit (RunInsertGroup).
func RunEngine(t *testing.T, e Engine) {
	t.Run("Submissions", func(t *testing.T) {
		Run(t, func(t *testing.T) senderos.SubmissionService {
			return sqldb.NewSubmissionService(e.Open(t))
		})
	})
	t.Run("Services", func(t *testing.T) {
		RunServices(t, func(t *testing.T) Services {
			db := e.Open(t)
			s := ServicesOf(db)
			s.RefuseProfiles = func(tb testing.TB) {
				tb.Helper()
				e.RefuseProfiles(tb, db)
			}
			return s
		})
	})
	t.Run("Cases", func(t *testing.T) {
		RunCases(t, e)
	})
	t.Run("ESF", func(t *testing.T) {
		RunESF(t, e)
	})
	t.Run("Indicators", func(t *testing.T) {
		RunIndicators(t, e)
	})
	t.Run("Results", func(t *testing.T) {
		RunResults(t, e)
	})
	t.Run("Match", func(t *testing.T) {
		RunMatch(t, e)
	})
	t.Run("InsertGroup", func(t *testing.T) {
		RunInsertGroup(t, e.Open, e.StoresNUL)
	})
}

// ServicesOf returns every service on db.
func ServicesOf(db *sqldb.DB) Services {
	return Services{
		Submissions:   sqldb.NewSubmissionService(db),
		Staff:         sqldb.NewStaffService(db),
		Sessions:      sqldb.NewSessionService(db),
		Audit:         sqldb.NewAuditService(db),
		Profiles:      sqldb.NewProfileService(db),
		Notifications: sqldb.NewNotificationService(db),
		Cases:         sqldb.NewCaseService(db),
		Warnings:      sqldb.NewWarningService(db),
		Family:        sqldb.NewFamilyService(db),
		Offers:        sqldb.NewOfferService(db),
		Match:         sqldb.NewMatchService(db),
		Villages:      sqldb.NewVillageService(db),
	}
}

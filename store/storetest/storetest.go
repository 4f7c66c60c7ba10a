// Package storetest is the contract every senderos.SubmissionService must
// meet, written once and run against each store (SQLite, PostgreSQL) from
// that store's own tests:
//
//	func TestSubmissionService(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) senderos.SubmissionService {
//			return NewSubmissionService(MustOpenDB(t))
//		})
//	}
package storetest

import (
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

// Open returns a service on a fresh, empty store that is closed when t ends.
type Open func(t *testing.T) senderos.SubmissionService

// Run runs the contract against the stores open returns, one fresh store
// per subtest.
func Run(t *testing.T, open Open) {
	t.Helper()
	tests := []struct {
		name string
		test func(t *testing.T, open Open)
	}{
		{"CreatesAndFindsInterest", testCreatesAndFindsInterest},
		{"CreatesMunicipality", testCreatesMunicipality},
		{"CreatesHost", testCreatesHost},
		{"DefaultsStatusToNew", testDefaultsStatusToNew},
		{"ErrKindMissing", testErrKindMissing},
		{"ErrKindUnknown", testErrKindUnknown},
		{"ErrPayloadMissing", testErrPayloadMissing},
		{"ErrBothPayloads", testErrBothPayloads},
		{"ErrWrongPayload", testErrWrongPayload},
		{"ErrConsentMissing", testErrConsentMissing},
		{"ErrStatusUnknown", testErrStatusUnknown},
		{"SameIdempotencyKeyCreatesOneRecord", testSameIdempotencyKeyCreatesOneRecord},
		{"DifferentIdempotencyKeysCreateTwoRecords", testDifferentIdempotencyKeysCreateTwoRecords},
		{"ConcurrentSameKeyCreatesOneRecord", testConcurrentSameKeyCreatesOneRecord},
		{"ConcurrentWritersAllSucceed", testConcurrentWritersAllSucceed},
		{"ReferencesAreUnique", testReferencesAreUnique},
		{"BatchedCallersAllDurable", testBatchedCallersAllDurable},
		{"CancelledCallerDoesNotBreakBatch", testCancelledCallerDoesNotBreakBatch},
		{"IdempotencyKeyTwiceInOneBatch", testIdempotencyKeyTwiceInOneBatch},
		{"NotFoundIsError", testNotFoundIsError},
		{"ListsNewestFirstByKindAndStatus", testListsNewestFirstByKindAndStatus},
		{"ListsAtMostLimit", testListsAtMostLimit},
		{"ListsNothingAsEmpty", testListsNothingAsEmpty},
		{"DeletesOnlyExpiredSuspected", testDeletesOnlyExpiredSuspected},
		{"DoesNotReuseDeletedIDs", testDoesNotReuseDeletedIDs},
		{"KeepsFreeTextAsTyped", testKeepsFreeTextAsTyped},
		{"ErrBadText", testErrBadText},
		{"TimesAreUTC", testTimesAreUTC},
		{"FamilyFiltersRunAsDefined", testFamilyFiltersRunAsDefined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open) })
	}
}

// NewInterest returns a complete interest submission, as the API would
// pass it to the store.
func NewInterest() *senderos.Submission {
	return &senderos.Submission{
		Kind: senderos.KindInterest,
		Lang: "es",
		Consent: senderos.Consent{
			PrivacyVersion: "2025-01",
			Lang:           "es",
			At:             time.Date(2025, 3, 1, 10, 30, 15, 123456000, time.UTC),
		},
		Interest: &senderos.Interest{
			Adults:            2,
			Children:          []senderos.Child{{Age: 7, Stage: "primary"}, {Age: 2, Stage: "infant"}},
			Languages:         []string{"es", "ar"},
			SpanishLevel:      "intermediate",
			City:              "Murcia",
			Province:          "30",
			Sectors:           []string{"agriculture", "care"},
			Skills:            "Poda de olivos y cuidado de mayores.",
			DrivingLicence:    true,
			Regions:           []string{"07", "08"},
			Bedrooms:          3,
			NeedsSchool:       true,
			NeedsHealthCentre: true,
			MoveWhen:          "3-months",
			Contact: senderos.Contact{
				Name:     "Amina El Idrissi",
				Phone:    "+34 600 000 000",
				Email:    "amina@example.org",
				Language: "ar",
				Channel:  "whatsapp",
			},
		},
	}
}

// NewMunicipality returns a complete municipality submission.
func NewMunicipality() *senderos.Submission {
	return &senderos.Submission{
		Kind: senderos.KindMunicipality,
		Lang: "es",
		Consent: senderos.Consent{
			PrivacyVersion: "2025-01",
			Lang:           "es",
			At:             time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC),
		},
		Municipality: &senderos.MunicipalitySignup{
			Code:        "44216",
			Name:        "Teruel",
			Province:    "Teruel",
			Region:      "Aragón",
			ContactName: "María López",
			Role:        "Alcaldesa",
			Email:       "alcaldia@example.org",
			Phone:       "978 000 000",
			Population:  350,
			Homes:       4,
			RentMin:     150,
			RentMax:     300,
			Jobs:        []senderos.JobOffer{{Sector: "livestock", Count: 2, Description: "Pastor/a"}},
			Services:    []string{"school", "pharmacy"},
			Description: "Un pueblo **tranquilo** con escuela.",
		},
	}
}

// NewHost returns a complete host sign-up, as the API would pass it to the
// store.
func NewHost() *senderos.Submission {
	return &senderos.Submission{
		Kind: senderos.KindHost,
		Lang: "fr",
		Consent: senderos.Consent{
			PrivacyVersion: "2025-01",
			Lang:           "fr",
			At:             time.Date(2025, 3, 3, 18, 5, 0, 0, time.UTC),
		},
		Host: &senderos.HostSignup{
			Code:      "44216",
			Name:      "Teruel",
			Province:  "Teruel",
			Region:    "Aragón",
			Kind:      senderos.HostFamily,
			People:    3,
			Languages: []string{"es", "fr"},
			Offers:    []string{"welcome", "spanish"},
			About:     "Vivimos en la plaza y tenemos huerto.",
			Contact: senderos.Contact{
				Name:     "Lucía Pérez",
				Phone:    "+34 611 222 333",
				Email:    "lucia@example.org",
				Language: "fr",
				Channel:  "email",
			},
		},
	}
}

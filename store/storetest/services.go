package storetest

import (
	"context"
	"testing"

	"github.com/cepaim/senderos"
)

// Services are every service of one store, on one database.
type Services struct {
	Submissions senderos.SubmissionService
	Staff       senderos.StaffService
	Sessions    senderos.SessionService
	Audit       senderos.AuditService
	Profiles    senderos.ProfileService
	// Notifications is the outbox of staff notifications.
	Notifications senderos.NotificationService
	// Cases, Warnings and Family are the itinerary's services.
	Cases    senderos.CaseService
	Warnings senderos.WarningService
	Family   senderos.FamilyService
	// Offers, Match and Villages are the village side and matching.
	Offers   senderos.OfferService
	Match    senderos.MatchService
	Villages senderos.VillageService

	// RefuseProfiles makes the database refuse every later write of a
	// profile (e.g. by a trigger), as a full disk or a broken constraint
	// would: workflows must then leave nothing half-done. Nil skips the
	// tests that need it.
	RefuseProfiles func(tb testing.TB)
}

// OpenServices returns every service on a fresh, empty store that is
// closed when t ends.
type OpenServices func(t *testing.T) Services

// RunServices runs the back-office contract (workflow, purge, staff,
// sessions, audit, profiles) against the stores open returns, one fresh
// store per subtest.
func RunServices(t *testing.T, open OpenServices) {
	t.Helper()
	tests := []struct {
		name string
		test func(t *testing.T, open OpenServices)
	}{
		{"FindsByIDAndNotFound", testFindsByID},
		{"WorkflowFollowsStatusRules", testWorkflowFollowsStatusRules},
		{"MunicipalityWorkflow", testMunicipalityWorkflow},
		{"UpdateRecordsEvents", testUpdateRecordsEvents},
		{"ErrUnknownAssignee", testErrUnknownAssignee},
		{"TechnicianFilterByAssignee", testTechnicianFilterByAssignee},
		{"FiltersByRegionSectorHousehold", testFiltersByRegionSectorHousehold},
		{"FiltersByDateAndPaginates", testFiltersByDateAndPaginates},
		{"BlockedIsHiddenEverywhere", testBlockedIsHiddenEverywhere},
		{"PurgeDestroysBlockedAfterRetention", testPurgeDestroysBlockedAfterRetention},
		{"PurgeKeepsRecent", testPurgeKeepsRecent},
		{"PurgeDestroysStaleAndSpam", testPurgeDestroysStaleAndSpam},
		{"PurgeDeletesLapsedLoginLocks", testPurgeDeletesLapsedLoginLocks},
		{"CreatesAndFindsStaff", testCreatesAndFindsStaff},
		{"DuplicateStaffEmailConflicts", testDuplicateStaffEmailConflicts},
		{"ErrStaffInvalid", testErrStaffInvalid},
		{"UpdatesStaff", testUpdatesStaff},
		{"ListsStaffByName", testListsStaffByName},
		{"ConcurrentLoginFailuresAllCount", testConcurrentLoginFailuresAllCount},
		{"LoginLocksGrowPerAddress", testLoginLocksGrowPerAddress},
		{"LoginFailuresStartAgainAfterTTL", testLoginFailuresStartAgainAfterTTL},
		{"UpdateStaffKeepsLoginState", testUpdateStaffKeepsLoginState},
		{"ConcurrentAcceptLoginAcceptsAStepOnce", testConcurrentAcceptLoginAcceptsAStepOnce},
		{"AcceptLoginRefusedWhileLocked", testAcceptLoginRefusedWhileLocked},
		{"UnlockStaffClearsEveryAddress", testUnlockStaffClearsEveryAddress},
		{"ConcurrentSetUpStaffUsesTheLinkOnce", testConcurrentSetUpStaffUsesTheLinkOnce},
		{"SetUpStaffRefusesAVoidLink", testSetUpStaffRefusesAVoidLink},
		{"SessionLifecycle", testSessionLifecycle},
		{"SessionsEndWithAccount", testSessionsEndWithAccount},
		{"DeletesIdleSessions", testDeletesIdleSessions},
		{"AuditIsNewestFirst", testAuditIsNewestFirst},
		{"AuditFilters", testAuditFilters},
		{"PublishKeepsFirstPublishedAt", testPublishKeepsFirstPublishedAt},
		{"AddsJobOffer", testAddsJobOffer},
		{"ListsProfilesByName", testListsProfilesByName},
		{"ApprovePublishesInOneTransaction", testApprovePublishesInOneTransaction},
		{"ErrApprove", testErrApprove},
		{"FailedPublicationApprovesNothing", testFailedPublicationApprovesNothing},
		{"PublishAgainKeepsJobOffers", testPublishAgainKeepsJobOffers},
		{"PublishAgainRepairsLostProfile", testPublishAgainRepairsLostProfile},
		{"ConcurrentApprovalsPublishOnce", testConcurrentApprovalsPublishOnce},
		{"QueuesNotificationWithSubmission", testQueuesNotificationWithSubmission},
		{"ConcurrentSameKeyQueuesOneNotification", testConcurrentSameKeyQueuesOneNotification},
		{"ClaimHoldsUntilLeaseEnds", testClaimHoldsUntilLeaseEnds},
		{"RetriesAndMarksSent", testRetriesAndMarksSent},
		{"ClaimsOldestFirstUpToLimit", testClaimsOldestFirstUpToLimit},
		{"ConcurrentClaimsClaimOnce", testConcurrentClaimsClaimOnce},
		{"BlockedSubmissionIsNotAnnounced", testBlockedSubmissionIsNotAnnounced},
		{"RecordsConsentToNewPrivacyNotice", testRecordsConsentToNewPrivacyNotice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, open) })
	}
}

// MustCreateStaff creates an account with the given e-mail and role and
// fails the test on error.
func MustCreateStaff(tb testing.TB, svc senderos.StaffService, email string, role senderos.Role) *senderos.Staff {
	tb.Helper()
	st := &senderos.Staff{Email: email, Name: "Staff " + email, Role: role, Lang: "es"}
	if err := svc.CreateStaff(context.Background(), st); err != nil {
		tb.Fatalf("CreateStaff: %v", err)
	}
	return st
}

// MustUpdate applies u and fails the test on error.
func MustUpdate(tb testing.TB, svc senderos.SubmissionService, u senderos.SubmissionUpdate) *senderos.Submission {
	tb.Helper()
	s, err := svc.UpdateSubmission(context.Background(), u)
	if err != nil {
		tb.Fatalf("UpdateSubmission(%+v): %v", u, err)
	}
	return s
}

// wantCode fails the test unless err has code.
func wantCode(tb testing.TB, what string, err error, code string) {
	tb.Helper()
	if got := senderos.ErrorCode(err); got != code {
		tb.Errorf("%s: error = %v (code %q), want code %q", what, err, got, code)
	}
}

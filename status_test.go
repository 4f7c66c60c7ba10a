package senderos_test

import (
	"slices"
	"testing"

	"github.com/cepaim/senderos"
)

// allowed lists, edge by edge, every status change the workflow permits,
// written out here rather than read from the package, so that adding or
// removing one edge there fails the test.
var allowed = map[senderos.Kind][][2]senderos.Status{
	senderos.KindInterest: {
		{senderos.StatusSuspected, senderos.StatusNew},
		{senderos.StatusSuspected, senderos.StatusWithdrawn},
		{senderos.StatusNew, senderos.StatusContacted},
		{senderos.StatusNew, senderos.StatusWithdrawn},
		{senderos.StatusNew, senderos.StatusClosed},
		{senderos.StatusContacted, senderos.StatusInterviewed},
		{senderos.StatusContacted, senderos.StatusWithdrawn},
		{senderos.StatusContacted, senderos.StatusClosed},
		{senderos.StatusInterviewed, senderos.StatusItinerary},
		{senderos.StatusInterviewed, senderos.StatusWithdrawn},
		{senderos.StatusInterviewed, senderos.StatusClosed},
		{senderos.StatusItinerary, senderos.StatusRelocated},
		{senderos.StatusItinerary, senderos.StatusWithdrawn},
		{senderos.StatusItinerary, senderos.StatusClosed},
		{senderos.StatusRelocated, senderos.StatusClosed},
		{senderos.StatusRelocated, senderos.StatusWithdrawn},
	},
	senderos.KindMunicipality: {
		{senderos.StatusSuspected, senderos.StatusNew},
		{senderos.StatusSuspected, senderos.StatusRejected},
		{senderos.StatusNew, senderos.StatusApproved},
		{senderos.StatusNew, senderos.StatusRejected},
		{senderos.StatusRejected, senderos.StatusApproved},
	},
	senderos.KindHost: {
		{senderos.StatusSuspected, senderos.StatusNew},
		{senderos.StatusSuspected, senderos.StatusRejected},
		{senderos.StatusNew, senderos.StatusApproved},
		{senderos.StatusNew, senderos.StatusRejected},
		{senderos.StatusRejected, senderos.StatusApproved},
	},
}

// everyStatus is every status of either workflow, suspected spam and a
// value that is none of them.
var everyStatus = []senderos.Status{
	senderos.StatusSuspected, senderos.StatusNew, senderos.StatusContacted, senderos.StatusInterviewed,
	senderos.StatusItinerary, senderos.StatusRelocated, senderos.StatusClosed, senderos.StatusWithdrawn,
	senderos.StatusApproved, senderos.StatusRejected, "", "done",
}

func TestCanChangeStatus(t *testing.T) {
	for kind, edges := range allowed {
		for _, from := range everyStatus {
			for _, to := range everyStatus {
				want := slices.Contains(edges, [2]senderos.Status{from, to})
				if got := senderos.CanChangeStatus(kind, from, to); got != want {
					t.Errorf("CanChangeStatus(%s, %q, %q) = %v, want %v", kind, from, to, got, want)
				}
			}
		}
	}
	// The six changes a reviewer is most likely to get wrong, by name.
	for _, c := range []struct {
		name     string
		kind     senderos.Kind
		from, to senderos.Status
		want     bool
	}{
		{"SuspectedFamilyBecomesNew", senderos.KindInterest, senderos.StatusSuspected, senderos.StatusNew, true},
		{"SuspectedFamilyWithdrawn", senderos.KindInterest, senderos.StatusSuspected, senderos.StatusWithdrawn, true},
		{"SuspectedMunicipalityRejected", senderos.KindMunicipality, senderos.StatusSuspected, senderos.StatusRejected, true},
		{"WithdrawnFamilyDoesNotComeBack", senderos.KindInterest, senderos.StatusWithdrawn, senderos.StatusNew, false},
		{"RejectedMunicipalityApprovedLater", senderos.KindMunicipality, senderos.StatusRejected, senderos.StatusApproved, true},
		{"ApprovedMunicipalityStaysApproved", senderos.KindMunicipality, senderos.StatusApproved, senderos.StatusRejected, false},
		{"SuspectedMunicipalityNotApprovedDirectly", senderos.KindMunicipality, senderos.StatusSuspected, senderos.StatusApproved, false},
		{"SuspectedFamilyNotContactedDirectly", senderos.KindInterest, senderos.StatusSuspected, senderos.StatusContacted, false},
		{"FamilyIsNeverApproved", senderos.KindInterest, senderos.StatusNew, senderos.StatusApproved, false},
		{"MunicipalityIsNeverContacted", senderos.KindMunicipality, senderos.StatusNew, senderos.StatusContacted, false},
		{"HostApprovedAfterInterview", senderos.KindHost, senderos.StatusNew, senderos.StatusApproved, true},
		{"SuspectedHostNotApprovedDirectly", senderos.KindHost, senderos.StatusSuspected, senderos.StatusApproved, false},
		{"HostIsNeverInItinerary", senderos.KindHost, senderos.StatusNew, senderos.StatusItinerary, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := senderos.CanChangeStatus(c.kind, c.from, c.to); got != c.want {
				t.Errorf("CanChangeStatus(%s, %s, %s) = %v, want %v", c.kind, c.from, c.to, got, c.want)
			}
		})
	}
}

func TestNextStatuses(t *testing.T) {
	for kind, edges := range allowed {
		for _, from := range everyStatus {
			var want []senderos.Status
			for _, e := range edges {
				if e[0] == from {
					want = append(want, e[1])
				}
			}
			got := slices.Clone(senderos.NextStatuses(kind, from))
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("NextStatuses(%s, %q) = %v, want %v", kind, from, got, want)
			}
		}
	}
}

func TestStatuses(t *testing.T) {
	for _, c := range []struct {
		kind senderos.Kind
		want []senderos.Status
	}{
		{senderos.KindInterest, []senderos.Status{senderos.StatusNew, senderos.StatusContacted, senderos.StatusInterviewed,
			senderos.StatusItinerary, senderos.StatusRelocated, senderos.StatusClosed, senderos.StatusWithdrawn}},
		{senderos.KindMunicipality, []senderos.Status{senderos.StatusNew, senderos.StatusApproved, senderos.StatusRejected}},
		{senderos.KindHost, []senderos.Status{senderos.StatusNew, senderos.StatusApproved, senderos.StatusRejected}},
	} {
		if got := senderos.Statuses(c.kind); !slices.Equal(got, c.want) {
			t.Errorf("Statuses(%s) = %v, want %v", c.kind, got, c.want)
		}
	}
}

func TestHousehold(t *testing.T) {
	for _, c := range []struct {
		adults, children, want int
	}{
		{1, 0, 1}, {2, 0, 2}, {2, 3, 5}, {1, 2, 3},
	} {
		i := &senderos.Interest{Adults: c.adults, Children: make([]senderos.Child, c.children)}
		if got := i.Household(); got != c.want {
			t.Errorf("Household of %d adults and %d children = %d, want %d", c.adults, c.children, got, c.want)
		}
	}
}

package senderos

import "slices"

// FamilyStatuses are a family's statuses in workflow order.
var FamilyStatuses = statuses(FamilyStatusList)

// MunicipalityStatuses are a municipality sign-up's statuses.
var MunicipalityStatuses = statuses(MunicipalityStatusList)

// HostStatuses are a host sign-up's statuses.
var HostStatuses = statuses(HostStatusList)

// statuses returns the statuses of l besides suspected spam.
func statuses(l List) []Status {
	var out []Status
	for _, v := range l.Values() {
		if Status(v) != StatusSuspected {
			out = append(out, Status(v))
		}
	}
	return out
}

// Statuses returns the statuses a submission of kind k may have, besides
// suspected spam.
func Statuses(k Kind) []Status {
	switch k {
	case KindMunicipality:
		return MunicipalityStatuses
	case KindHost:
		return HostStatuses
	}
	return FamilyStatuses
}

// familyNext says where a family may go from each status.
var familyNext = map[Status][]Status{
	StatusSuspected:   {StatusNew, StatusWithdrawn},
	StatusNew:         {StatusContacted, StatusWithdrawn, StatusClosed},
	StatusContacted:   {StatusInterviewed, StatusWithdrawn, StatusClosed},
	StatusInterviewed: {StatusItinerary, StatusWithdrawn, StatusClosed},
	StatusItinerary:   {StatusRelocated, StatusWithdrawn, StatusClosed},
	StatusRelocated:   {StatusClosed, StatusWithdrawn},
	StatusClosed:      {},
	StatusWithdrawn:   {},
}

// municipalityNext says where a municipality sign-up may go.
var municipalityNext = map[Status][]Status{
	StatusSuspected: {StatusNew, StatusRejected},
	StatusNew:       {StatusApproved, StatusRejected},
	StatusApproved:  {},
	StatusRejected:  {StatusApproved},
}

// hostNext says where a host sign-up may go: staff interview the host, then
// approve or reject them, as they do a municipality.
var hostNext = map[Status][]Status{
	StatusSuspected: {StatusNew, StatusRejected},
	StatusNew:       {StatusApproved, StatusRejected},
	StatusApproved:  {},
	StatusRejected:  {StatusApproved},
}

// NextStatuses returns the statuses a submission of kind k may move to from
// status from.
func NextStatuses(k Kind, from Status) []Status {
	switch k {
	case KindMunicipality:
		return municipalityNext[from]
	case KindHost:
		return hostNext[from]
	}
	return familyNext[from]
}

// CanChangeStatus reports whether a submission of kind k may move from
// status from to status to.
func CanChangeStatus(k Kind, from, to Status) bool {
	return slices.Contains(NextStatuses(k, from), to)
}

// Household returns how many people move: adults and children.
func (i *Interest) Household() int {
	return i.Adults + len(i.Children)
}

package record

import (
	"slices"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/seal"
)

// NeedsMatch reports whether filter selects on what only the payload says
// (regions, sectors, household size), which the stores check in Go with
// Match after narrowing in SQL.
func NeedsMatch(filter senderos.SubmissionFilter) bool {
	return len(filter.Regions) > 0 || len(filter.Sectors) > 0 || filter.MinHousehold > 0 || filter.MaxHousehold > 0
}

// Match reports whether s meets filter's payload conditions: a family who
// wants any of the regions (or anywhere), knows any of the sectors and
// moves with a household within bounds. These conditions are about
// families, so a municipality sign-up meets none of them.
func Match(s *senderos.Submission, filter senderos.SubmissionFilter) bool {
	if !NeedsMatch(filter) {
		return true
	}
	i := s.Interest
	if i == nil {
		return false
	}
	if len(filter.Regions) > 0 && !slices.Contains(i.Regions, senderos.Anywhere) && !overlaps(i.Regions, filter.Regions) {
		return false
	}
	if len(filter.Sectors) > 0 && !overlaps(i.Sectors, filter.Sectors) {
		return false
	}
	h := i.Household()
	if filter.MinHousehold > 0 && h < filter.MinHousehold {
		return false
	}
	if filter.MaxHousehold > 0 && h > filter.MaxHousehold {
		return false
	}
	return true
}

// overlaps reports whether a and b share an element.
func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// Page returns the part of rows that filter's Offset and Limit select.
func Page[T any](rows []T, filter senderos.SubmissionFilter) []T {
	start := min(max(filter.Offset, 0), len(rows))
	end := min(start+Limit(filter), len(rows))
	return rows[start:end]
}

// Row is a submission as read, its personal data still sealed.
type Row struct {
	Submission *senderos.Submission
	Sealed     []byte
}

// OpenRows unseals the personal data of rows and returns their submissions.
func OpenRows(keys *seal.Keyring, rows []Row) ([]*senderos.Submission, error) {
	subs := make([]*senderos.Submission, 0, len(rows))
	for _, r := range rows {
		if err := Unseal(keys, r.Submission, r.Sealed); err != nil {
			return nil, err
		}
		subs = append(subs, r.Submission)
	}
	return subs, nil
}

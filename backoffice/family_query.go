package backoffice

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// familyQuery is the list's filter as the GET form sends it, kept only
// when valid: it refills the form and the links of the other pages.
type familyQuery struct {
	Status, Region, Sector string
	Min, Max               string // household size
	From, To               string // YYYY-MM-DD, both included
	Page                   int
}

// parseFamilyQuery reads the list's filter. Values that are not valid are
// dropped, so the form shows what was applied.
func parseFamilyQuery(q url.Values) (familyQuery, senderos.SubmissionFilter) {
	var fq familyQuery
	f := senderos.SubmissionFilter{Kind: senderos.KindInterest}
	if st := senderos.Status(q.Get("status")); st == senderos.StatusSuspected || slices.Contains(senderos.FamilyStatuses, st) {
		fq.Status, f.Status = string(st), st
	}
	if r := q.Get("region"); isRegionCode(r) {
		fq.Region, f.Regions = r, []string{r}
	}
	if sec := q.Get("sector"); slices.Contains(senderos.Sectors, sec) {
		fq.Sector, f.Sectors = sec, []string{sec}
	}
	if n, ok := smallInt(q.Get("min")); ok {
		fq.Min, f.MinHousehold = strconv.Itoa(n), n
	}
	if n, ok := smallInt(q.Get("max")); ok {
		fq.Max, f.MaxHousehold = strconv.Itoa(n), n
	}
	if t, err := time.Parse(time.DateOnly, q.Get("from")); err == nil {
		fq.From, f.From = t.Format(time.DateOnly), t
	}
	if t, err := time.Parse(time.DateOnly, q.Get("to")); err == nil {
		fq.To, f.To = t.Format(time.DateOnly), t.AddDate(0, 0, 1)
	}
	fq.Page = 1
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 && p < 100000 {
		fq.Page = p
	}
	return fq, f
}

// isRegionCode reports whether code looks like an autonomous community's
// two-digit INE code.
func isRegionCode(code string) bool {
	if len(code) != 2 {
		return false
	}
	_, err := strconv.Atoi(code)
	return err == nil
}

// smallInt parses a household size.
func smallInt(v string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return n, err == nil && n >= 1 && n <= 50
}

// values returns the query with page p, for links.
func (fq familyQuery) values(p int) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"status": fq.Status, "region": fq.Region, "sector": fq.Sector,
		"min": fq.Min, "max": fq.Max, "from": fq.From, "to": fq.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if p > 1 {
		v.Set("page", strconv.Itoa(p))
	}
	return v
}

// auditDetail describes the filter for the audit log: codes only, never
// personal data.
func (fq familyQuery) auditDetail() string {
	return fq.values(fq.Page).Encode()
}

package sqldb

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/cepaim/senderos"
)

// Ensure ResultsService implements the domain interface.
var _ senderos.ResultsService = (*ResultsService)(nil)

// ResultsService counts the public results from the records of a DB, in
// one read-only transaction. Erased records are never counted: families
// and placements of blocked records, job offers and municipalities of
// blocked sign-ups.
type ResultsService struct {
	db *DB
}

// NewResultsService returns a ResultsService on db.
func NewResultsService(db *DB) *ResultsService {
	return &ResultsService{db: db}
}

// resultsQueries count one figure of a year [from, to) by province or
// village code's first two digits (a province): each row is a province and
// a count, and, for families, a sum of people.
var resultsQueries = []struct {
	name  string
	query string
	// untilTo says the query takes only the year's end: it counts what
	// there is by then.
	untilTo bool
	set     func(c *senderos.RegionCounts, n, sum int)
}{
	{"families", `SELECT f.province_code, COUNT(*), SUM(f.household) FROM cases c
		JOIN submissions s ON s.id = c.submission_id JOIN families f ON f.submission_id = s.id
		WHERE s.blocked_at IS NULL AND c.opened_at >= ? AND c.opened_at < ? GROUP BY f.province_code`,
		false, func(c *senderos.RegionCounts, n, sum int) { c.Families += n; c.People += sum }},
	{"job offers", `SELECT substr(j.municipality_code, 1, 2), COUNT(*), 0 FROM jobs j
		LEFT JOIN submissions s ON s.id = j.submission_id
		WHERE s.blocked_at IS NULL AND j.created_at >= ? AND j.created_at < ? GROUP BY substr(j.municipality_code, 1, 2)`,
		false, func(c *senderos.RegionCounts, n, _ int) { c.JobOffers += n }},
	{"placements", `SELECT substr(p.municipality_code, 1, 2), COUNT(*), 0 FROM proposals p
		JOIN cases c ON c.id = p.case_id JOIN submissions s ON s.id = c.submission_id
		WHERE s.blocked_at IS NULL AND p.status = 'agreed' AND p.closed_at >= ? AND p.closed_at < ?
		GROUP BY substr(p.municipality_code, 1, 2)`,
		false, func(c *senderos.RegionCounts, n, _ int) { c.Placed += n }},
	// Municipalities taking part in a year: published by its end (the
	// query takes only the year's end) and still published.
	{"municipalities", `SELECT substr(p.code, 1, 2), COUNT(*), 0 FROM profiles p
		LEFT JOIN submissions s ON s.id = p.submission_id
		WHERE s.blocked_at IS NULL AND p.published_at < ? GROUP BY substr(p.code, 1, 2)`,
		true, func(c *senderos.RegionCounts, n, _ int) { c.Municipalities += n }},
}

// PublicResults returns the results of every year from
// senderos.ResultsSince to now's. See senderos.ResultsService.
func (svc *ResultsService) PublicResults(ctx context.Context, now time.Time) (*senderos.Results, error) {
	tx, err := svc.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, svc.db.errorf("results", err)
	}
	defer tx.Rollback()
	out := &senderos.Results{Years: []senderos.YearResults{}, At: now.UTC()}
	for year := senderos.ResultsSince; year <= now.UTC().Year(); year++ {
		from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(1, 0, 0)
		regions := map[string]*senderos.RegionCounts{}
		for _, q := range resultsQueries {
			args := []any{from, to}
			if q.untilTo {
				args = []any{to}
			}
			err := eachRow(ctx, tx, q.query, args, func(r *sql.Rows) error {
				var province string
				var n int
				var sum sql.NullInt64
				if err := r.Scan(&province, &n, &sum); err != nil {
					return err
				}
				region := senderos.RegionOfProvince(province)
				if region == "" {
					return nil // not a Spanish province: counted nowhere
				}
				c := regions[region]
				if c == nil {
					c = &senderos.RegionCounts{}
					regions[region] = c
				}
				q.set(c, n, int(sum.Int64))
				return nil
			})
			if err != nil {
				return nil, svc.db.errorf("results "+q.name, err)
			}
		}
		y := senderos.YearResults{Year: year, Regions: []senderos.RegionResults{}}
		codes := make([]string, 0, len(regions))
		for code, c := range regions {
			if !c.Zero() {
				codes = append(codes, code)
			}
		}
		slices.Sort(codes)
		for _, code := range codes {
			y.Regions = append(y.Regions, regions[code].Public(code))
		}
		out.Years = append(out.Years, y)
	}
	return out, nil
}

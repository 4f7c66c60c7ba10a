package postgres

import (
	"context"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/internal/record"
	"github.com/jackc/pgx/v5"
)

// familyColumns are the columns of families, in the order of familyArgs
// after the submission's id.
const familyColumns = `submission_id, adults, children, household, school_age, spanish_level,
	driving_licence, bedrooms, needs_school, needs_health_centre, move_when, province_code`

// familyArgs returns the values of f for familyColumns (from adults on),
// then its regions and its sectors as arrays.
func familyArgs(f *record.Family) []any {
	return []any{
		f.Adults, f.Children, f.Household, f.SchoolAge, f.SpanishLevel,
		f.DrivingLicence, f.Bedrooms, f.NeedsSchool, f.NeedsHealthCentre, f.MoveWhen, f.Province,
		f.Regions, f.Sectors,
	}
}

// fillFamily inserts the rows of migration 0007 of the submission $1, whose
// family has familyArgs $2 to $14, unless they are there: another process
// opening the same database at once may be filling them too.
const fillFamily = `WITH f AS (INSERT INTO families (` + familyColumns + `)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING),
r AS (INSERT INTO family_regions (submission_id, region) SELECT $1, unnest($13::text[]) ON CONFLICT DO NOTHING)
INSERT INTO family_sectors (submission_id, sector) SELECT $1, unnest($14::text[]) ON CONFLICT DO NOTHING`

// fillFamilies adds the rows of migration 0007 for the families' submissions
// stored without them (before it), in one transaction. It opens their
// sealed part, which the school-age column is computed from. Rows that
// have them are left alone, so it runs at every Open.
func (db *DB) fillFamilies(ctx context.Context) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, reference, data, sealed FROM submissions s
			WHERE kind = 'interest' AND NOT EXISTS (SELECT 1 FROM families f WHERE f.submission_id = s.id)`)
		if err != nil {
			return err
		}
		var subs []*senderos.Submission
		for rows.Next() {
			s := senderos.Submission{Kind: senderos.KindInterest}
			var data, sealed []byte
			if err := rows.Scan(&s.ID, &s.Reference, &data, &sealed); err != nil {
				rows.Close()
				return err
			}
			if err := record.Open(db.keys, &s, data, sealed); err != nil {
				rows.Close()
				return err
			}
			subs = append(subs, &s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		b := &pgx.Batch{}
		for _, s := range subs {
			f, _ := record.FamilyOf(s)
			b.Queue(fillFamily, append([]any{s.ID}, familyArgs(f)...)...)
		}
		return tx.SendBatch(ctx, b).Close()
	})
}

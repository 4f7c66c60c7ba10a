package sqldb

import "context"

// queryAll runs query on q and reads each row it returns with scan, in
// order; errors are wrapped with what.
func queryAll[T any](ctx context.Context, db *DB, q querier, what string, scan func(row interface{ Scan(...any) error }) (T, error),
	query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, db.errorf(what, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, db.errorf(what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, db.errorf(what, err)
	}
	return out, nil
}

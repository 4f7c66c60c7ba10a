package postgres

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// PostgreSQL error codes the store handles; see
// https://www.postgresql.org/docs/current/errcodes-appendix.html.
const (
	codeUniqueViolation          = "23505"
	codeCharacterNotInRepertoire = "22021" // e.g. a NUL byte in text
	codeUntranslatableCharacter  = "22P05" // e.g. \u0000 in JSONB
)

// errorCode returns the SQLSTATE of err, or "" if PostgreSQL did not
// report it.
func errorCode(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// isUniqueViolation reports whether err is PostgreSQL refusing a row that
// breaks a UNIQUE constraint.
func isUniqueViolation(err error) bool {
	return errorCode(err) == codeUniqueViolation
}

// isUnstorableText reports whether err is PostgreSQL refusing text it
// cannot store, such as a NUL character, which SQLite would keep.
func isUnstorableText(err error) bool {
	code := errorCode(err)
	return code == codeCharacterNotInRepertoire || code == codeUntranslatableCharacter
}

// codeForeignKeyViolation is PostgreSQL refusing a row that refers to one
// that does not exist.
const codeForeignKeyViolation = "23503"

// isForeignKeyViolation reports whether err is a foreign key violation.
func isForeignKeyViolation(err error) bool {
	return errorCode(err) == codeForeignKeyViolation
}

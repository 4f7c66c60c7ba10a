package search

import (
	"strings"
	"unicode/utf8"

	"github.com/cepaim/senderos"
)

// Limits of a query.
const (
	MaxQueryLength = 200 // characters of Q
	DefaultPerPage = 10
	MaxPerPage     = 50
)

// ValidateQuery returns q trimmed and completed with its defaults (Page 1,
// PerPage DefaultPerPage), or an EINVALID error saying what is wrong: Q
// empty, longer than MaxQueryLength characters or not valid UTF-8; Lang not
// one of Languages; Type not one of senderos.DocumentTypes; Page or PerPage
// negative; PerPage over MaxPerPage. Topic and Province are free values: a
// value that no document has simply finds nothing.
func ValidateQuery(q senderos.SearchQuery) (senderos.SearchQuery, error) {
	q.Q = strings.TrimSpace(q.Q)
	q.Lang = strings.TrimSpace(q.Lang)
	q.Type = strings.TrimSpace(q.Type)
	q.Topic = strings.TrimSpace(q.Topic)
	q.Province = strings.TrimSpace(q.Province)

	switch {
	case q.Q == "":
		return q, senderos.Errorf(senderos.EINVALID, "Type something to search for.")
	case !utf8.ValidString(q.Q):
		return q, senderos.Errorf(senderos.EINVALID, "The search text is not valid UTF-8.")
	case utf8.RuneCountInString(q.Q) > MaxQueryLength:
		return q, senderos.Errorf(senderos.EINVALID, "The search text is too long (at most %d characters).", MaxQueryLength)
	case q.Lang == "":
		return q, senderos.Errorf(senderos.EINVALID, "A search language is required (one of %s).", strings.Join(Languages, ", "))
	case !IsLanguage(q.Lang):
		return q, senderos.Errorf(senderos.EINVALID, "Unknown search language %q (one of %s).", q.Lang, strings.Join(Languages, ", "))
	case q.Type != "" && !isDocumentType(q.Type):
		return q, senderos.Errorf(senderos.EINVALID, "Unknown document type %q (one of %s).", q.Type, strings.Join(senderos.DocumentTypes, ", "))
	case q.Page < 0:
		return q, senderos.Errorf(senderos.EINVALID, "The page must be 1 or more.")
	case q.PerPage < 0 || q.PerPage > MaxPerPage:
		return q, senderos.Errorf(senderos.EINVALID, "Results per page must be between 1 and %d.", MaxPerPage)
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PerPage == 0 {
		q.PerPage = DefaultPerPage
	}
	return q, nil
}

// ValidateDocuments returns an EINVALID error for the first document
// without an ID, with an ID seen before, or with an unknown language or
// type. Backends call it before replacing their content, so a bad document
// leaves the index as it was.
func ValidateDocuments(docs []senderos.Document) error {
	seen := make(map[string]bool, len(docs))
	for i, d := range docs {
		switch {
		case d.ID == "":
			return senderos.Errorf(senderos.EINVALID, "Document %d has no ID.", i)
		case seen[d.ID]:
			return senderos.Errorf(senderos.EINVALID, "Document ID %q appears twice.", d.ID)
		case !IsLanguage(d.Lang):
			return senderos.Errorf(senderos.EINVALID, "Document %q has unknown language %q.", d.ID, d.Lang)
		case !isDocumentType(d.Type):
			return senderos.Errorf(senderos.EINVALID, "Document %q has unknown type %q.", d.ID, d.Type)
		}
		seen[d.ID] = true
	}
	return nil
}

func isDocumentType(t string) bool {
	for _, v := range senderos.DocumentTypes {
		if v == t {
			return true
		}
	}
	return false
}

// ErrUnknownValue returns the EINVALID error for a filter value that no
// document in the index has, e.g. a misspelt topic.
func ErrUnknownValue(filter, value string) error {
	return senderos.Errorf(senderos.EINVALID, "Unknown %s %q: no document has it.", filter, value)
}

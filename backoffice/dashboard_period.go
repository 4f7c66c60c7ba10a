package backoffice

import (
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/cepaim/senderos"
)

// The dashboard and the ESF report are asked for a period: a first and a
// last day, both included, which the domain takes as [from, last+1).

// periodQuery is a period as a form sends it, with what is wrong with it.
type periodQuery struct {
	From, To time.Time // To is the day after the last
	Problems senderos.Problems
}

// parsePeriod reads from and to (the last day) from v; empty, they are
// this year's first day and today. The period is checked with
// ValidatePeriod at now.
func parsePeriod(v url.Values, now time.Time) periodQuery {
	var q periodQuery
	if v.Get("from") == "" {
		v.Set("from", time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
	}
	if v.Get("to") == "" {
		v.Set("to", now.UTC().Format(time.DateOnly))
	}
	q.From = formDate(&q.Problems, v, "from")
	last := formDate(&q.Problems, v, "to")
	if len(q.Problems) > 0 {
		return q
	}
	q.To = last.AddDate(0, 0, 1)
	q.Problems = senderos.ValidatePeriod(q.From, q.To, now)
	return q
}

// periodForm is the form of a period (and the dashboard's other filters)
// with the problems of err in lang, worded for a period.
func periodForm(name, lang string, v url.Values, err error) *caseForm {
	f := newCaseForm(name, lang, v, nil)
	var p senderos.Problems
	if !errors.As(err, &p) {
		return f
	}
	for _, q := range p {
		if _, seen := f.byField[q.Field]; seen {
			continue
		}
		var msg string
		switch {
		case q.Code == senderos.ProblemDateOrder:
			msg = staffText(lang, "indicators.problem.order")
		case q.Code == senderos.ProblemDateFuture:
			msg = staffText(lang, "indicators.problem.future")
		default:
			msg = problemText(lang, q)
		}
		f.byField[q.Field] = msg
		f.Problems = append(f.Problems, problemRow{ID: fieldID(q.Field), Message: staffText(lang, "indicators.f."+q.Field) + ": " + msg})
	}
	return f
}

// periodText is a period's days, the last included, for audit entries.
func periodText(from, to time.Time) string {
	return from.Format(time.DateOnly) + "/" + to.AddDate(0, 0, -1).Format(time.DateOnly)
}

// periodFile is a period's days for a file's name.
func periodFile(from, to time.Time) string {
	return from.Format(time.DateOnly) + "_" + to.AddDate(0, 0, -1).Format(time.DateOnly)
}

// nstr is strconv.Itoa, short for the figures' tables.
func nstr(n int) string { return strconv.Itoa(n) }

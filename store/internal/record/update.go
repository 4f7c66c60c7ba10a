package record

import (
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
)

// Plan works out what update u does to a stored submission cur at time now:
// cur's new Status and AssigneeID are set in place, and the events to
// record are returned, none if nothing changes. A status change not allowed
// by CanChangeStatus returns ECONFLICT. The store checks that a new
// assignee exists.
func Plan(cur *senderos.Submission, u senderos.SubmissionUpdate, now time.Time) ([]*senderos.Event, error) {
	var events []*senderos.Event
	event := func(typ senderos.EventType, from, to, note string) {
		events = append(events, &senderos.Event{
			SubmissionID: cur.ID, At: Time(now), StaffID: u.By, Type: typ, From: from, To: to, Note: note,
		})
	}
	if u.Status != "" && u.Status != cur.Status {
		if !senderos.CanChangeStatus(cur.Kind, cur.Status, u.Status) {
			return nil, senderos.Errorf(senderos.ECONFLICT, "A record cannot go from %q to %q.", cur.Status, u.Status)
		}
		event(senderos.EventStatus, string(cur.Status), string(u.Status), "")
		cur.Status = u.Status
	}
	if u.AssigneeID < -1 {
		return nil, senderos.Errorf(senderos.EINVALID, "Unknown assignee.")
	}
	if assignee := max(u.AssigneeID, 0); u.AssigneeID != 0 && assignee != cur.AssigneeID {
		event(senderos.EventAssign, assigneeText(cur.AssigneeID), assigneeText(assignee), "")
		cur.AssigneeID = assignee
	}
	if note := strings.TrimSpace(u.Note); note != "" {
		event(senderos.EventNote, "", "", note)
	}
	return events, nil
}

// assigneeText is how an event writes an assignee: its id, or "" for
// nobody.
func assigneeText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// Cutoff returns the time before which a period d counted back from now
// has passed, and false when d is not positive, which keeps records
// forever.
func Cutoff(now time.Time, d time.Duration) (time.Time, bool) {
	if d <= 0 {
		return time.Time{}, false
	}
	return Time(now.Add(-d)), true
}

// RenewConsent works out what a form sent again does to the stored
// submission cur it repeats, when the person consented this time under c:
// if c is to another version of the privacy notice, cur's Consent becomes c
// and the EventConsent to record is returned; otherwise nil, and nothing
// changes.
func RenewConsent(cur *senderos.Submission, c senderos.Consent) *senderos.Event {
	if c.PrivacyVersion == cur.Consent.PrivacyVersion {
		return nil
	}
	c.At = Time(c.At)
	e := &senderos.Event{SubmissionID: cur.ID, At: c.At, Type: senderos.EventConsent, From: cur.Consent.PrivacyVersion, To: c.PrivacyVersion}
	cur.Consent = c
	return e
}

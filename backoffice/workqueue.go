package backoffice

import (
	"net/http"
	"strconv"

	"github.com/cepaim/senderos"
)

// queueData is the work queue, the back-office home.
type queueData struct {
	Overdue, Week []queueRow
	Warnings      []queueRow
	New           []queueRow
	PerTech       []techRow
	All           bool // a coordinator's or admin's: everyone's
	// Counts are the headings' counts, worded with their plural forms.
	OverdueN, WeekN, WarningsN, NewN string
}

// queueRow is one item of the queue, linked to its case.
type queueRow struct {
	Path, Reference, What, When, Who string
}

// techRow counts one technician's queue.
type techRow struct {
	Name                                          string
	Cases, Overdue, DueThisWeek, Warnings, NewFam string
}

// handleStaffHome is the work queue when the back-office keeps cases, a
// menu otherwise.
func (s *Server) handleStaffHome(w http.ResponseWriter, r *http.Request) {
	if s.Warnings == nil {
		s.renderStaff(w, r, http.StatusOK, "home", "home.title", nil)
		return
	}
	lang, st := s.staffLang(r), staffFrom(r.Context())
	q, err := s.Warnings.WorkQueue(r.Context(), st, s.Now())
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	names, err := s.staffNames(r)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	d := &queueData{All: st.CanSeeAll()}
	who := func(id int64) string {
		if !d.All {
			return ""
		}
		return orNone(lang, names.name(lang, id))
	}
	item := func(it senderos.QueueItem) queueRow {
		return queueRow{Path: casePath(it.CaseID), Reference: it.Reference, What: queueItemText(lang, it),
			When: dateValue(it.Due), Who: who(it.AssigneeID)}
	}
	for _, it := range q.Overdue {
		d.Overdue = append(d.Overdue, item(it))
	}
	for _, it := range q.DueThisWeek {
		d.Week = append(d.Week, item(it))
	}
	refs := map[int64]queueRow{}
	for _, it := range append(append([]senderos.QueueItem{}, q.Overdue...), q.DueThisWeek...) {
		refs[it.CaseID] = queueRow{Reference: it.Reference, Who: who(it.AssigneeID)}
	}
	for _, wn := range q.Warnings {
		ref, err := s.caseRef(r, wn.CaseID, refs)
		if err != nil {
			s.staffError(w, r, err)
			return
		}
		d.Warnings = append(d.Warnings, queueRow{Path: casePath(wn.CaseID) + "#warnings", Reference: ref.Reference,
			What: staffText(lang, "case.warning."+wn.Kind) + ": " + warningWhy(lang, wn), When: dateValue(wn.RaisedAt), Who: ref.Who})
	}
	for _, nc := range q.NewFamilies {
		path := recordBase(senderos.KindInterest, nc.SubmissionID)
		if nc.CaseID != 0 {
			path = casePath(nc.CaseID)
		}
		d.New = append(d.New, queueRow{Path: path, Reference: nc.Reference, When: dateValue(nc.AssignedAt), Who: who(nc.AssigneeID)})
	}
	for _, c := range q.PerTechnician {
		d.PerTech = append(d.PerTech, techRow{Name: orNone(lang, names.name(lang, c.StaffID)),
			Cases:   staffTextN(lang, "queue.n.cases", c.Cases),
			Overdue: staffTextN(lang, "queue.n.overdue", c.Overdue), DueThisWeek: staffTextN(lang, "queue.n.week", c.DueThisWeek),
			Warnings: staffTextN(lang, "queue.n.warnings", c.Warnings), NewFam: staffTextN(lang, "queue.n.new", c.NewFamilies)})
	}
	d.OverdueN, d.WeekN = staffTextN(lang, "queue.n.overdue", len(d.Overdue)), staffTextN(lang, "queue.n.week", len(d.Week))
	d.WarningsN, d.NewN = staffTextN(lang, "queue.n.warnings", len(d.Warnings)), staffTextN(lang, "queue.n.new", len(d.New))
	s.audit(r, senderos.AuditView, "work queue", senderos.OutcomeOK, "")
	s.renderStaff(w, r, http.StatusOK, "workqueue", "home.title", d)
}

// caseRef returns the reference (and assignee's name) of case id, from
// known or else the store.
func (s *Server) caseRef(r *http.Request, id int64, known map[int64]queueRow) (queueRow, error) {
	if ref, ok := known[id]; ok {
		return ref, nil
	}
	c, err := s.Cases.FindCase(r.Context(), id)
	if err != nil {
		return queueRow{}, err
	}
	lang := s.staffLang(r)
	ref := queueRow{Reference: c.Reference}
	if st := staffFrom(r.Context()); st.CanSeeAll() {
		names, err := s.staffNames(r)
		if err != nil {
			return queueRow{}, err
		}
		ref.Who = orNone(lang, names.name(lang, c.AssigneeID))
	}
	known[id] = ref
	return ref, nil
}

// queueItemText names an item of the queue: its kind and which one,
// never what someone typed (the calendar feed shows the same).
func queueItemText(lang string, it senderos.QueueItem) string {
	return staffText(lang, "queue.kind."+it.Kind, strconv.FormatInt(it.ID, 10))
}

// queueListData is one list of the work queue for its template.
type queueListData struct {
	Page      *staffPage
	ID, Title string
	Rows      []queueRow
}

// queueList gathers a list of the work queue for the "queue-list"
// template.
func queueList(p *staffPage, id, title string, rows []queueRow) queueListData {
	return queueListData{Page: p, ID: id, Title: title, Rows: rows}
}

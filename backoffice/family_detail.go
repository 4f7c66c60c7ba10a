package backoffice

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/cepaim/senderos"
)

// field is a labelled value on a record's page.
type field struct {
	Label, Value string
}

// eventRow is a line of a record's history.
type eventRow struct {
	When, Who, What string
	Note            string // the note's text, for notes
}

// recordData is what a record's page shows, for either kind.
type recordData struct {
	ID                int64
	Reference, Base   string
	Status            string // translated
	Record, Household []field
	Work, Wishes      []field
	Contact           []field
	History           []eventRow
	Next              []option // the statuses it may move to
	Assignees         []option
	CanAssign         bool // coordinators and admins
	CanExport         bool
	CanErase          bool
	Muni              *muniData // municipality sign-ups only
	// CasePath is the family's case page, once opened; CanOpenCase says
	// whether it may be opened now.
	CasePath    string
	CanOpenCase bool
}

func (s *Server) handleFamily(w http.ResponseWriter, r *http.Request) {
	sub, d, ok := s.loadRecordPage(w, r, senderos.KindInterest)
	if !ok {
		return
	}
	lang, i := s.staffLang(r), sub.Interest
	if i == nil {
		i = &senderos.Interest{}
	}
	t := func(key string) string { return staffText(lang, key) }
	var children []string
	for _, c := range i.Children {
		if c.Stage != "" {
			children = append(children, fmt.Sprintf("%d — %s", c.Age, t("family.stage."+c.Stage)))
		} else {
			children = append(children, strconv.Itoa(c.Age))
		}
	}
	langs := make([]string, 0, len(i.Languages))
	for _, l := range i.Languages {
		langs = append(langs, languageName(lang, l))
	}
	d.Household = []field{
		{t("family.f.adults"), strconv.Itoa(i.Adults)},
		{t("family.f.children"), orNone(lang, listJoin(lang, children))},
		{t("family.f.household"), strconv.Itoa(i.Household())},
		{t("family.f.languages"), orNone(lang, listJoin(lang, langs))},
		{t("family.f.spanish"), enumText(lang, "family.level.", i.SpanishLevel)},
		{t("family.f.city"), orNone(lang, i.City)},
		{t("family.f.province"), s.provinceName(i.Province)},
	}
	d.Work = []field{
		{t("family.f.sectors"), orNone(lang, sectorList(lang, i.Sectors))},
		{t("family.f.skills"), orNone(lang, i.Skills)},
		{t("family.f.licence"), yesNo(lang, i.DrivingLicence)},
	}
	d.Wishes = []field{
		{t("family.f.regions"), orNone(lang, s.regionList(lang, i.Regions))},
		{t("family.f.bedrooms"), strconv.Itoa(i.Bedrooms)},
		{t("family.f.school"), yesNo(lang, i.NeedsSchool)},
		{t("family.f.health"), yesNo(lang, i.NeedsHealthCentre)},
		{t("family.f.when"), enumText(lang, "family.when.", i.MoveWhen)},
	}
	d.Contact = []field{
		{t("family.f.name"), i.Contact.Name},
		{t("family.f.phone"), orNone(lang, i.Contact.Phone)},
		{t("family.f.email"), orNone(lang, i.Contact.Email)},
		{t("family.f.contact_lang"), languageName(lang, i.Contact.Language)},
		{t("family.f.channel"), enumText(lang, "family.channel.", i.Contact.Channel)},
	}
	if s.Cases != nil {
		c, err := s.Cases.FindCaseBySubmission(r.Context(), sub.ID)
		if err == nil {
			d.CasePath = casePath(c.ID)
		} else if senderos.ErrorCode(err) != senderos.ENOTFOUND {
			s.staffError(w, r, err)
			return
		}
		d.CanOpenCase = d.CasePath == "" && senderos.CanOpenCase(sub)
	}
	s.audit(r, senderos.AuditView, sub.Reference, senderos.OutcomeOK, "")
	s.renderStaff(w, r, http.StatusOK, "family_detail", "family.detail.title", d)
}

// loadRecordPage returns the record {id} of kind k, as loadRecord does,
// with what the pages of every kind show of it (recordData); otherwise it
// answers and returns false.
func (s *Server) loadRecordPage(w http.ResponseWriter, r *http.Request, k senderos.Kind) (*senderos.Submission, *recordData, bool) {
	sub, ok := s.loadRecord(w, r, k)
	if !ok {
		return nil, nil, false
	}
	d, err := s.recordData(r, sub)
	if err != nil {
		s.staffError(w, r, err)
		return nil, nil, false
	}
	return sub, d, true
}

// recordData fills what the pages of both kinds show: the record's
// metadata, history and forms.
func (s *Server) recordData(r *http.Request, sub *senderos.Submission) (*recordData, error) {
	lang, st := s.staffLang(r), staffFrom(r.Context())
	t := func(key string) string { return staffText(lang, key) }
	names, err := s.staffNames(r)
	if err != nil {
		return nil, err
	}
	events, err := s.Submissions.FindEvents(r.Context(), sub.ID)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", sub.Reference, err)
	}
	d := &recordData{
		ID: sub.ID, Reference: sub.Reference, Base: recordBase(sub.Kind, sub.ID),
		Status:    statusLabel(lang, sub.Kind, sub.Status),
		CanAssign: st.CanSeeAll(), CanExport: st.CanSeeAll(), CanErase: st.CanSeeAll(),
		Next: statusOptions(lang, sub.Kind, senderos.NextStatuses(sub.Kind, sub.Status), ""),
	}
	consent := sub.Consent.PrivacyVersion
	if !sub.Consent.At.IsZero() {
		consent = t("family.consent_text")
		consent = fmt.Sprintf(consent, sub.Consent.PrivacyVersion, languageName(lang, sub.Consent.Lang), staffTime(sub.Consent.At))
	}
	d.Record = []field{
		{t("family.f.reference"), sub.Reference},
		{t("family.f.received"), staffTime(sub.CreatedAt)},
		{t("family.f.updated"), staffTime(sub.UpdatedAt)},
		{t("family.f.form_lang"), languageName(lang, sub.Lang)},
		{t("family.f.status"), d.Status},
		{t("family.f.assignee"), orNone(lang, names.name(lang, sub.AssigneeID))},
		{t("family.f.consent"), orNone(lang, consent)},
	}
	if sub.SpamReason != "" {
		d.Record = append(d.Record, field{t("family.f.spam"), sub.SpamReason})
	}
	if d.CanAssign {
		d.Assignees = []option{{Value: "0", Label: t("family.nobody"), Selected: sub.AssigneeID == 0}}
		for _, a := range sortedStaff(names) {
			if canBeAssigned(a) {
				d.Assignees = append(d.Assignees, option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name,
					Selected: a.ID == sub.AssigneeID})
			}
		}
	}
	for _, e := range events {
		d.History = append(d.History, eventRow{When: staffTime(e.At), Who: orNone(lang, names.name(lang, e.StaffID)),
			What: eventText(lang, sub.Kind, e, names), Note: e.Note})
	}
	return d, nil
}

// eventText describes a history entry.
func eventText(lang string, k senderos.Kind, e *senderos.Event, names staffDirectory) string {
	switch e.Type {
	case senderos.EventStatus:
		return staffText(lang, "family.event.status", statusLabel(lang, k, senderos.Status(e.From)), statusLabel(lang, k, senderos.Status(e.To)))
	case senderos.EventAssign:
		from, _ := strconv.ParseInt(e.From, 10, 64)
		to, _ := strconv.ParseInt(e.To, 10, 64)
		return staffText(lang, "family.event.assign", orNone(lang, names.name(lang, from)), orNone(lang, names.name(lang, to)))
	case senderos.EventNote:
		return staffText(lang, "family.event.note")
	case senderos.EventErase:
		return staffText(lang, "family.event.erase")
	case senderos.EventConsent:
		return staffText(lang, "family.event.consent", e.From, e.To)
	}
	return string(e.Type)
}

// sortedStaff lists the directory by name.
func sortedStaff(d staffDirectory) []*senderos.Staff {
	out := make([]*senderos.Staff, 0, len(d))
	for _, st := range d {
		out = append(out, st)
	}
	slicesSortStaff(out)
	return out
}

func (s *Server) provinceName(code string) string {
	if s.Places != nil {
		for _, a := range s.Places.Provinces() {
			if a.Code == code {
				return a.Name
			}
		}
	}
	return code
}

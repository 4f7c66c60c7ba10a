package backoffice

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// exportBatch is how many records the CSV export reads at a time.
const exportBatch = 500

// familyCSVHeader names the CSV export's columns.
var familyCSVHeader = []string{
	"reference", "received_at", "updated_at", "status", "form_lang", "assignee",
	"adults", "children_ages", "household", "languages", "spanish_level", "city", "province_code",
	"sectors", "skills", "driving_licence", "regions", "bedrooms", "needs_school", "needs_health_centre",
	"move_when", "name", "phone", "email", "contact_language", "channel",
}

// handleFamiliesCSV exports the families the list's filter selects, every
// page of them, as CSV.
func (s *Server) handleFamiliesCSV(w http.ResponseWriter, r *http.Request) {
	ctx, st := r.Context(), staffFrom(r.Context())
	fq, f := parseFamilyQuery(r.URL.Query())
	scope(st, &f)
	names, err := s.staffNames(r)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	var rows [][]string
	for f.Offset, f.Limit = 0, exportBatch; ; f.Offset += exportBatch {
		subs, err := s.Submissions.FindSubmissions(ctx, f)
		if err != nil {
			s.audit(r, senderos.AuditExport, "families.csv", senderos.OutcomeFailed, fq.auditDetail())
			s.staffError(w, r, err)
			return
		}
		for _, sub := range subs {
			if sub.Interest != nil {
				rows = append(rows, familyCSVRow(sub, names))
			}
		}
		if len(subs) < exportBatch {
			break
		}
	}
	s.audit(r, senderos.AuditExport, "families.csv", senderos.OutcomeOK,
		fmt.Sprintf("%d rows; %s", len(rows), fq.auditDetail()))
	name := "families-" + s.Now().UTC().Format("2006-01-02") + ".csv"
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write(familyCSVHeader)
	for _, row := range rows {
		for i := range row {
			row[i] = csvCell(row[i])
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.logger.Warn("write csv", "request_id", web.RequestIDFrom(ctx), "error", err.Error())
	}
}

func familyCSVRow(sub *senderos.Submission, names staffDirectory) []string {
	i := sub.Interest
	ages := make([]string, 0, len(i.Children))
	for _, c := range i.Children {
		ages = append(ages, strconv.Itoa(c.Age))
	}
	assignee := ""
	if st, ok := names[sub.AssigneeID]; ok {
		assignee = st.Name
	}
	return []string{
		sub.Reference, sub.CreatedAt.UTC().Format(time.RFC3339), sub.UpdatedAt.UTC().Format(time.RFC3339),
		string(sub.Status), sub.Lang, assignee,
		strconv.Itoa(i.Adults), strings.Join(ages, " "), strconv.Itoa(i.Household()),
		strings.Join(i.Languages, " "), i.SpanishLevel, i.City, i.Province,
		strings.Join(i.Sectors, " "), i.Skills, strconv.FormatBool(i.DrivingLicence),
		strings.Join(i.Regions, " "), strconv.Itoa(i.Bedrooms),
		strconv.FormatBool(i.NeedsSchool), strconv.FormatBool(i.NeedsHealthCentre),
		i.MoveWhen, i.Contact.Name, i.Contact.Phone, i.Contact.Email, i.Contact.Language, i.Contact.Channel,
	}
}

// csvCell keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a cell starting with = + - @, a tab or a carriage return is
// prefixed with a single quote.
func csvCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// RecordExport is everything the programme holds about one person, for
// an access request: the submission as they sent it (decrypted), their
// consent, the record's history with staff's notes, and a family's case
// with all that hangs from it.
type RecordExport struct {
	Reference    string                       `json:"reference"`
	Kind         senderos.Kind                `json:"kind"`
	Lang         string                       `json:"lang"`
	Status       senderos.Status              `json:"status"`
	ReceivedAt   time.Time                    `json:"received_at"`
	UpdatedAt    time.Time                    `json:"updated_at"`
	Consent      senderos.Consent             `json:"consent"`
	Interest     *senderos.Interest           `json:"interest,omitempty"`
	Municipality *senderos.MunicipalitySignup `json:"municipality,omitempty"`
	Host         *senderos.HostSignup         `json:"host,omitempty"`
	History      []ExportEvent                `json:"history"`
	// Case is the family's case, when its record grew into one.
	Case       *CaseExport `json:"case,omitempty"`
	ExportedAt time.Time   `json:"exported_at"`
}

// ExportEvent is one entry of a record's history in an export; staff are
// named by account number.
type ExportEvent struct {
	At      time.Time          `json:"at"`
	Type    senderos.EventType `json:"type"`
	From    string             `json:"from,omitempty"`
	To      string             `json:"to,omitempty"`
	Note    string             `json:"note,omitempty"`
	StaffID int64              `json:"staff_id,omitempty"`
}

// handleRecordExport answers an access request: a JSON file of everything
// held about the person behind record {id}.
func (s *Server) handleRecordExport(k senderos.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sub, ok := s.loadRecord(w, r, k)
		if !ok {
			return
		}
		events, err := s.Submissions.FindEvents(r.Context(), sub.ID)
		if err != nil {
			s.audit(r, senderos.AuditExport, sub.Reference, senderos.OutcomeFailed, "access request")
			s.staffError(w, r, err)
			return
		}
		cx, err := s.caseExport(r.Context(), sub)
		if err != nil {
			s.audit(r, senderos.AuditExport, sub.Reference, senderos.OutcomeFailed, "access request")
			s.staffError(w, r, err)
			return
		}
		out := RecordExport{
			Reference: sub.Reference, Kind: sub.Kind, Lang: sub.Lang, Status: sub.Status,
			ReceivedAt: sub.CreatedAt.UTC(), UpdatedAt: sub.UpdatedAt.UTC(), Consent: sub.Consent,
			Interest: sub.Interest, Municipality: sub.Municipality, Host: sub.Host, History: []ExportEvent{},
			Case: cx, ExportedAt: s.Now().UTC(),
		}
		for _, e := range events {
			out.History = append(out.History, ExportEvent{At: e.At.UTC(), Type: e.Type, From: e.From, To: e.To,
				Note: e.Note, StaffID: e.StaffID})
		}
		body, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			s.staffError(w, r, fmt.Errorf("export %s: %w", sub.Reference, err))
			return
		}
		s.audit(r, senderos.AuditExport, sub.Reference, senderos.OutcomeOK, "access request")
		h := w.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+sub.Reference+`.json"`)
		h.Set("Cache-Control", "no-store")
		w.Write(append(body, '\n'))
	}
}

package backoffice

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
)

// familyPageSize is how many families the list shows at once.
const familyPageSize = 50

// registerFamilyRoutes serves the families' records under /staff/families
// on r, the back-office's authenticated subrouter.
func (s *Server) registerFamilyRoutes(r *mux.Router) {
	lead := s.requireRole(senderos.RoleAdmin, senderos.RoleCoordinator)
	r.HandleFunc("/families", s.handleFamilies).Methods(http.MethodGet)
	r.HandleFunc("/families.csv", s.handleFamiliesCSV).Methods(http.MethodGet)
	r.HandleFunc("/families/{id:[0-9]+}", s.handleFamily).Methods(http.MethodGet)
	r.HandleFunc("/families/{id:[0-9]+}/status", s.handleRecordStatus(senderos.KindInterest)).Methods(http.MethodPost)
	r.HandleFunc("/families/{id:[0-9]+}/notes", s.handleRecordNote(senderos.KindInterest)).Methods(http.MethodPost)
	r.Handle("/families/{id:[0-9]+}/assign", lead(s.handleRecordAssign(senderos.KindInterest))).Methods(http.MethodPost)
	r.Handle("/families/{id:[0-9]+}/export.json", lead(s.handleRecordExport(senderos.KindInterest))).Methods(http.MethodGet)
	r.Handle("/families/{id:[0-9]+}/erase", lead(s.handleEraseConfirm(senderos.KindInterest))).Methods(http.MethodGet)
	r.Handle("/families/{id:[0-9]+}/erase", lead(s.handleErase(senderos.KindInterest))).Methods(http.MethodPost)
	s.registerFamilyLinkRoutes(r)
}

// option is an entry of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// familyRow is a line of the families list. It holds no contact details.
type familyRow struct {
	ID                         int64
	Reference, Created, Status string
	Household                  int
	Regions, Sectors, Assignee string
}

// familyListData is what templates/family_list.html shows.
type familyListData struct {
	Query                    familyQuery
	Statuses, Regions        []option
	Sectors                  []option
	Rows                     []familyRow
	Total, First, Last       int
	PrevURL, NextURL, CSVURL string
	Mine                     bool // a technician sees only their records
}

// scope limits f to the records the logged-in account may see.
func scope(st *senderos.Staff, f *senderos.SubmissionFilter) {
	if !st.CanSeeAll() {
		f.AssigneeID = st.ID
	}
}

func (s *Server) handleFamilies(w http.ResponseWriter, r *http.Request) {
	ctx, st, lang := r.Context(), staffFrom(r.Context()), s.staffLang(r)
	fq, f := parseFamilyQuery(r.URL.Query())
	scope(st, &f)
	total, err := s.Submissions.CountSubmissions(ctx, f)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	f.Limit, f.Offset = familyPageSize, (fq.Page-1)*familyPageSize
	subs, err := s.Submissions.FindSubmissions(ctx, f)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	names, err := s.staffNames(r)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	d := familyListData{Query: fq, Total: total, Mine: !st.CanSeeAll()}
	d.Statuses = append([]option{{Label: staffText(lang, "family.filter.any")}},
		statusOptions(lang, senderos.KindInterest, append(slices.Clone(senderos.FamilyStatuses), senderos.StatusSuspected), senderos.Status(fq.Status))...)
	d.Regions = append([]option{{Label: staffText(lang, "family.filter.any")}}, s.regionOptions(fq.Region)...)
	d.Sectors = append([]option{{Label: staffText(lang, "family.filter.any")}}, sectorOptions(lang, fq.Sector)...)
	for _, sub := range subs {
		i := sub.Interest
		if i == nil {
			continue
		}
		d.Rows = append(d.Rows, familyRow{
			ID: sub.ID, Reference: sub.Reference, Created: sub.CreatedAt.UTC().Format(time.DateOnly),
			Status: statusLabel(lang, sub.Kind, sub.Status), Household: i.Household(),
			Regions: s.regionList(lang, i.Regions), Sectors: sectorList(lang, i.Sectors),
			Assignee: names.name(lang, sub.AssigneeID),
		})
	}
	if len(d.Rows) > 0 {
		d.First, d.Last = f.Offset+1, f.Offset+len(subs)
	}
	if fq.Page > 1 {
		d.PrevURL = "/staff/families?" + fq.values(fq.Page-1).Encode()
	}
	if f.Offset+len(subs) < total {
		d.NextURL = "/staff/families?" + fq.values(fq.Page+1).Encode()
	}
	d.CSVURL = "/staff/families.csv?" + fq.values(1).Encode()
	s.audit(r, senderos.AuditList, "families", senderos.OutcomeOK, fq.auditDetail())
	s.renderStaff(w, r, http.StatusOK, "family_list", "family.list.title", d)
}

// staffDirectory names staff accounts by id, for lists and histories.
type staffDirectory map[int64]*senderos.Staff

func (s *Server) staffNames(r *http.Request) (staffDirectory, error) {
	all, err := s.staff.FindStaff(r.Context())
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	dir := staffDirectory{}
	for _, st := range all {
		dir[st.ID] = st
	}
	return dir, nil
}

// name returns the name of account id, "" for nobody.
func (d staffDirectory) name(lang string, id int64) string {
	if id == 0 {
		return ""
	}
	if st, ok := d[id]; ok {
		return st.Name
	}
	return staffText(lang, "family.unknown_staff", id)
}

// statusOptions lists statuses of kind k with their labels.
func statusOptions(lang string, k senderos.Kind, statuses []senderos.Status, selected senderos.Status) []option {
	out := make([]option, 0, len(statuses))
	for _, st := range statuses {
		out = append(out, option{Value: string(st), Label: statusLabel(lang, k, st), Selected: st == selected})
	}
	return out
}

// statusLabel is a status's name in lang.
func statusLabel(lang string, k senderos.Kind, st senderos.Status) string {
	if k == senderos.KindHost {
		if label, ok := senderos.StatusLabel(k, st, lang); ok {
			return label
		}
	}
	if k == senderos.KindMunicipality && (st == senderos.StatusNew || st == senderos.StatusApproved || st == senderos.StatusRejected) {
		return staffText(lang, "muni.status."+string(st))
	}
	return staffText(lang, "family.status."+string(st))
}

func sectorOptions(lang, selected string) []option {
	out := make([]option, 0, len(senderos.Sectors))
	for _, sec := range senderos.Sectors {
		out = append(out, option{Value: sec, Label: staffText(lang, "family.sector."+sec), Selected: sec == selected})
	}
	return out
}

func sectorList(lang string, sectors []string) string {
	out := make([]string, 0, len(sectors))
	for _, sec := range sectors {
		out = append(out, staffText(lang, "family.sector."+sec))
	}
	return listJoin(lang, out)
}

func (s *Server) regionOptions(selected string) []option {
	if s.Places == nil {
		return nil
	}
	var out []option
	for _, a := range s.Places.Regions() {
		out = append(out, option{Value: a.Code, Label: a.Name, Selected: a.Code == selected})
	}
	return out
}

// regionList names the regions a family wants.
func (s *Server) regionList(lang string, codes []string) string {
	names := map[string]string{}
	if s.Places != nil {
		for _, a := range s.Places.Regions() {
			names[a.Code] = a.Name
		}
	}
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		switch {
		case c == senderos.Anywhere:
			out = append(out, staffText(lang, "family.anywhere"))
		case names[c] != "":
			out = append(out, names[c])
		default:
			out = append(out, c)
		}
	}
	return listJoin(lang, out)
}

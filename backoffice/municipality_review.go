package backoffice

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/markdown"
)

// maxJobDescription is how long a job offer's description may be: the
// public form's limit.
const maxJobDescription = senderos.MaxJobDescription

// registerMunicipalityReviewRoutes serves the review of municipality
// sign-ups under /staff/municipalities on r, the back-office's
// authenticated subrouter. Approving one publishes its public profile; an
// admin can publish an approved one again.
func (s *Server) registerMunicipalityReviewRoutes(r *mux.Router) {
	lead := s.requireRole(senderos.RoleAdmin, senderos.RoleCoordinator)
	admin := s.requireRole(senderos.RoleAdmin)
	k := senderos.KindMunicipality
	r.HandleFunc("/municipalities", s.handleMunicipalities).Methods(http.MethodGet)
	r.HandleFunc("/municipalities/{id:[0-9]+}", s.handleMunicipality).Methods(http.MethodGet)
	r.HandleFunc("/municipalities/{id:[0-9]+}/notes", s.handleRecordNote(k)).Methods(http.MethodPost)
	r.Handle("/municipalities/{id:[0-9]+}/approve", lead(http.HandlerFunc(s.handleApprove))).Methods(http.MethodPost)
	r.Handle("/municipalities/{id:[0-9]+}/reject", lead(http.HandlerFunc(s.handleReject))).Methods(http.MethodPost)
	r.Handle("/municipalities/{id:[0-9]+}/publish", admin(http.HandlerFunc(s.handlePublishAgain))).Methods(http.MethodPost)
	r.Handle("/municipalities/{id:[0-9]+}/jobs", lead(http.HandlerFunc(s.handleAddJob))).Methods(http.MethodPost)
	r.Handle("/municipalities/{id:[0-9]+}/export.json", lead(s.handleRecordExport(k))).Methods(http.MethodGet)
	r.Handle("/municipalities/{id:[0-9]+}/erase", lead(s.handleEraseConfirm(k))).Methods(http.MethodGet)
	r.Handle("/municipalities/{id:[0-9]+}/erase", lead(s.handleErase(k))).Methods(http.MethodPost)
}

// muniRow is a line of the sign-ups list: the municipality, never its
// contact person.
type muniRow struct {
	ID                                 int64
	Reference, Name, Province, Created string
	Status                             string
	Homes                              int
}

// muniListData is what templates/municipality_list.html shows.
type muniListData struct {
	Status             string
	Statuses           []option
	Rows               []muniRow
	Total, First, Last int
	PrevURL, NextURL   string
}

func (s *Server) handleMunicipalities(w http.ResponseWriter, r *http.Request) {
	ctx, st, lang := r.Context(), staffFrom(r.Context()), s.staffLang(r)
	q := r.URL.Query()
	f := senderos.SubmissionFilter{Kind: senderos.KindMunicipality}
	if v := senderos.Status(q.Get("status")); v == senderos.StatusSuspected || slices.Contains(senderos.MunicipalityStatuses, v) {
		f.Status = v
	}
	page := 1
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 && p < 100000 {
		page = p
	}
	scope(st, &f)
	total, err := s.Submissions.CountSubmissions(ctx, f)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	f.Limit, f.Offset = familyPageSize, (page-1)*familyPageSize
	subs, err := s.Submissions.FindSubmissions(ctx, f)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	d := muniListData{Status: string(f.Status), Total: total}
	d.Statuses = append([]option{{Label: staffText(lang, "family.filter.any")}}, statusOptions(lang, senderos.KindMunicipality,
		append(slices.Clone(senderos.MunicipalityStatuses), senderos.StatusSuspected), f.Status)...)
	for _, sub := range subs {
		m := sub.Municipality
		if m == nil {
			continue
		}
		d.Rows = append(d.Rows, muniRow{ID: sub.ID, Reference: sub.Reference, Name: m.Name, Province: m.Province,
			Created: sub.CreatedAt.UTC().Format(time.DateOnly), Status: statusLabel(lang, sub.Kind, sub.Status), Homes: m.Homes})
	}
	if len(d.Rows) > 0 {
		d.First, d.Last = f.Offset+1, f.Offset+len(subs)
	}
	link := func(p int) string {
		v := url.Values{}
		if f.Status != "" {
			v.Set("status", string(f.Status))
		}
		v.Set("page", strconv.Itoa(p))
		return "/staff/municipalities?" + v.Encode()
	}
	if page > 1 {
		d.PrevURL = link(page - 1)
	}
	if f.Offset+len(subs) < total {
		d.NextURL = link(page + 1)
	}
	s.audit(r, senderos.AuditList, "municipalities", senderos.OutcomeOK, "status="+string(f.Status))
	s.renderStaff(w, r, http.StatusOK, "municipality_list", "muni.list.title", d)
}

// muniData is what a sign-up's page shows besides what every record's
// page shows.
type muniData struct {
	Place, Offer, Contact []field
	Description           template.HTML // rendered Markdown, sanitised
	Jobs                  []field       // offered in the sign-up
	Published             bool
	ProfileJobs           []field // on the public profile
	CanApprove, CanReject bool
	CanAddJobs            bool
	// Lost is an approved sign-up without a profile, as approving in
	// several steps could leave one.
	Lost            bool
	CanPublishAgain bool
	// Builds are the last outcome of each rebuild of the public site
	// after a publication (local build, build hook), shown to admins.
	Builds      []*senderos.AuditEntry
	JobSectors  []option
	MaxJob      int
	MaxJobCount int
}

func (s *Server) handleMunicipality(w http.ResponseWriter, r *http.Request) {
	sub, d, ok := s.loadRecordPage(w, r, senderos.KindMunicipality)
	if !ok {
		return
	}
	lang, m := s.staffLang(r), sub.Municipality
	if m == nil {
		m = &senderos.MunicipalitySignup{}
	}
	t := func(key string) string { return staffText(lang, key) }
	desc, err := markdown.Render(m.Description)
	if err != nil {
		s.staffError(w, r, fmt.Errorf("render description of %s: %w", sub.Reference, err))
		return
	}
	md := &muniData{
		Place: []field{
			{t("muni.f.name"), m.Name}, {t("muni.f.code"), m.Code},
			{t("muni.f.province"), m.Province}, {t("muni.f.region"), m.Region},
			{t("muni.f.population"), strconv.Itoa(m.Population)},
		},
		Offer: []field{
			{t("muni.f.homes"), strconv.Itoa(m.Homes)},
			{t("muni.f.rent"), staffText(lang, "muni.rent", m.RentMin, m.RentMax)},
			{t("muni.f.services"), orNone(lang, serviceList(lang, m.Services))},
		},
		Contact: []field{
			{t("muni.f.contact_name"), m.ContactName}, {t("muni.f.role"), orNone(lang, m.Role)},
			{t("family.f.email"), orNone(lang, m.Email)}, {t("family.f.phone"), orNone(lang, m.Phone)},
		},
		Description: desc, Jobs: jobFields(lang, m.Jobs), MaxJob: maxJobDescription, MaxJobCount: senderos.MaxJobCount,
	}
	lead := staffFrom(r.Context()).CanSeeAll()
	md.CanApprove = lead && senderos.CanChangeStatus(sub.Kind, sub.Status, senderos.StatusApproved)
	md.CanReject = lead && senderos.CanChangeStatus(sub.Kind, sub.Status, senderos.StatusRejected)
	if p, err := s.profiles.FindProfile(r.Context(), m.Code); err == nil && sub.Status == senderos.StatusApproved {
		md.Published, md.ProfileJobs = true, jobFields(lang, p.Jobs)
	} else if err != nil && senderos.ErrorCode(err) != senderos.ENOTFOUND {
		s.staffError(w, r, err)
		return
	}
	md.CanAddJobs = lead && md.Published
	md.Lost = sub.Status == senderos.StatusApproved && !md.Published
	md.CanPublishAgain = staffFrom(r.Context()).Role == senderos.RoleAdmin && sub.Status == senderos.StatusApproved
	if md.CanPublishAgain {
		if md.Builds, err = s.lastBuilds(r.Context()); err != nil {
			s.staffError(w, r, err)
			return
		}
	}
	md.JobSectors = sectorOptions(lang, "")
	d.Muni = md
	s.audit(r, senderos.AuditView, sub.Reference, senderos.OutcomeOK, "")
	s.renderStaff(w, r, http.StatusOK, "municipality_detail", "muni.detail.title", d)
}

func jobFields(lang string, jobs []senderos.JobOffer) []field {
	out := make([]field, 0, len(jobs))
	for _, j := range jobs {
		out = append(out, field{Label: staffTextN(lang, "muni.job", j.Count, staffText(lang, "family.sector."+j.Sector), j.Count), Value: j.Description})
	}
	return out
}

func serviceList(lang string, services []string) string {
	out := make([]string, 0, len(services))
	for _, sv := range services {
		out = append(out, staffText(lang, "muni.service."+sv))
	}
	return listJoin(lang, out)
}

// lastBuilds returns the last outcome of each kind of site rebuild, most
// recent first.
func (s *Server) lastBuilds(ctx context.Context) ([]*senderos.AuditEntry, error) {
	entries, err := s.audits.FindAudit(ctx, senderos.AuditFilter{Action: senderos.AuditSiteBuild, Limit: 20})
	if err != nil {
		return nil, err
	}
	var last []*senderos.AuditEntry
	for _, e := range entries {
		if !slices.ContainsFunc(last, func(l *senderos.AuditEntry) bool { return l.Target == e.Target }) {
			last = append(last, e)
		}
	}
	return last, nil
}

// approval is the logged-in account's decision on sub.
func approval(r *http.Request, sub *senderos.Submission) senderos.Approval {
	st := staffFrom(r.Context())
	return senderos.Approval{SubmissionID: sub.ID, StaffID: st.ID, Actor: st.Email}
}

// handleApprove approves a sign-up and publishes its profile, in one
// transaction with its history and audit entries: if publishing fails, the
// sign-up is not approved either.
func (s *Server) handleApprove(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.loadRecord(w, r, senderos.KindMunicipality)
	if !ok {
		return
	}
	lang := s.staffLang(r)
	if _, err := s.profiles.ApproveMunicipality(r.Context(), approval(r, sub)); err != nil {
		if senderos.ErrorCode(err) == senderos.ECONFLICT {
			s.audit(r, senderos.AuditChange, sub.Reference, senderos.OutcomeFailed, "status: "+string(sub.Status)+" → "+string(senderos.StatusApproved))
			err = recordError(senderos.ECONFLICT, staffText(lang, "family.refused_status",
				statusLabel(lang, sub.Kind, sub.Status), statusLabel(lang, sub.Kind, senderos.StatusApproved)))
		} else {
			s.audit(r, senderos.AuditPublish, sub.Reference, senderos.OutcomeFailed, publishDetail(sub, ""))
		}
		s.staffError(w, r, err)
		return
	}
	s.published(r)
	s.setFlash(w, "muni.flash.approved")
	http.Redirect(w, r, recordBase(sub.Kind, sub.ID), http.StatusSeeOther)
}

// handlePublishAgain publishes an approved sign-up's profile again and
// rebuilds the site: for a profile that was lost, or a site rebuild that
// failed.
func (s *Server) handlePublishAgain(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.loadRecord(w, r, senderos.KindMunicipality)
	if !ok {
		return
	}
	if _, err := s.profiles.PublishAgain(r.Context(), approval(r, sub)); err != nil {
		s.audit(r, senderos.AuditPublish, sub.Reference, senderos.OutcomeFailed, publishDetail(sub, " again"))
		if senderos.ErrorCode(err) == senderos.ECONFLICT {
			err = recordError(senderos.ECONFLICT, staffText(s.staffLang(r), "muni.republish_unapproved"))
		}
		s.staffError(w, r, err)
		return
	}
	s.published(r)
	s.setFlash(w, "muni.flash.republished")
	http.Redirect(w, r, recordBase(sub.Kind, sub.ID), http.StatusSeeOther)
}

// publishDetail is what the audit log says of a publication of sub.
func publishDetail(sub *senderos.Submission, suffix string) string {
	if sub.Municipality == nil {
		return suffix
	}
	return "ine:" + sub.Municipality.Code + suffix
}

// handleReject rejects a sign-up; nothing is published.
func (s *Server) handleReject(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.loadRecord(w, r, senderos.KindMunicipality)
	if !ok {
		return
	}
	if _, ok := s.changeStatus(w, r, sub, senderos.StatusRejected); !ok {
		return
	}
	s.setFlash(w, "muni.flash.rejected")
	http.Redirect(w, r, recordBase(sub.Kind, sub.ID), http.StatusSeeOther)
}

// handleAddJob adds a job offer to an approved municipality's profile.
func (s *Server) handleAddJob(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.loadRecord(w, r, senderos.KindMunicipality)
	if !ok {
		return
	}
	lang := s.staffLang(r)
	if sub.Status != senderos.StatusApproved || sub.Municipality == nil {
		s.staffError(w, r, recordError(senderos.ECONFLICT, staffText(lang, "muni.jobs_unpublished")))
		return
	}
	job := senderos.JobOffer{Sector: r.PostFormValue("sector"), Description: strings.TrimSpace(r.PostFormValue("description"))}
	if f := senderos.ValidText(job.Description, true); f != "" {
		s.staffError(w, r, recordError(senderos.EINVALID, staffText(lang, staffTextFault(f))))
		return
	}
	count, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("count")))
	if err != nil || count < 1 || count > senderos.MaxJobCount || !slices.Contains(senderos.Sectors, job.Sector) ||
		utf8.RuneCountInString(job.Description) > maxJobDescription {
		s.staffError(w, r, recordError(senderos.EINVALID, staffText(lang, "muni.bad_job", senderos.MaxJobCount, maxJobDescription)))
		return
	}
	job.Count = count
	detail := fmt.Sprintf("ine:%s sector=%s count=%d", sub.Municipality.Code, job.Sector, job.Count)
	if _, err := s.profiles.AddJobOffer(r.Context(), sub.Municipality.Code, job); err != nil {
		s.audit(r, senderos.AuditJobOffer, sub.Reference, senderos.OutcomeFailed, detail)
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditJobOffer, sub.Reference, senderos.OutcomeOK, detail)
	s.published(r)
	s.setFlash(w, "muni.flash.job")
	http.Redirect(w, r, recordBase(sub.Kind, sub.ID), http.StatusSeeOther)
}

// published tells whoever rebuilds the public site that a profile
// changed. The context outlives the request, so the callee may keep
// working after the answer is sent.
func (s *Server) published(r *http.Request) {
	if s.onPublish != nil {
		s.onPublish(context.WithoutCancel(r.Context()))
	}
}

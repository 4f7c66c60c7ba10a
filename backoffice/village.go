package backoffice

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/internal/web"
)

// The villages' pages, under /staff/villages: the approved municipalities
// with their open offers and the changes they proposed; one village's
// facts, job offers, homes, private link and changes to review.

// registerVillageRoutes mounts the village pages on r when the back-office
// has the offer, match and village services.
func (s *Server) registerVillageRoutes(r *mux.Router) {
	if s.Offers == nil || s.Villages == nil || s.Matches == nil {
		return
	}
	r.HandleFunc("/villages", s.handleVillages).Methods(http.MethodGet)
	v := "/villages/{code:[0-9]{5}}"
	r.HandleFunc(v, s.handleVillage).Methods(http.MethodGet)
	r.HandleFunc(v+"/facts", s.handleVillageFacts).Methods(http.MethodPost)
	offerPages[senderos.Job]{s, jobOffers}.register(r, v)
	offerPages[senderos.Home]{s, homeOffers}.register(r, v)
	r.HandleFunc(v+"/link", s.handleCreateVillageLink).Methods(http.MethodPost)
	r.HandleFunc(v+"/link/{link:[0-9]+}/revoke", s.handleRevokeVillageLink).Methods(http.MethodPost)
	r.HandleFunc(v+"/changes/{change:[0-9]+}/{verdict:apply|reject}", s.handleReviewChange).Methods(http.MethodPost)
}

// villagePath is the path of village code's page.
func villagePath(code string) string { return "/staff/villages/" + code }

// villageRow is a line of the villages' list.
type villageRow struct {
	*senderos.Village
	Jobs, Homes, Changes int
}

func (s *Server) handleVillages(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	vs, err := s.Offers.FindVillages(ctx)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	open := senderos.OfferFilter{Status: []string{senderos.OfferOpen}}
	jobs, err := s.Offers.FindJobs(ctx, open)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	homes, err := s.Offers.FindHomes(ctx, open)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	changes, err := s.Villages.FindChanges(ctx, "", senderos.ChangePending)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	rows := make([]villageRow, 0, len(vs))
	idx := map[string]int{}
	for i, v := range vs {
		idx[v.Code] = i
		rows = append(rows, villageRow{Village: v})
	}
	for _, j := range jobs {
		if i, ok := idx[j.Municipality]; ok {
			rows[i].Jobs++
		}
	}
	for _, h := range homes {
		if i, ok := idx[h.Municipality]; ok {
			rows[i].Homes++
		}
	}
	for _, c := range changes {
		if i, ok := idx[c.Municipality]; ok {
			rows[i].Changes++
		}
	}
	s.audit(r, senderos.AuditList, "villages", senderos.OutcomeOK, "")
	s.renderStaff(w, r, http.StatusOK, "village_list", "matchpage.villages.title", rows)
}

// loadVillage returns the approved village {code}, or answers 404.
func (s *Server) loadVillage(w http.ResponseWriter, r *http.Request) (*senderos.Village, bool) {
	v, err := s.Offers.FindVillage(r.Context(), mux.Vars(r)["code"])
	if senderos.ErrorCode(err) == senderos.ENOTFOUND {
		s.staffError(w, r, recordError(senderos.ENOTFOUND, staffText(s.staffLang(r), "matchpage.village.not_found")))
		return nil, false
	} else if err != nil {
		s.staffError(w, r, err)
		return nil, false
	}
	return v, true
}

// villageData is one village's page.
type villageData struct {
	Village  *senderos.Village
	Base     string
	Facts    *caseForm
	Services []option
	Jobs     []jobRow
	Homes    []homeRow
	Links    []villageLinkRow
	Pending  []changeRow
	Reviewed []changeRow
	CanMatch bool // the account may see an offer's suggested families
	HasURL   bool // links can be made (a public address is configured)
}

type jobRow struct {
	*senderos.Job
	Sector, Contract, Status string
	Live                     bool // may be withdrawn
}

type homeRow struct {
	*senderos.Home
	Status string
	Live   bool
}

type villageLinkRow struct {
	*senderos.VillageLink
	State string
	Live  bool
}

type changeRow struct {
	*senderos.VillageChange
	Kind, What, Status string
}

func (s *Server) handleVillage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	s.renderVillage(w, r, http.StatusOK, v, nil)
}

// villageFactsValues are v's facts as the form's values.
func villageFactsValues(v *senderos.Village) url.Values {
	return url.Values{"services": v.Services, "hospital_km": {offerItoa(v.HospitalKm)}, "town_km": {offerItoa(v.TownKm)}}
}

func (s *Server) renderVillage(w http.ResponseWriter, r *http.Request, status int, v *senderos.Village, facts *caseForm) {
	ctx, lang, now := r.Context(), s.staffLang(r), s.Now()
	if facts == nil {
		facts = newOfferForm("facts", lang, villageFactsValues(v), nil)
	}
	st := staffFrom(ctx)
	d := &villageData{Village: v, Base: villagePath(v.Code), Facts: facts,
		Services: listChoices(lang, senderos.ServiceList), CanMatch: st.CanSeeAll(), HasURL: s.publicURL != ""}
	f := senderos.OfferFilter{Municipality: v.Code}
	jobs, err := s.Offers.FindJobs(ctx, f)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	for _, j := range jobs {
		d.Jobs = append(d.Jobs, jobRow{Job: j, Sector: label(senderos.SectorList, j.Sector, lang),
			Contract: label(senderos.ContractList, j.Contract, lang), Status: label(senderos.OfferStatusList, j.Status, lang),
			Live: j.Status == senderos.OfferOpen})
	}
	homes, err := s.Offers.FindHomes(ctx, f)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	for _, h := range homes {
		d.Homes = append(d.Homes, homeRow{Home: h, Status: label(senderos.OfferStatusList, h.Status, lang), Live: h.Status == senderos.OfferOpen})
	}
	links, err := s.Villages.FindVillageLinks(ctx, v.Code)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	for _, l := range links {
		d.Links = append(d.Links, villageLinkRow{VillageLink: l, State: linkState(lang, l.RevokedAt, l.ExpiresAt, now), Live: l.Valid(now)})
	}
	changes, err := s.Villages.FindChanges(ctx, v.Code)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	for _, c := range changes {
		row := changeRow{VillageChange: c, Kind: staffText(lang, "matchpage.change."+c.Kind),
			What: changeSummary(lang, c), Status: label(senderos.ChangeStatusList, c.Status, lang)}
		if c.Status == senderos.ChangePending {
			d.Pending = append(d.Pending, row)
		} else if len(d.Reviewed) < 20 {
			d.Reviewed = append(d.Reviewed, row)
		}
	}
	s.audit(r, senderos.AuditView, "village:"+v.Code, senderos.OutcomeOK, "")
	s.renderStaff(w, r, status, "village_detail", "matchpage.village.title", d)
}

// changeSummary words what change c proposes, without anyone's contact.
func changeSummary(lang string, c *senderos.VillageChange) string {
	switch {
	case c.Job != nil:
		j := c.Job
		return staffText(lang, "matchpage.change.job_summary", j.Employer, label(senderos.SectorList, j.Sector, lang),
			label(senderos.ContractList, j.Contract, lang), j.Vacancies, dateValue(j.Start))
	case c.Home != nil:
		h := c.Home
		return staffText(lang, "matchpage.change.home_summary", h.Bedrooms, h.Rent, dateValue(h.AvailableFrom))
	case c.Village != nil:
		var names []string
		for _, sv := range c.Village.Services {
			names = append(names, label(senderos.ServiceList, sv, lang))
		}
		return staffText(lang, "matchpage.change.village_summary", strings.Join(names, ", "), c.Village.HospitalKm, c.Village.TownKm)
	case c.TargetID != 0:
		return "#" + strconv.FormatInt(c.TargetID, 10)
	}
	return ""
}

func (s *Server) handleVillageFacts(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	var p senderos.Problems
	nv := *v
	nv.Services = nil
	for _, sv := range r.PostForm["services"] {
		if sv = strings.TrimSpace(sv); sv != "" {
			nv.Services = append(nv.Services, sv)
		}
	}
	nv.HospitalKm = formInt(&p, r.PostForm, "hospital_km")
	nv.TownKm = formInt(&p, r.PostForm, "town_km")
	p = append(p, nv.Validate()...)
	err := p.Err()
	if err == nil {
		err = s.Offers.SaveVillage(r.Context(), &nv, staffFrom(r.Context()).ID, s.Now())
	}
	if senderos.ErrorCode(err) == senderos.EINVALID {
		s.audit(r, senderos.AuditChange, "village:"+v.Code, senderos.OutcomeFailed, "facts: invalid")
		s.renderVillage(w, r, http.StatusUnprocessableEntity, v, newOfferForm("facts", s.staffLang(r), r.PostForm, err))
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	s.published(r)
	s.setFlash(w, "matchpage.flash.facts_saved")
	http.Redirect(w, r, villagePath(v.Code), http.StatusSeeOther)
}

// villageLinkNewData is the page shown once a village's link is made.
type villageLinkNewData struct {
	Village *senderos.Village
	Base    string
	Link    string
	Expires time.Time
	Message string
}

func (s *Server) handleCreateVillageLink(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	lang := s.staffLang(r)
	if s.publicURL == "" {
		s.staffError(w, r, web.LocalError(senderos.ENOTIMPLEMENTED, staffText(lang, "familylink.no_public_url")))
		return
	}
	now := s.Now()
	l, token, err := s.Villages.CreateVillageLink(r.Context(), v.Code, staffFrom(r.Context()).ID, now, now.Add(senderos.VillageLinkLifetime))
	if err != nil {
		s.audit(r, senderos.AuditChange, "village:"+v.Code, senderos.OutcomeFailed, "link: "+senderos.ErrorCode(err))
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditChange, "village:"+v.Code, senderos.OutcomeOK, fmt.Sprintf("link %d made", l.ID))
	link := strings.TrimSuffix(s.publicURL, "/") + "/village/" + token
	d := villageLinkNewData{Village: v, Base: villagePath(v.Code), Link: link, Expires: l.ExpiresAt,
		Message: staffText(lang, "matchpage.link.message", v.Name, link)}
	s.renderStaff(w, r, http.StatusCreated, "village_link_new", "matchpage.link.title", d)
}

func (s *Server) handleRevokeVillageLink(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(mux.Vars(r)["link"], 10, 64)
	links, err := s.Villages.FindVillageLinks(r.Context(), v.Code)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	found := false
	for _, l := range links {
		found = found || l.ID == id
	}
	if !found {
		s.staffError(w, r, web.LocalError(senderos.ENOTFOUND, staffText(s.staffLang(r), "matchpage.link.not_found")))
		return
	}
	if err := s.Villages.RevokeVillageLink(r.Context(), id, s.Now()); err != nil && senderos.ErrorCode(err) != senderos.ECONFLICT {
		s.staffError(w, r, err)
		return
	}
	s.audit(r, senderos.AuditChange, "village:"+v.Code, senderos.OutcomeOK, fmt.Sprintf("link %d revoked", id))
	s.setFlash(w, "familylink.revoked")
	http.Redirect(w, r, villagePath(v.Code)+"#link", http.StatusSeeOther)
}

func (s *Server) handleReviewChange(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadVillage(w, r)
	if !ok {
		return
	}
	lang := s.staffLang(r)
	id, _ := strconv.ParseInt(mux.Vars(r)["change"], 10, 64)
	changes, err := s.Villages.FindChanges(r.Context(), v.Code)
	if err != nil {
		s.staffError(w, r, err)
		return
	}
	found := false
	for _, c := range changes {
		found = found || c.ID == id
	}
	if !found {
		s.staffError(w, r, web.LocalError(senderos.ENOTFOUND, staffText(lang, "matchpage.change.not_found")))
		return
	}
	apply := mux.Vars(r)["verdict"] == "apply"
	err = s.Villages.ReviewChange(r.Context(), id, apply, staffFrom(r.Context()).ID, s.Now())
	if senderos.ErrorCode(err) == senderos.ECONFLICT || senderos.ErrorCode(err) == senderos.EINVALID {
		s.staffError(w, r, web.LocalError(senderos.ECONFLICT, staffText(lang, "matchpage.change.conflict")))
		return
	} else if err != nil {
		s.staffError(w, r, err)
		return
	}
	flash := "matchpage.flash.change_rejected"
	if apply {
		s.published(r)
		flash = "matchpage.flash.change_applied"
	}
	s.setFlash(w, flash)
	http.Redirect(w, r, villagePath(v.Code)+"#changes", http.StatusSeeOther)
}

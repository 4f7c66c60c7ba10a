package senderos

import (
	"context"
	"time"
)

// Profile is a municipality's public profile, published by staff from an
// approved sign-up. It holds what the village offers, never the contact
// person's details.
type Profile struct {
	Code     string `json:"ine_code"`
	Name     string `json:"name"`
	Province string `json:"province"`
	Region   string `json:"region"`

	Population int        `json:"population"`
	Homes      int        `json:"homes"`
	RentMin    int        `json:"rent_min"`
	RentMax    int        `json:"rent_max"`
	Services   []string   `json:"services"`
	Jobs       []JobOffer `json:"jobs"`
	// Offers sums up the village's open job offers and homes, reviewed
	// by staff: nothing personal, no employer.
	Offers OfferSummary `json:"offers"`

	// Description is Markdown as the municipality wrote it, in Lang.
	Description string `json:"description"`
	Lang        string `json:"lang"`

	SubmissionID int64     `json:"-"`
	PublishedAt  time.Time `json:"published_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// NewProfile returns the public profile of an approved municipality
// sign-up.
func NewProfile(s *Submission) *Profile {
	m := s.Municipality
	return &Profile{
		Code: m.Code, Name: m.Name, Province: m.Province, Region: m.Region,
		Population: m.Population, Homes: m.Homes, RentMin: m.RentMin, RentMax: m.RentMax,
		Services: append([]string{}, m.Services...), Jobs: append([]JobOffer{}, m.Jobs...),
		Description: m.Description, Lang: s.Lang, SubmissionID: s.ID,
	}
}

// Approval is a staff decision to publish a municipality sign-up: which
// sign-up, and who decides, for its history and the audit log.
type Approval struct {
	SubmissionID int64
	StaffID      int64  // the account deciding
	Actor        string // its e-mail, as the audit log names it
}

// ProfileService stores published municipality profiles.
type ProfileService interface {
	// PublishProfile stores p, replacing the profile with the same Code,
	// and sets PublishedAt (first time) and UpdatedAt.
	PublishProfile(ctx context.Context, p *Profile) error
	// FindProfile returns ENOTFOUND when there is none.
	FindProfile(ctx context.Context, code string) (*Profile, error)
	// FindProfiles lists every published profile, by name.
	FindProfiles(ctx context.Context) ([]*Profile, error)
	// AddJobOffer appends job to the profile's offers.
	AddJobOffer(ctx context.Context, code string, job JobOffer) (*Profile, error)

	// ApproveMunicipality approves a municipality sign-up and publishes
	// its profile in one transaction, with the status change in the
	// sign-up's history and the change and the publication in the audit
	// log: after an error nothing of it is stored. Returns ENOTFOUND for a
	// missing or blocked sign-up (or a family's record), ECONFLICT when
	// CanChangeStatus does not let it become approved, EINVALID when the
	// profile or the approval is incomplete.
	ApproveMunicipality(ctx context.Context, a Approval) (*Profile, error)
	// PublishAgain publishes the profile of an approved sign-up again, made
	// from the sign-up and keeping the job offers staff added to it, and
	// records it in the audit log, in one transaction: for a profile that
	// was lost or a site that was not rebuilt. Returns ENOTFOUND and
	// EINVALID as ApproveMunicipality, and ECONFLICT unless the sign-up is
	// approved.
	PublishAgain(ctx context.Context, a Approval) (*Profile, error)
}

// OfferSummary is what a village's public profile shows of its open offers
// ("2 jobs in farming, a home with 3 bedrooms"): no employer, no contact.
type OfferSummary struct {
	Jobs  []JobSummary  `json:"jobs"`
	Homes []HomeSummary `json:"homes"`
}

// JobSummary is the free vacancies of a village's open job offers in one
// sector.
type JobSummary struct {
	Sector    string `json:"sector"`
	Vacancies int    `json:"vacancies"`
}

// HomeSummary is one open home of a village.
type HomeSummary struct {
	Bedrooms  int  `json:"bedrooms"`
	Rent      int  `json:"rent"`
	Furnished bool `json:"furnished"`
	StepFree  bool `json:"step_free"`
	WithJob   bool `json:"with_job"`
}

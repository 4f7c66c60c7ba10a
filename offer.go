package senderos

import (
	"context"
	"time"
)

// Job offer contracts.
const (
	ContractPermanent = "permanent"
	ContractTemporary = "temporary"
	ContractSeasonal  = "seasonal"
)

// Offer statuses, of job offers and homes. An offer is open until a proposal
// holds it (proposed); an agreed match fills it; staff or the municipality
// may withdraw it. A job with several vacancies stays open while it has one
// free.
const (
	OfferOpen      = "open"
	OfferProposed  = "proposed"
	OfferFilled    = "filled"
	OfferWithdrawn = "withdrawn"
)

// Job is a job offer of an approved municipality: work with an employer of
// the village, which may come with a home. The employer's business name is
// not personal; its contact person's details are, and are sealed at rest.
type Job struct {
	ID           int64
	Municipality string // the village's INE code
	Employer     string // business name
	Contact      Contact
	Sector       string // one of Sectors
	Tasks        string
	Contract     string // one of ContractList
	HoursWeek    int
	Start        time.Time // the first day of work, a day
	PayMin       int       // euros a month, gross
	PayMax       int
	Vacancies    int
	// Proposed and Taken count the vacancies held by pending proposals
	// and taken by agreed matches; the store keeps them.
	Proposed, Taken int
	NeedsLicence    bool   // a driving licence is needed
	SpanishLevel    string // the least level asked for, one of SpanishLevels; "" for none
	NeedsExperience bool   // experience in the sector is asked for
	HomeIncluded    bool   // a home comes with the job (Home.JobID points to it)
	Status          string // one of OfferStatusList
	CreatedAt       time.Time
	CreatedBy       int64 // a staff account; 0 when the municipality added it by its link
	UpdatedAt       time.Time
}

// Free returns the vacancies neither proposed nor taken.
func (j *Job) Free() int { return j.Vacancies - j.Proposed - j.Taken }

// Bounds of offers.
const (
	MaxVacancies = 200
	MaxHoursWeek = 60
	MaxPay       = 20000 // euros a month
	MaxBedrooms  = 12
	MaxRent      = 5000 // euros a month
)

// Validate returns what is wrong with j at now: no vacancies, a start day
// before today (when created), a pay range upside down, a value not in its
// list. created says whether j is being created (a start in the past is only
// a problem then).
func (j *Job) Validate(now time.Time, created bool) Problems {
	var p Problems
	if !fiveDigits(j.Municipality) {
		p.Add("municipality", ProblemRequired)
	}
	checkText(&p, "employer", j.Employer, false, true, MaxShortText)
	checkText(&p, "contact.name", j.Contact.Name, false, false, MaxShortText)
	checkText(&p, "contact.phone", j.Contact.Phone, false, false, MaxShortText)
	checkText(&p, "contact.email", j.Contact.Email, false, false, MaxShortText)
	checkOneOf(&p, "sector", j.Sector, true, SectorList)
	checkText(&p, "tasks", j.Tasks, true, true, MaxJobDescription)
	checkOneOf(&p, "contract", j.Contract, true, ContractList)
	checkRange(&p, "hours_week", j.HoursWeek, 1, MaxHoursWeek)
	if j.Start.IsZero() {
		p.Add("start", ProblemRequired)
	} else if created && Day(j.Start).Before(Day(now)) {
		p.Add("start", ProblemDateOrder, "today")
	}
	checkRange(&p, "pay_min", j.PayMin, 0, MaxPay)
	checkRange(&p, "pay_max", j.PayMax, 0, MaxPay)
	if j.PayMax < j.PayMin {
		p.Add("pay_max", ProblemOutOfRange, j.PayMin, MaxPay)
	}
	checkRange(&p, "vacancies", j.Vacancies, 1, MaxVacancies)
	if j.Vacancies < j.Proposed+j.Taken {
		p.Add("vacancies", ProblemOutOfRange, j.Proposed+j.Taken, MaxVacancies)
	}
	checkOneOf(&p, "spanish_level", j.SpanishLevel, false, SpanishLevelList)
	checkOneOf(&p, "status", j.Status, true, OfferStatusList)
	return p
}

// Home is a home in a village for a family: on its own, or tied to a job
// offer (JobID).
type Home struct {
	ID            int64
	Municipality  string // the village's INE code
	JobID         int64  // the job offer it comes with; 0 for none
	Bedrooms      int
	Rent          int       // euros a month; 0 for free
	AvailableFrom time.Time // a day
	Furnished     bool
	StepFree      bool   // step-free access
	Notes         string // what else a family should know; public
	Status        string // one of OfferStatusList
	CreatedAt     time.Time
	CreatedBy     int64
	UpdatedAt     time.Time
}

// Validate returns what is wrong with h at now: no bedrooms, rent below
// zero, no day it is available from.
func (h *Home) Validate(now time.Time) Problems {
	var p Problems
	if !fiveDigits(h.Municipality) {
		p.Add("municipality", ProblemRequired)
	}
	checkRange(&p, "bedrooms", h.Bedrooms, 1, MaxBedrooms)
	checkRange(&p, "rent", h.Rent, 0, MaxRent)
	if h.AvailableFrom.IsZero() {
		p.Add("available_from", ProblemRequired)
	}
	checkText(&p, "notes", h.Notes, true, false, MaxJobDescription)
	checkOneOf(&p, "status", h.Status, true, OfferStatusList)
	return p
}

// Village is what matching knows of a village beyond its offers: where it
// is, its services, and how far it is from a hospital and from the nearest
// town with shops and offices. Staff keep it; the municipality proposes
// changes by its link.
type Village struct {
	Code       string // INE code
	Name       string
	Region     string   // INE code of the autonomous community
	Services   []string // keys of Services
	HospitalKm int      // by road; 0 for unknown
	TownKm     int
	UpdatedAt  time.Time
}

// Has reports whether the village has service s.
func (v *Village) Has(s string) bool {
	for _, x := range v.Services {
		if x == s {
			return true
		}
	}
	return false
}

// MaxKm bounds the distances of a village.
const MaxKm = 500

// Validate returns what is wrong with v.
func (v *Village) Validate() Problems {
	var p Problems
	if !fiveDigits(v.Code) {
		p.Add("code", ProblemRequired)
	}
	for _, s := range v.Services {
		if checkOneOf(&p, "services", s, true, ServiceList); p.Has("services") {
			break
		}
	}
	checkRange(&p, "hospital_km", v.HospitalKm, 0, MaxKm)
	checkRange(&p, "town_km", v.TownKm, 0, MaxKm)
	return p
}

// OfferFilter selects job offers or homes. Zero fields do not filter.
type OfferFilter struct {
	Municipality string
	Status       []string
}

// OfferService keeps the villages' job offers, homes and facts. Each change
// is one transaction with its audit entry (by the staff account, or the
// municipality's link when By is 0). Returns EINVALID (Problems) for what
// Validate finds, ENOTFOUND for an unknown offer or a municipality without
// an approved sign-up.
type OfferService interface {
	CreateJob(ctx context.Context, j *Job, by int64, now time.Time) error
	// UpdateJob replaces the job's fields staff may change (not its
	// counts); ECONFLICT for a filled job.
	UpdateJob(ctx context.Context, j *Job, by int64, now time.Time) error
	// WithdrawJob withdraws it; ECONFLICT while a proposal holds it or
	// when it is withdrawn already. A home tied to it stays.
	WithdrawJob(ctx context.Context, id, by int64, now time.Time) error
	FindJob(ctx context.Context, id int64) (*Job, error)
	FindJobs(ctx context.Context, f OfferFilter) ([]*Job, error)

	CreateHome(ctx context.Context, h *Home, by int64, now time.Time) error
	UpdateHome(ctx context.Context, h *Home, by int64, now time.Time) error
	WithdrawHome(ctx context.Context, id, by int64, now time.Time) error
	FindHome(ctx context.Context, id int64) (*Home, error)
	FindHomes(ctx context.Context, f OfferFilter) ([]*Home, error)

	// SaveVillage stores v's services and distances, and the services on
	// the village's published profile.
	SaveVillage(ctx context.Context, v *Village, by int64, now time.Time) error
	// FindVillage returns the facts of an approved municipality (its
	// name and region from its sign-up, services from its profile).
	FindVillage(ctx context.Context, code string) (*Village, error)
	FindVillages(ctx context.Context) ([]*Village, error)
}

// fiveDigits reports whether s is an INE municipality code.
func fiveDigits(s string) bool {
	if len(s) != 5 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

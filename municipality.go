package senderos

// MunicipalitySignup is what a municipality tells the programme when it
// wants to take part.
type MunicipalitySignup struct {
	// Code is the INE code; Name, Province and Region are filled from
	// the official list, never from what was typed.
	Code     string `json:"ine_code"`
	Name     string `json:"name"`
	Province string `json:"province"`
	Region   string `json:"region"`

	ContactName string `json:"contact_name"`
	Role        string `json:"role"`
	Email       string `json:"email"`
	Phone       string `json:"phone"`

	Population int `json:"population"`

	Homes   int `json:"homes"`    // homes available for newcomers
	RentMin int `json:"rent_min"` // euros a month
	RentMax int `json:"rent_max"`

	Jobs     []JobOffer `json:"jobs,omitempty"`
	Services []string   `json:"services"` // keys of Services

	// Description is Markdown as typed; it is rendered with goldmark and
	// sanitised with bluemonday wherever it is shown.
	Description string `json:"description"`
}

// The bounds of a job offer, whoever types it (the municipality's form or
// staff): at most MaxJobCount posts, and a description of at most
// MaxJobDescription characters.
const (
	MaxJobCount       = 500
	MaxJobDescription = 1000
)

// JobOffer is work a municipality knows of.
type JobOffer struct {
	Sector      string `json:"sector"`
	Count       int    `json:"count"`
	Description string `json:"description"`
}

package senderos

// KindHost is a submission from people of a village who offer to welcome a
// newcomer family: a host family or a mentor (the community's sponsoring).
const KindHost Kind = "host"

// Host kinds.
const (
	HostFamily = "family" // a household of the village that welcomes a family
	HostMentor = "mentor" // one person who accompanies a family
)

// HostSignup is what a host family or a mentor tells the programme through
// the site's form. The contact is personal data, sealed like a family's.
type HostSignup struct {
	// Code is the village's INE code; Name, Province and Region are
	// filled from the official list, never from what was typed.
	Code     string `json:"ine_code"`
	Name     string `json:"name"`
	Province string `json:"province"`
	Region   string `json:"region"`

	Kind      string   `json:"kind"`      // HostFamily or HostMentor
	People    int      `json:"people"`    // people in the host's household (1 for a mentor)
	Languages []string `json:"languages"` // ISO 639-1 codes they speak
	Offers    []string `json:"offers"`    // keys of HostOfferList: what they offer to do
	About     string   `json:"about"`     // free text, stored as typed

	Contact Contact `json:"contact"`
}

// MaxHostPeople bounds a host household.
const MaxHostPeople = 20

// Host is an approved host family or mentor, as matching sees it: no
// contact details.
type Host struct {
	ID           int64 // the sign-up's submission ID
	Municipality string
	Kind         string
	Languages    []string
	Offers       []string
}

// NewHost returns the matching view of an approved host sign-up.
func NewHost(s *Submission) *Host {
	h := s.Host
	return &Host{ID: s.ID, Municipality: h.Code, Kind: h.Kind,
		Languages: append([]string{}, h.Languages...), Offers: append([]string{}, h.Offers...)}
}

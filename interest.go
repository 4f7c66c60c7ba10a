package senderos

// Interest is what a family tells the programme when they say they would
// like to move to a village. It asks only what the itinerary needs: never
// nationality, religion or health.
type Interest struct {
	Adults   int     `json:"adults"`
	Children []Child `json:"children,omitempty"`

	Languages    []string `json:"languages"`     // ISO 639-1 codes
	SpanishLevel string   `json:"spanish_level"` // one of SpanishLevels

	City     string `json:"city"`
	Province string `json:"province_code"` // INE province code, two digits

	Sectors        []string `json:"sectors"` // work experience, keys of Sectors
	Skills         string   `json:"skills"`  // free text, stored as typed
	DrivingLicence bool     `json:"driving_licence"`

	Regions []string `json:"regions"` // INE autonomous community codes, or ["anywhere"]

	Bedrooms          int  `json:"bedrooms"` // housing size needed
	NeedsSchool       bool `json:"needs_school"`
	NeedsHealthCentre bool `json:"needs_health_centre"`

	MoveWhen string `json:"move_when"` // one of MoveWhens

	Contact Contact `json:"contact"`
}

// Child is one child in a moving household.
type Child struct {
	Age   int    `json:"age"`
	Stage string `json:"stage,omitempty"` // one of SchoolStages
}

// Contact is how a person wants to be reached.
type Contact struct {
	Name     string `json:"name"`
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
	Language string `json:"language"` // es, en, fr or ar
	Channel  string `json:"channel"`  // one of Channels
}

// The values of the closed lists the forms offer (vocabulary.go).
var (
	SpanishLevels = SpanishLevelList.Values()
	SchoolStages  = SchoolStageList.Values()
	MoveWhens     = MoveWhenList.Values()
	Channels      = ChannelList.Values()
	Sectors       = SectorList.Values()
	Services      = ServiceList.Values()
	Languages     = []string{"es", "en", "fr", "ar"}
)

// Anywhere stands for "any region" in Interest.Regions.
const Anywhere = "anywhere"

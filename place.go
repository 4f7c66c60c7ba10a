package senderos

// Place is a municipality in INE's official list.
type Place struct {
	Code         string `json:"ine_code"` // five digits
	Name         string `json:"name"`
	ProvinceCode string `json:"province_code"`
	Province     string `json:"province"`
	RegionCode   string `json:"region_code"` // autonomous community
	Region       string `json:"region"`
}

// Area is a province or an autonomous community.
type Area struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// PlaceService answers questions about the official list of municipalities.
type PlaceService interface {
	// FindPlace returns the municipality with an INE code, or ENOTFOUND.
	FindPlace(code string) (Place, error)
	// FindPlaces returns the municipalities of a province (any province
	// when provinceCode is empty) whose name matches name, ignoring case,
	// accents and either side of a bilingual name ("Alacant/Alicante"):
	// the exact matches if there are any, else the names that start with
	// it. At most limit results.
	FindPlaces(provinceCode, name string, limit int) ([]Place, error)
	// Provinces and Regions list the areas, ordered by code.
	Provinces() []Area
	Regions() []Area
}

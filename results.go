package senderos

import (
	"context"
	"time"
)

// The public results: what the programme achieves, counted from its
// records, by year and by region (autonomous community), for the site. No
// figure under SmallNumber is shown, nothing is broken down below region,
// and erased records are never counted.

// ResultsSince is the first year the public results count: the portal's
// records start after the programme's published 2019–2023 figures, which
// the site keeps as history.
const ResultsSince = 2024

// RegionResults is one region's figures in one year.
type RegionResults struct {
	// Region is the INE code of the autonomous community (or autonomous
	// city), two digits; Name its official name, as atlas has it.
	Region string `json:"region"`
	Name   string `json:"name"`
	// Families are the family units supported (cases opened in the
	// year) and People the people in them, by the region of the
	// province the family signed up from.
	Families PublicFigure `json:"families"`
	People   PublicFigure `json:"people"`
	// JobOffers are the job offers identified (stored in the year),
	// Placed the participants placed in work (matches agreed in the
	// year), Municipalities the villages taking part (published by the
	// year's end and still published): by the village's region.
	JobOffers      PublicFigure `json:"job_offers"`
	Placed         PublicFigure `json:"placed"`
	Municipalities PublicFigure `json:"municipalities"`
}

// YearResults is one year's figures, by region in code order. A region
// with nothing to count in the year is left out.
type YearResults struct {
	Year    int             `json:"year"`
	Regions []RegionResults `json:"regions"`
}

// Results are the public results, by year from ResultsSince to the
// current year, oldest first.
type Results struct {
	Years []YearResults `json:"years"`
	// At is when they were counted.
	At time.Time `json:"at"`
}

// RegionCounts are one region's exact figures in one year, before the
// small-number rule.
type RegionCounts struct {
	Families, People, JobOffers, Placed, Municipalities int
}

// Zero reports whether there is nothing to count.
func (c RegionCounts) Zero() bool { return c == RegionCounts{} }

// Public returns c as the public may see it, for region.
func (c RegionCounts) Public(region string) RegionResults {
	return RegionResults{
		Region:   region,
		Families: Public(c.Families), People: Public(c.People),
		JobOffers: Public(c.JobOffers), Placed: Public(c.Placed), Municipalities: Public(c.Municipalities),
	}
}

// ResultsService counts the public results from the records.
type ResultsService interface {
	// PublicResults returns the results of every year from ResultsSince
	// to now's, each figure under SmallNumber shown as fewer.
	PublicResults(ctx context.Context, now time.Time) (*Results, error)
}

// RegionOfProvince returns the INE code of the autonomous community (or
// autonomous city) of a province's INE code, "" for an unknown province.
func RegionOfProvince(province string) string { return provinceRegions[province] }

// provinceRegions maps INE province codes to their autonomous community's.
var provinceRegions = map[string]string{
	"01": "16", // Araba/Álava
	"02": "08", // Albacete
	"03": "10", // Alacant/Alicante
	"04": "01", // Almería
	"05": "07", // Ávila
	"06": "11", // Badajoz
	"07": "04", // Illes Balears
	"08": "09", // Barcelona
	"09": "07", // Burgos
	"10": "11", // Cáceres
	"11": "01", // Cádiz
	"12": "10", // Castelló/Castellón
	"13": "08", // Ciudad Real
	"14": "01", // Córdoba
	"15": "12", // A Coruña
	"16": "08", // Cuenca
	"17": "09", // Girona
	"18": "01", // Granada
	"19": "08", // Guadalajara
	"20": "16", // Gipuzkoa
	"21": "01", // Huelva
	"22": "02", // Huesca
	"23": "01", // Jaén
	"24": "07", // León
	"25": "09", // Lleida
	"26": "17", // La Rioja
	"27": "12", // Lugo
	"28": "13", // Madrid
	"29": "01", // Málaga
	"30": "14", // Murcia
	"31": "15", // Navarra
	"32": "12", // Ourense
	"33": "03", // Asturias
	"34": "07", // Palencia
	"35": "05", // Las Palmas
	"36": "12", // Pontevedra
	"37": "07", // Salamanca
	"38": "05", // Santa Cruz de Tenerife
	"39": "06", // Cantabria
	"40": "07", // Segovia
	"41": "01", // Sevilla
	"42": "07", // Soria
	"43": "09", // Tarragona
	"44": "02", // Teruel
	"45": "08", // Toledo
	"46": "10", // València/Valencia
	"47": "07", // Valladolid
	"48": "16", // Bizkaia
	"49": "07", // Zamora
	"50": "02", // Zaragoza
	"51": "18", // Ceuta
	"52": "19", // Melilla
}

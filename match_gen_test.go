package senderos_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	senderos "github.com/cepaim/senderos"
)

// A generated matching world: villages with services and distances, open
// job offers and homes (some tied to a job), hosts, and waiting families.
type world struct {
	pool  *senderos.Pool
	cands []*senderos.Candidate
}

// genVillage is a village to generate offers in: its code, name and region.
type genVillage struct{ code, name, region string }

// genWorld makes a world of nFam families and nJobs job offers with about
// as many homes in the villages vs, from r.
func genWorld(r *rand.Rand, vs []genVillage, nFam, nJobs int, at time.Time) world {
	p := &senderos.Pool{Villages: map[string]*senderos.Village{}}
	for _, g := range vs {
		v := &senderos.Village{Code: g.code, Name: g.name, Region: g.region}
		for _, s := range senderos.Services {
			if r.IntN(100) < 60 {
				v.Services = append(v.Services, s)
			}
		}
		if r.IntN(10) > 0 {
			v.HospitalKm = 3 + r.IntN(90)
		}
		if r.IntN(10) > 0 {
			v.TownKm = 1 + r.IntN(50)
		}
		p.Villages[g.code] = v
	}
	levels := senderos.SpanishLevels
	id := int64(0)
	for range nJobs {
		g := vs[r.IntN(len(vs))]
		id++
		j := &senderos.Job{ID: id, Municipality: g.code, Employer: fmt.Sprintf("Empresa %d", id),
			Sector: senderos.Sectors[r.IntN(len(senderos.Sectors))], Status: senderos.OfferOpen,
			Start: at.AddDate(0, 0, r.IntN(150)), Vacancies: 1 + r.IntN(3)*r.IntN(2),
			NeedsLicence: r.IntN(4) == 0, NeedsExperience: r.IntN(3) == 0, HomeIncluded: r.IntN(3) == 0}
		if r.IntN(3) == 0 {
			j.SpanishLevel = levels[1+r.IntN(2)]
		}
		if r.IntN(8) == 0 {
			j.Proposed = r.IntN(j.Vacancies + 1)
		}
		p.Jobs = append(p.Jobs, j)
		// A home comes with a third of the jobs; the others rely on the
		// village's homes.
		tied := 0
		if j.HomeIncluded {
			tied = 1 + r.IntN(j.Vacancies)
		} else if r.IntN(6) == 0 {
			tied = 1
		}
		for range tied {
			p.Homes = append(p.Homes, genHome(r, &id, g.code, j.ID, at))
		}
	}
	for len(p.Homes) < nJobs {
		g := vs[r.IntN(len(vs))]
		p.Homes = append(p.Homes, genHome(r, &id, g.code, 0, at))
	}
	langs := []string{"es", "ar", "fr", "en", "ro", "uk", "wo"}
	for _, g := range vs {
		for range r.IntN(3) {
			id++
			h := &senderos.Host{ID: id, Municipality: g.code, Kind: senderos.HostFamily, Languages: []string{"es"}}
			if r.IntN(2) == 0 {
				h.Languages = append(h.Languages, langs[1+r.IntN(len(langs)-1)])
			}
			p.Hosts = append(p.Hosts, h)
		}
	}
	regions := map[string]bool{}
	var regs []string
	for _, g := range vs {
		if !regions[g.region] {
			regions[g.region] = true
			regs = append(regs, g.region)
		}
	}
	var cs []*senderos.Candidate
	for i := range nFam {
		c := &senderos.Candidate{CaseID: int64(i + 1), Reference: fmt.Sprintf("NS-%05d", i+1),
			Household: 1 + r.IntN(6), Licence: r.IntN(2) == 0, NeedsHealthCentre: r.IntN(5) == 0,
			SpanishLevel: levels[r.IntN(len(levels))], WaitingSince: at.AddDate(0, 0, -r.IntN(500))}
		c.SchoolAge = c.Household > 2 && r.IntN(2) == 0
		switch r.IntN(4) {
		case 0:
			c.Regions = []string{senderos.Anywhere}
		case 1:
		default:
			for range 1 + r.IntN(3) {
				c.Regions = append(c.Regions, regs[r.IntN(len(regs))])
			}
		}
		if r.IntN(3) == 0 {
			c.MoveBy = at.AddDate(0, 0, 30+r.IntN(150))
		}
		for range r.IntN(3) {
			c.Work = append(c.Work, senderos.Work{Sector: senderos.Sectors[r.IntN(len(senderos.Sectors))], Years: r.IntN(9)})
		}
		c.Languages = []string{langs[r.IntN(len(langs))]}
		if r.IntN(2) == 0 {
			c.Languages = append(c.Languages, langs[r.IntN(len(langs))])
		}
		cs = append(cs, c)
	}
	return world{pool: p, cands: cs}
}

func genHome(r *rand.Rand, id *int64, code string, job int64, at time.Time) *senderos.Home {
	*id++
	return &senderos.Home{ID: *id, Municipality: code, JobID: job, Bedrooms: 1 + r.IntN(4),
		AvailableFrom: at.AddDate(0, 0, r.IntN(120)), Status: senderos.OfferOpen}
}

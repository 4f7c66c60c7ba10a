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
}

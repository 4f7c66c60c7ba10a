package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func testPublishKeepsFirstPublishedAt(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	s := NewMunicipality()
	MustCreate(t, st.Submissions, s)
	p := senderos.NewProfile(s)
	if err := st.Profiles.PublishProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	if p.PublishedAt.IsZero() || !p.UpdatedAt.Equal(p.PublishedAt) {
		t.Errorf("PublishedAt %v, UpdatedAt %v", p.PublishedAt, p.UpdatedAt)
	}
	got, err := st.Profiles.FindProfile(ctx, s.Municipality.Code)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Errorf("FindProfile:\n got %+v\nwant %+v", got, p)
	}

	first := p.PublishedAt
	time.Sleep(2 * time.Millisecond)
	again := senderos.NewProfile(s)
	again.Homes = 9
	if err := st.Profiles.PublishProfile(ctx, again); err != nil {
		t.Fatal(err)
	}
	got, err = st.Profiles.FindProfile(ctx, s.Municipality.Code)
	if err != nil {
		t.Fatal(err)
	}
	if !got.PublishedAt.Equal(first) || !got.UpdatedAt.After(first) || got.Homes != 9 {
		t.Errorf("republished: published %v (want %v), updated %v, homes %d", got.PublishedAt, first, got.UpdatedAt, got.Homes)
	}
	_, err = st.Profiles.FindProfile(ctx, "00000")
	wantCode(t, "missing profile", err, senderos.ENOTFOUND)
	wantCode(t, "no name", st.Profiles.PublishProfile(ctx, &senderos.Profile{Code: "1"}), senderos.EINVALID)
}

func testAddsJobOffer(t *testing.T, open OpenServices) {
	ctx, st := context.Background(), open(t)
	p := &senderos.Profile{Code: "44216", Name: "Teruel", Jobs: []senderos.JobOffer{{Sector: "care", Count: 1}}}
	if err := st.Profiles.PublishProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	job := senderos.JobOffer{Sector: "livestock", Count: 2, Description: "Pastor/a"}
	got, err := st.Profiles.AddJobOffer(ctx, "44216", job)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Jobs) != 2 || got.Jobs[1] != job {
		t.Errorf("jobs = %+v", got.Jobs)
	}
	stored, err := st.Profiles.FindProfile(ctx, "44216")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, got) {
		t.Errorf("stored:\n got %+v\nwant %+v", stored, got)
	}
	_, err = st.Profiles.AddJobOffer(ctx, "00000", job)
	wantCode(t, "missing profile", err, senderos.ENOTFOUND)
	_, err = st.Profiles.AddJobOffer(ctx, "44216", senderos.JobOffer{Sector: "nope", Count: 1})
	wantCode(t, "unknown sector", err, senderos.EINVALID)
}

func testListsProfilesByName(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Profiles
	for _, p := range []*senderos.Profile{{Code: "3", Name: "Cuenca"}, {Code: "1", Name: "Ateca"}, {Code: "2", Name: "Borja"}} {
		if err := svc.PublishProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := svc.FindProfiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	if want := []string{"Ateca", "Borja", "Cuenca"}; !reflect.DeepEqual(names, want) {
		t.Errorf("FindProfiles = %v, want %v", names, want)
	}
}

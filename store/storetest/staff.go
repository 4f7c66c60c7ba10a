package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/cepaim/senderos"
)

func testCreatesAndFindsStaff(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Staff
	st := &senderos.Staff{
		Email: "  Ana.Garcia@Example.ORG ", Name: "Ana García", Role: senderos.RoleTechnician, Lang: "es",
		SetupTokenHash: "ab12", SetupExpiresAt: time.Date(2026, 1, 2, 3, 4, 5, 6789, time.UTC),
	}
	if err := svc.CreateStaff(ctx, st); err != nil {
		t.Fatal(err)
	}
	if st.ID == 0 || st.CreatedAt.IsZero() || !st.UpdatedAt.Equal(st.CreatedAt) {
		t.Errorf("CreateStaff set id %d, created %v, updated %v", st.ID, st.CreatedAt, st.UpdatedAt)
	}
	if st.Email != "ana.garcia@example.org" {
		t.Errorf("Email = %q, want it trimmed and in lower case", st.Email)
	}
	for name, find := range map[string]func() (*senderos.Staff, error){
		"ByID":         func() (*senderos.Staff, error) { return svc.FindStaffByID(ctx, st.ID) },
		"ByEmail":      func() (*senderos.Staff, error) { return svc.FindStaffByEmail(ctx, "ANA.garcia@example.org") },
		"BySetupToken": func() (*senderos.Staff, error) { return svc.FindStaffBySetupToken(ctx, "ab12") },
	} {
		got, err := find()
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if !reflect.DeepEqual(got, st) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, st)
		}
	}
	_, err := svc.FindStaffByID(ctx, st.ID+1)
	wantCode(t, "missing id", err, senderos.ENOTFOUND)
	_, err = svc.FindStaffByEmail(ctx, "nobody@example.org")
	wantCode(t, "missing e-mail", err, senderos.ENOTFOUND)
	_, err = svc.FindStaffBySetupToken(ctx, "")
	wantCode(t, "empty token", err, senderos.ENOTFOUND)
}

func testDuplicateStaffEmailConflicts(t *testing.T, open OpenServices) {
	svc := open(t).Staff
	MustCreateStaff(t, svc, "ana@example.org", senderos.RoleAdmin)
	err := svc.CreateStaff(context.Background(), &senderos.Staff{Email: "ANA@example.org", Name: "Other", Role: senderos.RoleTechnician})
	wantCode(t, "same e-mail in upper case", err, senderos.ECONFLICT)
}

func testErrStaffInvalid(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Staff
	for name, st := range map[string]*senderos.Staff{
		"NoEmail":     {Name: "A", Role: senderos.RoleAdmin},
		"BadEmail":    {Email: "ana", Role: senderos.RoleAdmin},
		"UnknownRole": {Email: "ana@example.org", Role: "boss"},
	} {
		wantCode(t, name, svc.CreateStaff(ctx, st), senderos.EINVALID)
	}
	st := MustCreateStaff(t, svc, "ana@example.org", senderos.RoleAdmin)
	st.Role = "boss"
	wantCode(t, "update to an unknown role", svc.UpdateStaff(ctx, st), senderos.EINVALID)
	wantCode(t, "update a missing account", svc.UpdateStaff(ctx, &senderos.Staff{ID: st.ID + 1, Role: senderos.RoleAdmin}), senderos.ENOTFOUND)
}

func testUpdatesStaff(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Staff
	st := MustCreateStaff(t, svc, "ana@example.org", senderos.RoleTechnician)
	created := st.CreatedAt
	time.Sleep(2 * time.Millisecond)

	st.Email = "changed@example.org" // not written
	st.Name, st.Role, st.Lang = "Ana G.", senderos.RoleCoordinator, "fr"
	st.PasswordHash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"
	st.TOTPSecret = []byte("12345678901234567890")
	st.TOTPLastStep = 5678
	st.SetupTokenHash, st.SetupExpiresAt = "", time.Time{}
	if err := svc.UpdateStaff(ctx, st); err != nil {
		t.Fatal(err)
	}
	if !st.UpdatedAt.After(created) {
		t.Errorf("UpdatedAt %v not after CreatedAt %v", st.UpdatedAt, created)
	}
	got, err := svc.FindStaffByID(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Email = "ana@example.org"
	if !reflect.DeepEqual(got, st) {
		t.Errorf("stored:\n got %+v\nwant %+v", got, st)
	}
	if !got.Ready() {
		t.Error("a set-up account is not Ready")
	}
}

func testListsStaffByName(t *testing.T, open OpenServices) {
	ctx, svc := context.Background(), open(t).Staff
	for _, name := range []string{"Carmen", "Ana", "Berta"} {
		if err := svc.CreateStaff(ctx, &senderos.Staff{Email: name + "@example.org", Name: name, Role: senderos.RoleTechnician}); err != nil {
			t.Fatal(err)
		}
	}
	staff, err := svc.FindStaff(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, st := range staff {
		names = append(names, st.Name)
	}
	if want := []string{"Ana", "Berta", "Carmen"}; !reflect.DeepEqual(names, want) {
		t.Errorf("FindStaff = %v, want %v", names, want)
	}
}

package storetest

import (
	"context"
	"testing"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/seal"
	"github.com/cepaim/senderos/store/sqldb"
)

// RunRekeyMatch stores a job offer's contact, a change's contact and an
// answer's note under one key, re-seals them under a new one with Rekey,
// and checks that they read back with the new key alone. open opens the
// same database each time with keys.
func RunRekeyMatch(t *testing.T, open func(keys *seal.Keyring) (*sqldb.DB, error)) {
	ctx := context.Background()
	oldKeys, oldKey := NewKey(t)
	db, err := open(oldKeys)
	if err != nil {
		t.Fatal(err)
	}
	p := MustPendingProposal(t, db)
	st := ServicesOf(db)
	if _, err := st.Match.Respond(ctx, p.ID, senderos.Response{Party: senderos.PartyFamily, Accept: true,
		Via: senderos.ViaFamilyPage, Note: "Una nota sellada"}, days(3)); err != nil {
		t.Fatal(err)
	}
	change := &senderos.VillageChange{Municipality: Village, Kind: senderos.ChangeAddJob, Job: NewJob(Village, 1)}
	change.Job.Contact.Name = "Contacto del cambio"
	if err := st.Villages.ProposeChange(ctx, change, days(3)); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	newKeys, newKey := NewKey(t)
	if db, err = open(MustKeys(newKey + "," + oldKey)); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Rekey(ctx, nil); err != nil {
		t.Fatal(err)
	} else if n < 3 {
		t.Errorf("re-sealed %d values, want at least 3", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	if db, err = open(newKeys); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st = ServicesOf(db)
	j, err := st.Offers.FindJob(ctx, p.JobID)
	if err != nil || j.Contact.Name != "Pedro Ruiz" {
		t.Errorf("job contact after rekeying: %+v, %v", j, err)
	}
	got, err := st.Match.FindProposal(ctx, p.ID)
	if err != nil || len(got.Responses) != 1 || got.Responses[0].Note != "Una nota sellada" {
		t.Errorf("answer after rekeying: %+v, %v", got, err)
	}
	cs, err := st.Villages.FindChanges(ctx, Village)
	if err != nil || len(cs) != 1 || cs[0].Job.Contact.Name != "Contacto del cambio" {
		t.Errorf("change after rekeying: %+v, %v", cs, err)
	}
}

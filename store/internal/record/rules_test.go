package record

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/seal"
)

// wantError fails t unless err is EINVALID with message msg.
func wantError(t *testing.T, err error, msg string) {
	t.Helper()
	if senderos.ErrorCode(err) != senderos.EINVALID || senderos.ErrorMessage(err) != msg {
		t.Errorf("got %v, want %s %q", err, senderos.EINVALID, msg)
	}
}

func TestValidateStaff(t *testing.T) {
	const msgEmail = "A valid e-mail address is required."
	for _, tt := range []struct {
		name  string
		st    *senderos.Staff
		err   string
		email string // as stored
	}{
		{"LowerCasesEmail", &senderos.Staff{Email: "  Ana@Cepaim.ORG ", Role: senderos.RoleAdmin}, "", "ana@cepaim.org"},
		{"ErrNil", nil, "Account required.", ""},
		{"ErrEmailEmpty", &senderos.Staff{Email: "  ", Role: senderos.RoleAdmin}, msgEmail, ""},
		{"ErrEmailWithoutAt", &senderos.Staff{Email: "ana.cepaim.org", Role: senderos.RoleAdmin}, msgEmail, ""},
		{"ErrRoleUnknown", &senderos.Staff{Email: "ana@cepaim.org", Role: "boss"}, `Unknown role "boss".`, ""},
		{"ErrRoleEmpty", &senderos.Staff{Email: "ana@cepaim.org"}, `Unknown role "".`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateStaff(tt.st)
			if tt.err != "" {
				wantError(t, err, tt.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.st.Email != tt.email {
				t.Errorf("e-mail %q, want %q", tt.st.Email, tt.email)
			}
		})
	}
	for _, r := range senderos.Roles {
		if err := ValidateRole(r); err != nil {
			t.Errorf("ValidateRole(%s) = %v", r, err)
		}
	}
}

func TestValidateProfile(t *testing.T) {
	for _, tt := range []struct {
		name string
		p    *senderos.Profile
		err  string
	}{
		{"Valid", &senderos.Profile{Code: "44216", Name: "Teruel"}, ""},
		{"ErrNil", nil, "Profile required."},
		{"ErrCodeBlank", &senderos.Profile{Code: " ", Name: "Teruel"}, "Municipality code required."},
		{"ErrNameBlank", &senderos.Profile{Code: "44216", Name: "\t"}, "Municipality name required."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateProfile(tt.p)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantError(t, err, tt.err)
		})
	}
}

func TestValidateJob(t *testing.T) {
	for _, tt := range []struct {
		name string
		job  senderos.JobOffer
		err  string
	}{
		{"OnePost", senderos.JobOffer{Sector: "care", Count: 1}, ""},
		{"ErrSectorUnknown", senderos.JobOffer{Sector: "mining", Count: 1}, `Unknown sector "mining".`},
		{"ErrNoPost", senderos.JobOffer{Sector: "care", Count: 0}, "A job offer needs at least one post."},
		{"ErrNegativePosts", senderos.JobOffer{Sector: "care", Count: -1}, "A job offer needs at least one post."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateJob(tt.job)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantError(t, err, tt.err)
		})
	}
}

func TestSortProfiles(t *testing.T) {
	ps := []*senderos.Profile{{Code: "2", Name: "B"}, {Code: "3", Name: "A"}, {Code: "1", Name: "B"}}
	SortProfiles(ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Name+p.Code)
	}
	if want := []string{"A3", "B1", "B2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SortProfiles = %v, want %v", got, want)
	}
}

func TestValidateAudit(t *testing.T) {
	for _, tt := range []struct {
		name string
		e    *senderos.AuditEntry
		err  string
	}{
		{"Valid", &senderos.AuditEntry{Actor: "ana@cepaim.org", Action: "login", Outcome: "ok"}, ""},
		{"ErrNil", nil, "Audit entry required."},
		{"ErrActionBlank", &senderos.AuditEntry{Actor: "ana@cepaim.org", Action: " ", Outcome: "ok"}, "Audit action required."},
		{"ErrActorBlank", &senderos.AuditEntry{Actor: " ", Action: "login", Outcome: "ok"}, "Audit actor required."},
		{"ErrOutcomeMissing", &senderos.AuditEntry{Actor: "ana@cepaim.org", Action: "login"}, "Audit outcome required."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateAudit(tt.e)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantError(t, err, tt.err)
		})
	}
}

func TestReason(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   string
		want string
	}{
		{"Short", "550 mailbox unavailable", "550 mailbox unavailable"},
		{"ExactlyMax", strings.Repeat("a", maxReason), strings.Repeat("a", maxReason)},
		{"OneOver", strings.Repeat("a", maxReason+1), strings.Repeat("a", maxReason)},
		// "ñ" is two bytes: the 500th byte is the first half of one.
		{"CutsOnRune", strings.Repeat("a", maxReason-1) + "ñb", strings.Repeat("a", maxReason-1)},
		{"KeepsWholeRuneAtEnd", strings.Repeat("a", maxReason-2) + "ñb", strings.Repeat("a", maxReason-2) + "ñ"},
		{"ThreeByteRunes", strings.Repeat("€", 200), strings.Repeat("€", maxReason/3)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Reason(tt.in)
			if got != tt.want {
				t.Errorf("Reason = %q (%d bytes), want %d bytes", got, len(got), len(tt.want))
			}
			if !utf8.ValidString(got) {
				t.Errorf("Reason cut a rune: %q", got)
			}
		})
	}
}

func TestPrepare(t *testing.T) {
	now := time.Date(2025, 5, 1, 12, 0, 0, 123456789, time.FixedZone("CEST", 2*3600))
	at := time.Date(2025, 5, 1, 11, 59, 0, 999, time.UTC)
	want := time.Date(2025, 5, 1, 10, 0, 0, 123456000, time.UTC)

	s := &senderos.Submission{Consent: senderos.Consent{At: at}}
	Prepare(s, now)
	if s.Status != senderos.StatusNew {
		t.Errorf("status %q, want %q", s.Status, senderos.StatusNew)
	}
	if s.CreatedAt != want || s.UpdatedAt != want {
		t.Errorf("created %v, updated %v; want %v in UTC to the microsecond", s.CreatedAt, s.UpdatedAt, want)
	}
	if s.Consent.At != at.Truncate(time.Microsecond) {
		t.Errorf("consent at %v, want %v", s.Consent.At, at.Truncate(time.Microsecond))
	}
	if !s.ExpiresAt.IsZero() {
		t.Errorf("expires at %v, want never", s.ExpiresAt)
	}

	s = &senderos.Submission{Status: senderos.StatusSuspected, ExpiresAt: now}
	Prepare(s, now)
	if s.Status != senderos.StatusSuspected {
		t.Errorf("status %q, want %q kept", s.Status, senderos.StatusSuspected)
	}
	if s.ExpiresAt != want {
		t.Errorf("expires at %v, want %v", s.ExpiresAt, want)
	}
}

func TestOptionalTime(t *testing.T) {
	if got := OptionalTime(time.Time{}); !got.IsZero() {
		t.Errorf("OptionalTime(zero) = %v", got)
	}
	in := time.Date(2025, 1, 1, 0, 0, 0, 1500, time.FixedZone("X", 3600))
	if got, want := OptionalTime(in), time.Date(2024, 12, 31, 23, 0, 0, 1000, time.UTC); got != want {
		t.Errorf("OptionalTime = %v, want %v", got, want)
	}
}

func TestRenewConsent(t *testing.T) {
	at := time.Date(2025, 6, 1, 8, 0, 0, 1999, time.FixedZone("X", 3600))
	cur := &senderos.Submission{ID: 4, Consent: senderos.Consent{PrivacyVersion: "1", Lang: "es", At: at.Add(-time.Hour)}}
	if e := RenewConsent(cur, senderos.Consent{PrivacyVersion: "1", Lang: "fr", At: at}); e != nil || cur.Consent.Lang != "es" {
		t.Errorf("the same version renews: event %+v, consent %+v", e, cur.Consent)
	}
	e := RenewConsent(cur, senderos.Consent{PrivacyVersion: "2", Lang: "fr", At: at})
	want := &senderos.Event{SubmissionID: 4, At: Time(at), Type: senderos.EventConsent, From: "1", To: "2"}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("event %+v, want %+v", e, want)
	}
	if cur.Consent != (senderos.Consent{PrivacyVersion: "2", Lang: "fr", At: Time(at)}) {
		t.Errorf("consent %+v, want version 2 in French at %v", cur.Consent, Time(at))
	}
}

func TestPlanAssignee(t *testing.T) {
	now := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name     string
		from, to int64 // current assignee; the update's AssigneeID
		fromText string
		toText   string
	}{
		{"AssignsSomebody", 0, 9, "", "9"},
		{"Reassigns", 7, 9, "7", "9"},
		{"Unassigns", 7, -1, "7", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := &senderos.Submission{ID: 1, Kind: senderos.KindInterest, Status: senderos.StatusNew, AssigneeID: tt.from}
			events, err := Plan(s, senderos.SubmissionUpdate{AssigneeID: tt.to}, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(events) != 1 || events[0].From != tt.fromText || events[0].To != tt.toText {
				t.Fatalf("events %+v, want one from %q to %q", events, tt.fromText, tt.toText)
			}
		})
	}
	t.Run("UnassignsNobody", func(t *testing.T) {
		s := &senderos.Submission{ID: 1, Kind: senderos.KindInterest, Status: senderos.StatusNew}
		if events, err := Plan(s, senderos.SubmissionUpdate{AssigneeID: -1}, now); err != nil || len(events) != 0 {
			t.Errorf("Plan = %+v, %v; want nothing", events, err)
		}
	})
	t.Run("ErrAssigneeMessage", func(t *testing.T) {
		s := &senderos.Submission{ID: 1, Kind: senderos.KindInterest, Status: senderos.StatusNew}
		_, err := Plan(s, senderos.SubmissionUpdate{AssigneeID: -2}, now)
		wantError(t, err, "Unknown assignee.")
	})
	t.Run("ErrStatusMessage", func(t *testing.T) {
		s := &senderos.Submission{ID: 1, Kind: senderos.KindInterest, Status: senderos.StatusNew}
		_, err := Plan(s, senderos.SubmissionUpdate{Status: senderos.StatusRelocated}, now)
		if senderos.ErrorCode(err) != senderos.ECONFLICT || senderos.ErrorMessage(err) != `A record cannot go from "new" to "relocated".` {
			t.Errorf("Plan = %v", err)
		}
		if s.Status != senderos.StatusNew {
			t.Errorf("status %s after a refused change", s.Status)
		}
	})
}

func TestSetPayload(t *testing.T) {
	t.Run("ChildrenCountStandsIn", func(t *testing.T) {
		s := &senderos.Submission{Kind: senderos.KindInterest}
		if err := SetPayload(s, []byte(`{"adults":1,"children_count":2}`)); err != nil {
			t.Fatal(err)
		}
		if len(s.Interest.Children) != 2 || s.Interest.Household() != 3 {
			t.Errorf("children %v, household %d; want 2 and 3", s.Interest.Children, s.Interest.Household())
		}
	})
	t.Run("NoChildren", func(t *testing.T) {
		s := &senderos.Submission{Kind: senderos.KindInterest}
		if err := SetPayload(s, []byte(`{"adults":1,"children_count":0}`)); err != nil {
			t.Fatal(err)
		}
		if s.Interest.Children != nil {
			t.Errorf("children %v, want none", s.Interest.Children)
		}
	})
	for _, tt := range []struct {
		name string
		kind senderos.Kind
		data string
	}{
		{"ErrInterestJSON", senderos.KindInterest, `{"adults":`},
		{"ErrMunicipalityJSON", senderos.KindMunicipality, `[`},
		{"ErrKind", "other", `{}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := SetPayload(&senderos.Submission{Kind: tt.kind, Reference: "NS-0000-0000"}, []byte(tt.data)); err == nil {
				t.Error("SetPayload succeeded")
			}
		})
	}
}

func TestNeedsReseal(t *testing.T) {
	for _, tt := range []struct {
		name string
		kind senderos.Kind
		data string
		want bool
	}{
		{"Languages", senderos.KindInterest, `{"languages":["ar"]}`, true},
		{"Children", senderos.KindInterest, `{"children":[]}`, true},
		{"Neither", senderos.KindInterest, `{"adults":2,"children_count":1}`, false},
		{"Municipality", senderos.KindMunicipality, `{"languages":["ar"]}`, false},
		{"BadJSON", senderos.KindInterest, `{"languages":`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := NeedsReseal(tt.kind, []byte(tt.data)); got != tt.want {
				t.Errorf("NeedsReseal = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPayload(t *testing.T) {
	if _, err := Payload(&senderos.Submission{Kind: "other"}); err == nil {
		t.Error("Payload of an unknown kind succeeded")
	}
	data, err := Payload(municipality())
	if err != nil || !strings.Contains(string(data), `"Descripción privada"`) {
		t.Errorf("Payload = %s, %v; want the whole sign-up", data, err)
	}
}

func TestSealString(t *testing.T) {
	keys, err := seal.Parse(seal.Generate())
	if err != nil {
		t.Fatal(err)
	}
	if b, err := SealString(keys, LabelNote, ""); b != nil || err != nil {
		t.Errorf("SealString(\"\") = %x, %v; want nil", b, err)
	}
	if s, err := OpenString(keys, LabelNote, nil); s != "" || err != nil {
		t.Errorf("OpenString(nil) = %q, %v", s, err)
	}
	b, err := SealString(keys, LabelNote, "llamada")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := OpenString(keys, LabelNote, b); s != "llamada" || err != nil {
		t.Errorf("OpenString = %q, %v", s, err)
	}
	if _, err := OpenString(keys, LabelTOTP, b); err == nil {
		t.Error("a note opened as a TOTP secret")
	}
}

func TestUnseal(t *testing.T) {
	keys, err := seal.Parse(seal.Generate())
	if err != nil {
		t.Fatal(err)
	}
	s := interest()
	if err := Unseal(keys, s, nil); err != nil || !reflect.DeepEqual(s, interest()) {
		t.Errorf("Unseal(nil) = %v, changed %+v", err, s.Interest)
	}
	if err := Unseal(keys, s, []byte("not sealed")); err == nil {
		t.Error("Unseal of garbage succeeded")
	}
	data, sealed, err := Seal(keys, municipality())
	if err != nil {
		t.Fatal(err)
	}
	sub := &senderos.Submission{Kind: senderos.KindMunicipality}
	if err := SetPayload(sub, data); err != nil {
		t.Fatal(err)
	}
	if err := Unseal(keys, sub, sealed); err != nil || !reflect.DeepEqual(sub.Municipality, municipality().Municipality) {
		t.Errorf("Unseal = %+v, %v", sub.Municipality, err)
	}
}

// TestJoinMunicipalityMoreJobs reads a sign-up whose clear part lists more
// job offers than its sealed part has descriptions for.
func TestJoinMunicipalityMoreJobs(t *testing.T) {
	s := &senderos.Submission{Kind: senderos.KindMunicipality}
	clear := []byte(`{"ine_code":"44216","jobs":[{"sector":"care","count":1},{"sector":"tourism","count":2}]}`)
	personal := []byte(`{"job_descriptions":["Cuidados"]}`)
	if err := Join(s, clear, personal); err != nil {
		t.Fatal(err)
	}
	if j := s.Municipality.Jobs; len(j) != 2 || j[0].Description != "Cuidados" || j[1].Description != "" {
		t.Errorf("jobs %+v", j)
	}
	if err := Join(s, clear, []byte("{")); err == nil {
		t.Error("Join with broken personal data succeeded")
	}
}

package record

import (
	"slices"
	"strings"

	"github.com/cepaim/senderos"
)

// ValidateStaff checks that st can be stored: an e-mail address and a known
// role. It lower-cases the e-mail, which is how accounts are looked up.
func ValidateStaff(st *senderos.Staff) error {
	if st == nil {
		return senderos.Errorf(senderos.EINVALID, "Account required.")
	}
	st.Email = NormalizeEmail(st.Email)
	if st.Email == "" || !strings.Contains(st.Email, "@") {
		return senderos.Errorf(senderos.EINVALID, "A valid e-mail address is required.")
	}
	return ValidateRole(st.Role)
}

// ValidateRole returns EINVALID unless r is one of senderos.Roles.
func ValidateRole(r senderos.Role) error {
	if !slices.Contains(senderos.Roles, r) {
		return senderos.Errorf(senderos.EINVALID, "Unknown role %q.", r)
	}
	return nil
}

// NormalizeEmail returns an e-mail address as accounts store it.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// ValidateProfile checks that p can be published: a code and a name.
func ValidateProfile(p *senderos.Profile) error {
	switch {
	case p == nil:
		return senderos.Errorf(senderos.EINVALID, "Profile required.")
	case strings.TrimSpace(p.Code) == "":
		return senderos.Errorf(senderos.EINVALID, "Municipality code required.")
	case strings.TrimSpace(p.Name) == "":
		return senderos.Errorf(senderos.EINVALID, "Municipality name required.")
	}
	return nil
}

// ValidateJob checks that a job offer names a known sector and a count.
func ValidateJob(job senderos.JobOffer) error {
	if !slices.Contains(senderos.Sectors, job.Sector) {
		return senderos.Errorf(senderos.EINVALID, "Unknown sector %q.", job.Sector)
	}
	if job.Count < 1 {
		return senderos.Errorf(senderos.EINVALID, "A job offer needs at least one post.")
	}
	return nil
}

// SortProfiles sorts profiles by name, then code.
func SortProfiles(ps []*senderos.Profile) {
	slices.SortFunc(ps, func(a, b *senderos.Profile) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
}

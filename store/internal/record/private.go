package record

import (
	"encoding/json"
	"fmt"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/seal"
)

// Labels bind sealed values to the column they belong in (see seal).
const (
	LabelSubmission = "submission.private"
	LabelNote       = "event.note"
	LabelTOTP       = "staff.totp"
)

// private is the personal part of a submission: what identifies a person,
// is free text they typed, or is not needed to filter (a family's languages
// and their children's ages and stages). It is stored sealed; the rest of
// the payload stays in clear so that staff can filter on it.
type private struct {
	// A family's contact, city, skills, languages and children.
	Contact   *senderos.Contact `json:"contact,omitempty"`
	City      string            `json:"city,omitempty"`
	Skills    string            `json:"skills,omitempty"`
	Languages []string          `json:"languages,omitempty"`
	Children  []senderos.Child  `json:"children,omitempty"`

	// A municipality's contact person and texts.
	ContactName     string   `json:"contact_name,omitempty"`
	Role            string   `json:"role,omitempty"`
	Email           string   `json:"email,omitempty"`
	Phone           string   `json:"phone,omitempty"`
	Description     string   `json:"description,omitempty"`
	JobDescriptions []string `json:"job_descriptions,omitempty"`

	// A host's contact (in Contact), languages (in Languages) and what
	// they wrote about themselves.
	About string `json:"about,omitempty"`
}

// Split returns the two parts of s's payload as JSON: clear, with every
// personal field empty, and personal, holding only those fields.
func Split(s *senderos.Submission) (clear, personal []byte, err error) {
	var p private
	var v any
	switch s.Kind {
	case senderos.KindInterest:
		c := clearInterest{Interest: *s.Interest, ChildrenCount: len(s.Interest.Children)}
		i := &c.Interest
		contact := i.Contact
		p.Contact, p.City, p.Skills, p.Languages, p.Children = &contact, i.City, i.Skills, i.Languages, i.Children
		i.Contact, i.City, i.Skills, i.Languages, i.Children = senderos.Contact{}, "", "", nil, nil
		v = &c
	case senderos.KindMunicipality:
		m := *s.Municipality
		p.ContactName, p.Role, p.Email, p.Phone, p.Description = m.ContactName, m.Role, m.Email, m.Phone, m.Description
		m.ContactName, m.Role, m.Email, m.Phone, m.Description = "", "", "", "", ""
		if m.Jobs != nil {
			m.Jobs = append([]senderos.JobOffer{}, m.Jobs...)
			for i := range m.Jobs {
				p.JobDescriptions = append(p.JobDescriptions, m.Jobs[i].Description)
				m.Jobs[i].Description = ""
			}
		}
		v = &m
	case senderos.KindHost:
		h := *s.Host
		contact := h.Contact
		p.Contact, p.Languages, p.About = &contact, h.Languages, h.About
		h.Contact, h.Languages, h.About = senderos.Contact{}, nil, ""
		v = &h
	default:
		return nil, nil, fmt.Errorf("payload of unknown kind %q", s.Kind)
	}
	if clear, err = json.Marshal(v); err != nil {
		return nil, nil, fmt.Errorf("encode %s payload: %w", s.Kind, err)
	}
	if personal, err = json.Marshal(&p); err != nil {
		return nil, nil, fmt.Errorf("encode %s personal data: %w", s.Kind, err)
	}
	return clear, personal, nil
}

// Join sets s's payload from its clear and personal parts, as Split made
// them. personal may be nil, for a row stored whole in clear.
func Join(s *senderos.Submission, clear, personal []byte) error {
	if err := SetPayload(s, clear); err != nil {
		return err
	}
	return merge(s, personal)
}

// merge fills the personal fields of s's payload from personal; nil leaves
// them as they are.
func merge(s *senderos.Submission, personal []byte) error {
	if personal == nil {
		return nil
	}
	var p private
	if err := json.Unmarshal(personal, &p); err != nil {
		return fmt.Errorf("decode personal data of %s: %w", s.Reference, err)
	}
	switch {
	case s.Interest != nil:
		if p.Contact != nil {
			s.Interest.Contact = *p.Contact
		}
		s.Interest.City, s.Interest.Skills = p.City, p.Skills
		// Rows sealed before migration 0004 keep these in clear until
		// Open moves them.
		if p.Languages != nil {
			s.Interest.Languages = p.Languages
		}
		if p.Children != nil {
			s.Interest.Children = p.Children
		}
	case s.Municipality != nil:
		m := s.Municipality
		m.ContactName, m.Role, m.Email, m.Phone, m.Description = p.ContactName, p.Role, p.Email, p.Phone, p.Description
		for i := range m.Jobs {
			if i < len(p.JobDescriptions) {
				m.Jobs[i].Description = p.JobDescriptions[i]
			}
		}
	case s.Host != nil:
		if p.Contact != nil {
			s.Host.Contact = *p.Contact
		}
		s.Host.Languages, s.Host.About = p.Languages, p.About
	}
	return nil
}

// Seal returns what is stored of s's payload: the clear JSON and the
// personal part sealed under keys.
func Seal(keys *seal.Keyring, s *senderos.Submission) (data, sealed []byte, err error) {
	data, personal, err := Split(s)
	if err != nil {
		return nil, nil, err
	}
	if sealed, err = keys.Seal(LabelSubmission, personal); err != nil {
		return nil, nil, err
	}
	return data, sealed, nil
}

// Open sets s's payload from a stored row: its clear data and its sealed
// personal part, nil for a row not sealed yet.
func Open(keys *seal.Keyring, s *senderos.Submission, data, sealed []byte) error {
	if err := SetPayload(s, data); err != nil {
		return err
	}
	return Unseal(keys, s, sealed)
}

// Unseal fills the personal fields of s's payload, already set from its
// clear data, from its sealed part; nil, for a row not sealed yet, leaves
// them as they are.
func Unseal(keys *seal.Keyring, s *senderos.Submission, sealed []byte) error {
	if sealed == nil {
		return nil
	}
	personal, err := keys.Open(LabelSubmission, sealed)
	if err != nil {
		return fmt.Errorf("open personal data of submission %d: %w", s.ID, err)
	}
	return merge(s, personal)
}

// SealString seals text under label, or returns nil for empty text, which
// is stored as NULL.
func SealString(keys *seal.Keyring, label, text string) ([]byte, error) {
	if text == "" {
		return nil, nil
	}
	return keys.Seal(label, []byte(text))
}

// OpenString opens what SealString sealed; nil opens to "".
func OpenString(keys *seal.Keyring, label string, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	plain, err := keys.Open(label, sealed)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", label, err)
	}
	return string(plain), nil
}

// SealedColumn names a column holding sealed values, for rekeying.
type SealedColumn struct {
	Table, Key, Column, Label string
}

// SealedColumns are every column the stores seal.
var SealedColumns = []SealedColumn{
	{"submissions", "id", "sealed", LabelSubmission},
	{"events", "id", "note", LabelNote},
	{"staff", "id", "totp_secret", LabelTOTP},
	{"cases", "id", "sealed", LabelCase},
	{"itinerary_revisions", "id", "why", LabelRevisionWhy},
	{"goals", "id", "sealed", LabelGoal},
	{"tasks", "id", "sealed", LabelTask},
	{"visits", "id", "sealed", LabelVisit},
	{"followups", "id", "note", LabelFollowUpNote},
	{"warnings", "id", "close_note", LabelWarningNote},
	{"feedback", "id", "comment", LabelFeedback},
	{"esf_participants", "id", "sealed", LabelESF},
	{"job_contacts", "job_id", "sealed", LabelJobContact},
	{"village_changes", "id", "contact", LabelChangeContact},
	{"proposal_responses", "id", "note", LabelResponseNote},
}

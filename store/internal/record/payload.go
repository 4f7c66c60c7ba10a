package record

import (
	"encoding/json"
	"fmt"

	"github.com/cepaim/senderos"
)

// NeedsReseal reports whether data, a clear part of kind k, holds what is
// now sealed: a family's languages or children, as stored before migration
// 0004.
func NeedsReseal(k senderos.Kind, data []byte) bool {
	if k != senderos.KindInterest {
		return false
	}
	var c struct {
		Languages []string         `json:"languages"`
		Children  []senderos.Child `json:"children"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return false // SetPayload reports it
	}
	return c.Languages != nil || c.Children != nil
}

// Payload returns the whole JSON of a submission's payload: its Interest,
// its MunicipalitySignup or its HostSignup, according to Kind.
func Payload(s *senderos.Submission) ([]byte, error) {
	var v any
	switch s.Kind {
	case senderos.KindInterest:
		v = s.Interest
	case senderos.KindMunicipality:
		v = s.Municipality
	case senderos.KindHost:
		v = s.Host
	default:
		return nil, fmt.Errorf("payload of unknown kind %q", s.Kind)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s payload: %w", s.Kind, err)
	}
	return data, nil
}

// clearInterest is the clear part of a family's payload. Its Languages and
// Children shadow the Interest's: they are empty in what Split makes (both
// are sealed), and only rows stored before migration 0004 hold them. The
// household filter runs on the clear part, so it keeps how many children
// there are.
type clearInterest struct {
	senderos.Interest
	Languages     []string         `json:"languages,omitempty"`
	Children      []senderos.Child `json:"children,omitempty"`
	ChildrenCount int              `json:"children_count,omitempty"`
}

// SetPayload decodes data into s's Interest, Municipality or Host, according to
// its Kind. A family's children, sealed, are stood in for by as many empty
// ones until the sealed part is opened, so that Household counts them.
func SetPayload(s *senderos.Submission, data []byte) error {
	switch s.Kind {
	case senderos.KindInterest:
		var c clearInterest
		if err := json.Unmarshal(data, &c); err != nil {
			return fmt.Errorf("decode interest payload of %s: %w", s.Reference, err)
		}
		s.Interest = &c.Interest
		s.Interest.Languages = c.Languages
		switch {
		case c.Children != nil:
			s.Interest.Children = c.Children
		case c.ChildrenCount > 0:
			s.Interest.Children = make([]senderos.Child, c.ChildrenCount)
		}
	case senderos.KindMunicipality:
		s.Municipality = &senderos.MunicipalitySignup{}
		if err := json.Unmarshal(data, s.Municipality); err != nil {
			return fmt.Errorf("decode municipality payload of %s: %w", s.Reference, err)
		}
	case senderos.KindHost:
		s.Host = &senderos.HostSignup{}
		if err := json.Unmarshal(data, s.Host); err != nil {
			return fmt.Errorf("decode host payload of %s: %w", s.Reference, err)
		}
	default:
		return fmt.Errorf("stored submission %s has unknown kind %q", s.Reference, s.Kind)
	}
	return nil
}

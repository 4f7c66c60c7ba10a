package record

import (
	"encoding/json"
	"fmt"

	"github.com/cepaim/senderos"
)

// Payload returns the JSON stored in a submission's data column: its
// Interest or its MunicipalitySignup, according to Kind.
func Payload(s *senderos.Submission) ([]byte, error) {
	var v any
	switch s.Kind {
	case senderos.KindInterest:
		v = s.Interest
	case senderos.KindMunicipality:
		v = s.Municipality
	default:
		return nil, fmt.Errorf("payload of unknown kind %q", s.Kind)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s payload: %w", s.Kind, err)
	}
	return data, nil
}

// SetPayload decodes data into s's Interest or Municipality, according to
// its Kind.
func SetPayload(s *senderos.Submission, data []byte) error {
	switch s.Kind {
	case senderos.KindInterest:
		s.Interest = &senderos.Interest{}
		if err := json.Unmarshal(data, s.Interest); err != nil {
			return fmt.Errorf("decode interest payload of %s: %w", s.Reference, err)
		}
	case senderos.KindMunicipality:
		s.Municipality = &senderos.MunicipalitySignup{}
		if err := json.Unmarshal(data, s.Municipality); err != nil {
			return fmt.Errorf("decode municipality payload of %s: %w", s.Reference, err)
		}
	default:
		return fmt.Errorf("stored submission %s has unknown kind %q", s.Reference, s.Kind)
	}
	return nil
}

package record

import (
	"encoding/json"
	"fmt"

	"github.com/cepaim/senderos"
	"github.com/cepaim/senderos/store/seal"
)

// Labels of the sealed columns of a case and what hangs from it (migration
// 0008).
const (
	LabelCase         = "case.interview"
	LabelRevisionWhy  = "itinerary_revision.why"
	LabelGoal         = "goal.sealed"
	LabelTask         = "task.sealed"
	LabelVisit        = "visit.sealed"
	LabelFollowUpNote = "followup.note"
	LabelWarningNote  = "warning.close_note"
	LabelFeedback     = "feedback.comment"
)

// CasePrivate is the sealed part of a case: the interview and the
// household.
type CasePrivate struct {
	Interview senderos.Interview `json:"interview"`
	Household []senderos.Member  `json:"household,omitempty"`
}

// GoalPrivate is the sealed part of a goal: what was typed.
type GoalPrivate struct {
	What     string `json:"what"`
	Start    string `json:"start,omitempty"`
	Target   string `json:"target"`
	Measure  string `json:"measure"`
	Evidence string `json:"evidence,omitempty"`
}

// VisitPrivate is the sealed part of a visit.
type VisitPrivate struct {
	Place        string   `json:"place"`
	Participants []string `json:"participants,omitempty"`
	Outcome      string   `json:"outcome,omitempty"`
	NextSteps    string   `json:"next_steps,omitempty"`
}

// SealJSON seals v, encoded as JSON, under label.
func SealJSON(keys *seal.Keyring, label string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", label, err)
	}
	return keys.Seal(label, b)
}

// OpenJSON opens what SealJSON sealed into v; nil leaves v as it is.
func OpenJSON(keys *seal.Keyring, label string, sealed []byte, v any) error {
	if sealed == nil {
		return nil
	}
	plain, err := keys.Open(label, sealed)
	if err != nil {
		return fmt.Errorf("open %s: %w", label, err)
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return fmt.Errorf("decode %s: %w", label, err)
	}
	return nil
}

package record

import "github.com/cepaim/senderos"

// LabelESF is the label of a participant's sealed ESF data (migration
// 0010).
const LabelESF = "esf_participant.sealed"

// ESFPrivate is the sealed part of a participant's ESF data: all of it.
type ESFPrivate struct {
	Entry senderos.ESFEntry  `json:"entry"`
	Exit  *senderos.ESFExit  `json:"exit,omitempty"`
	Later *senderos.ESFLater `json:"later,omitempty"`
}

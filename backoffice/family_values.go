package backoffice

import (
	"strings"

	senderos "github.com/cepaim/senderos"
)

// vocabTexts names the keys under which the back-office shows the values of
// the domain's closed lists (vocabulary.go): its labels are read from there,
// never written here, so that staff see the words the families chose.
var vocabTexts = []struct {
	prefix string
	list   senderos.List
}{
	{"family.status.", senderos.FamilyStatusList},
	{"muni.status.", senderos.MunicipalityStatusList},
	{"family.sector.", senderos.SectorList},
	{"family.stage.", senderos.SchoolStageList},
	{"family.level.", senderos.SpanishLevelList},
	{"family.when.", senderos.MoveWhenList},
	{"family.channel.", senderos.ChannelList},
	{"muni.service.", senderos.ServiceList},
	{"case.phase.", senderos.PhaseList},
	{"case.area.", senderos.GoalAreaList},
	{"case.responsible.", senderos.ResponsibleList},
	{"case.goal_status.", senderos.GoalStatusList},
	{"case.agreement.", senderos.AgreementList},
	{"case.check.", senderos.CheckAnswerList},
	{"case.stay.", senderos.IntendsToStayList},
	{"case.visit.", senderos.VisitKindList},
	{"case.warning.", senderos.WarningKindList},
	{"case.feedback.", senderos.FeedbackChannelList},
	{"host.kind.", senderos.HostKindList},
	{"host.offer.", senderos.HostOfferList},
	{"host.status.", senderos.HostStatusList},
}

// vocabLabel returns the label in lang of the closed list's value that key
// names under one of vocabTexts' prefixes.
func vocabLabel(lang, key string) (string, bool) {
	for _, v := range vocabTexts {
		value, ok := strings.CutPrefix(key, v.prefix)
		if !ok {
			continue
		}
		for _, t := range v.list.Terms {
			if t.Value == value {
				return t.Label.In(lang), true
			}
		}
	}
	return "", false
}

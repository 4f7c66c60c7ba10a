package backoffice

import senderos "github.com/cepaim/senderos"

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
}

func init() {
	texts := staffTexts{}
	for _, v := range vocabTexts {
		for _, t := range v.list.Terms {
			texts[v.prefix+t.Value] = [4]string{t.Label.ES, t.Label.EN, t.Label.FR, t.Label.AR}
		}
	}
	registerStaffTexts(texts)
}

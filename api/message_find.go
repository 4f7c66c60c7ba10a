package api

// Message keys of the search results (issue 9), added to messages.
const (
	msgExample = "example" // the label of invented content, when the page has none
)

func init() {
	for l, texts := range map[string]map[string]string{
		"es": {msgExample: "Ejemplo"},
		"en": {msgExample: "Example"},
		"fr": {msgExample: "Exemple"},
		"ar": {msgExample: "مثال"},
	} {
		for k, v := range texts {
			messages[l][k] = v
		}
	}
}

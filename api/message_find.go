package api

// Message keys of the search results (issue 9).
const (
	msgExample = "example" // the label of invented content, when the page has none
)

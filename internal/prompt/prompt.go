package prompt

import (
	_ "embed"
	"strconv"
	"strings"
)

// Placeholder stands in the initializer template where the agreed feature
// count goes.
const Placeholder = "[FEATURE_COUNT]"

// Kickoff is the hidden first user message of every interview, as the
// reference system sent it.
const Kickoff = "Begin the spec creation process."

//go:embed initializer_prompt.template.md
var initializerTemplate string

// InitializerTemplate returns the template of initializer_prompt.md, with
// the Placeholder where the feature count goes.
func InitializerTemplate() string { return initializerTemplate }

// Initializer returns the initializer prompt carrying featureCount.
func Initializer(featureCount int) string {
	return strings.ReplaceAll(initializerTemplate, Placeholder, strconv.Itoa(featureCount))
}

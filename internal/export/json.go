package export

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/specwright/specwright/internal/spec"
)

// SchemaID is the $id of the JSON Schema the json export follows; the
// schema itself is docs/spec.schema.json in the repository.
const SchemaID = "https://github.com/specwright/specwright/docs/spec.schema.json"

// jsonExport is the json export: the model as it is, under a header that
// names the schema. Nothing is derived, so nothing is assumed.
type jsonExport struct {
	Schema string     `json:"$schema"`
	Format string     `json:"format"`
	Spec   *spec.Spec `json:"spec"`
}

func renderJSON(s *spec.Spec) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jsonExport{Schema: SchemaID, Format: "specwright-spec/1", Spec: s}); err != nil {
		return nil, fmt.Errorf("export json: %w", err)
	}
	return b.Bytes(), nil
}

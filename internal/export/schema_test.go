package export

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("../../docs/spec.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func TestJSONExportFollowsTheShippedSchema(t *testing.T) {
	sch := compileSchema(t)
	for _, name := range fixtureNames() {
		data := render(t, loadSpec(t, name), JSON)[0].Data
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The schema is strict enough to catch a model it does not describe.
func TestSchemaRefusesWhatTheModelIsNot(t *testing.T) {
	sch := compileSchema(t)
	data := render(t, loadSpec(t, "larder"), JSON)[0].Data
	for _, mutate := range []func(m map[string]any){
		func(m map[string]any) { m["spec"].(map[string]any)["feature_count"] = "nine" },
		func(m map[string]any) { m["spec"].(map[string]any)["surprise"] = true },
		func(m map[string]any) {
			c := m["spec"].(map[string]any)["categories"].([]any)[0].(map[string]any)
			delete(c["features"].([]any)[0].(map[string]any), "name")
		},
	} {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		mutate(m)
		b, _ := json.Marshal(m)
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err := sch.Validate(inst); err == nil {
			t.Errorf("a broken export passed: %s", strings.TrimSpace(string(b[:120])))
		}
	}
}

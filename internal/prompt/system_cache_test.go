package prompt

import (
	"fmt"
	"strings"
	"testing"
)

// The kept prompts are the prompts: for each project its own, past the
// cache's bound too.
func TestSystemKeptPerProject(t *testing.T) {
	for round := range 2 {
		for i := range maxSystems + 10 {
			info := Info{Project: fmt.Sprintf("p%d", i), Folder: fmt.Sprintf("/data/p%d", i), Prompts: "prompts"}
			got := System(info)
			if got != renderSystem(info) || !strings.Contains(got, info.Folder) {
				t.Fatalf("round %d, project %d: kept prompt differs from its rendering", round, i)
			}
		}
	}
	if System(Info{Project: "a", Folder: "/a"}) != System(Info{Project: "a", Folder: "/a", Prompts: "prompts"}) {
		t.Error("the default prompts folder makes another prompt")
	}
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/specwright/specwright/internal/spec"
)

const diffUsage = `usage: specwright diff [--json] OLD NEW

Compares two versions of a spec: OLD and NEW are each an app_spec.txt
file (the initializer_prompt.md next to it is compared too, when there is
one), a prompts folder, or a project folder holding prompts/. Prints the
features added, changed and removed (by ID, or by name and content when
the spec has no IDs), renamed categories, tables, endpoints, roles, the
stack, and a line diff of the rest; --json prints what the server's
GET /api/projects/{name}/diff route does. Exits 0 when both were read,
2 when one cannot be.
`

// cmdDiff runs `specwright diff` and returns the exit status.
func cmdDiff(args []string, stdout, stderr io.Writer) int {
	flags := newSubcommandFlags("diff", diffUsage, stderr)
	asJSON := flags.Bool("json", false, "write the diff as JSON (docs/protocol.md)")
	paths, code, ok := parsePaths(flags, args, 2, "OLD and NEW")
	if !ok {
		return code
	}
	var texts [2][2][]byte // [old/new][app spec/initializer]
	for i, p := range paths {
		files, err := locate(p)
		if err == nil {
			texts[i][0], err = readFile(files.appSpec)
		}
		if err == nil {
			texts[i][1], err = readFile(files.initializer)
			if errors.Is(err, fs.ErrNotExist) {
				err = nil
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "specwright diff: %v\n", err)
			return 2
		}
	}
	d := spec.CompareFiles(texts[0][0], texts[0][1], texts[1][0], texts[1][1])
	var err error
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(struct {
			From    string    `json:"from"`
			To      string    `json:"to"`
			Summary string    `json:"summary"`
			Diff    spec.Diff `json:"diff"`
		}{paths[0], paths[1], d.Summary(), d})
	} else {
		err = d.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "specwright diff: write: %v\n", err)
		return 2
	}
	return 0
}

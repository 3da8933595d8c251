package spec_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/specwright/specwright/internal/spec"
)

// Check both files the interview wrote. Here the initializer still holds
// the template's placeholder, so the report fails and says what to write.
func ExampleCheck() {
	appSpec, err := os.ReadFile("testdata/app_spec.txt")
	if err != nil {
		panic(err)
	}
	initializer := "Turn the spec into exactly **[FEATURE_COUNT]** features.\n"

	report := spec.Check(appSpec, []byte(initializer))
	if err := report.WriteText(os.Stdout); err != nil {
		panic(err)
	}
	fmt.Println("complete:", report.OK())
	// Output:
	// initializer_prompt.md:1: error: the placeholder [FEATURE_COUNT] is still there (replace [FEATURE_COUNT] with 30)
	// score: 1 error: the placeholder [FEATURE_COUNT] is still there: −20
	// failed: 1 error, 0 warnings; readiness 30/100; 30 features
	// complete: false
}

// Read what a well-formed spec says.
func ExampleParse() {
	appSpec, err := os.ReadFile("testdata/app_spec.txt")
	if err != nil {
		panic(err)
	}
	s, problems := spec.Parse(appSpec)
	fmt.Println(s.ProjectName, "—", s.FeatureCount, "features")
	for _, c := range s.Categories {
		fmt.Printf("%s: %d\n", c.Name, len(c.Features))
	}
	fmt.Println("roles:", strings.Join(s.RoleNames(), ", "))
	fmt.Println("problems:", len(problems))
	// Output:
	// Tidy — 30 features
	// accounts: 5
	// lists: 5
	// tasks: 8
	// views: 4
	// search: 2
	// administration: 2
	// experience: 4
	// roles: user, admin
	// problems: 0
}

// A model forgot to escape "&" in prose: the spec is still read, as the
// characters stand, and the warning names the line and the exact text to
// write instead.
func ExampleParse_unescaped() {
	appSpec, err := os.ReadFile("testdata/app_spec.txt")
	if err != nil {
		panic(err)
	}
	broken := strings.Replace(string(appSpec), "Tidy is a small", "Tidy is a fast & small", 1)

	s, problems := spec.Parse([]byte(broken))
	fmt.Println(s.Overview[:22])
	for _, p := range problems {
		fmt.Println(p)
	}
	// Output:
	// Tidy is a fast & small
	// app_spec.txt:6: warning: unescaped & in text: "Tidy is a fast & small web application for" (write &amp; for &: "Tidy is a fast &amp; small web application for")
}

package spec

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// adversarial builds inputs of about n bytes that once made Check slow
// out of proportion to their size.
var adversarial = []struct {
	name string
	gen  func(t testing.TB, n int) (appSpec, initializer []byte)
}{
	// Many roles, and routes naming a defined role over and over: every
	// mention was compared with every role, quadratic in the input.
	{"roles mentioned", func(t testing.TB, n int) ([]byte, []byte) {
		var roles strings.Builder
		for i := 0; roles.Len() < n/2; i++ {
			fmt.Fprintf(&roles, "<role name=\"r%d\"/>\n", i)
		}
		s := edit(t, goodSpec(t), "<user_roles>", "<user_roles>\n"+roles.String())
		return []byte(edit(t, s, "- /admin/* (requires admin role)", fill("admin role; role: admin\n", n/2))),
			[]byte(goodInitializer(t))
	}},
	// Many roles, and routes naming as many undefined ones: each warning's
	// hint listed every role, quadratic in time and in report size.
	{"roles undefined", func(t testing.TB, n int) ([]byte, []byte) {
		var roles, routes strings.Builder
		for i := 0; roles.Len() < n/2; i++ {
			fmt.Fprintf(&roles, "<role name=\"r%d\"/>\n", i)
		}
		for i := 0; routes.Len() < n/2; i++ {
			fmt.Fprintf(&routes, "x%d role\n", i)
		}
		s := edit(t, goodSpec(t), "<user_roles>", "<user_roles>\n"+roles.String())
		return []byte(edit(t, s, "- /admin/* (requires admin role)", routes.String())), []byte(goodInitializer(t))
	}},
	// protected_routes nested as deep as allowed: each level read all the
	// text below it again, 60 times the work of the same text unnested.
	{"nested protected_routes", func(t testing.TB, n int) ([]byte, []byte) {
		return routesNested(t, maxDepth-4, n), []byte(goodInitializer(t))
	}},
	// Lines full of bracket openings and count claims keep the placeholder
	// and count patterns busy; linear, and here for the benchmark.
	{"brackets", func(t testing.TB, n int) ([]byte, []byte) {
		return []byte(edit(t, goodSpec(t), "<overview>", "<overview>\n"+fill("[insert "+strings.Repeat("a", 58)+"\n", n))),
			[]byte(goodInitializer(t))
	}},
	{"count claims", func(t testing.TB, n int) ([]byte, []byte) {
		return []byte(goodSpec(t)), []byte(fill(strings.Repeat("1 features ", 300)+"\n", n))
	}},
}

// routesNested returns the good spec with about n bytes of protected
// routes, depth protected_routes deep.
func routesNested(t testing.TB, depth, n int) []byte {
	nest := strings.Repeat("<protected_routes>", depth) + fill("- /x (admin role; roles: user)\n", n) +
		strings.Repeat("</protected_routes>", depth)
	return []byte(edit(t, goodSpec(t), "<sensitive_operations>", nest+"\n<sensitive_operations>"))
}

// fill repeats s to about n bytes.
func fill(s string, n int) string { return strings.Repeat(s, max(1, n/len(s))) }

// fastest returns the shortest of three timed Check runs, which is
// steadier than any one.
func fastest(appSpec, initializer []byte) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		Check(appSpec, initializer)
		best = min(best, time.Since(start))
	}
	return best
}

// TestCheckAdversarialLinear guards against work out of proportion to
// the input: eight times the input must take about eight times as long,
// and nesting must not multiply the work. Before the fix, going from 16
// to 128 KiB multiplied the time of the role shapes by 45 to 65 (at 1 MiB
// they took 70 to 90 s), and routes nested 60 deep took 30 times as long
// as the same routes unnested (5 s at 1 MiB). Now the growth is 7 to 12
// times and nesting costs nothing; the bounds leave room for a loaded
// machine or the race detector.
func TestCheckAdversarialLinear(t *testing.T) {
	const n = 128 << 10
	for _, a := range adversarial[:3] {
		small, big := fastest(a.gen(t, n/8)), fastest(a.gen(t, n))
		t.Logf("%s: %v at %d KiB, %v at %d KiB", a.name, small, n>>13, big, n>>10)
		if big > 24*small {
			t.Errorf("%s: %v at %d KiB but %v at %d KiB: growing faster than the input", a.name, small, n>>13, big, n>>10)
		}
	}
	ini := []byte(goodInitializer(t))
	flat, nested := fastest(routesNested(t, 1, n), ini), fastest(routesNested(t, maxDepth-4, n), ini)
	t.Logf("protected routes, %d KiB: %v unnested, %v nested %d deep", n>>10, flat, nested, maxDepth-4)
	if nested > 3*flat {
		t.Errorf("protected routes nested %d deep take %v, unnested %v", maxDepth-4, nested, flat)
	}
}

func BenchmarkCheckAdversarial(b *testing.B) {
	for _, a := range adversarial {
		b.Run(a.name, func(b *testing.B) {
			appSpec, initializer := a.gen(b, 1<<20)
			b.SetBytes(int64(len(appSpec) + len(initializer)))
			for b.Loop() {
				Check(appSpec, initializer)
			}
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	appSpec, initializer := []byte(goodSpec(b)), []byte(goodInitializer(b))
	b.SetBytes(int64(len(appSpec) + len(initializer)))
	for b.Loop() {
		Check(appSpec, initializer)
	}
}

// roleDefinedByScan is the definition roleIndex implements, comparing
// the name with each role in turn.
func roleDefinedByScan(roles []string, name string) bool {
	w := normRole(name)
	for _, r := range roles {
		d := normRole(r)
		if d == w || len(w) >= 3 && len(d) >= 3 && (strings.HasPrefix(d, w) || strings.HasPrefix(w, d)) {
			return true
		}
		for _, part := range strings.Fields(d) {
			if part == w {
				return true
			}
		}
	}
	return false
}

func TestRoleIndex(t *testing.T) {
	roles := []string{"user", "Administrator", "Team Lead", "ops", "qa", "s", "Billing Admins", "editors"}
	for _, c := range []struct {
		name string
		want bool
	}{
		{"user", true}, {"users", true}, {"admin", true}, {"admins", true}, {"administrators", true},
		{"lead", true}, {"team", true}, {"ops", true}, {"op", true}, {"opsx", false}, {"qa", true},
		{"qas", true}, {"q", false}, {"s", true}, {"billing", true}, {"bil", true}, {"editor", true},
		{"edit", true}, {"ed", false}, {"guest", false}, {"adm", true}, {"ad", false}, {"teamlead", false},
	} {
		if got := newRoleIndex(roles).has(c.name); got != c.want {
			t.Errorf("has(%q) = %v, want %v", c.name, got, c.want)
		}
		if got := roleDefinedByScan(roles, c.name); got != c.want {
			t.Errorf("test case wrong: scan(%q) = %v", c.name, got)
		}
	}
	// Random roles and names over a small alphabet, so that prefixes,
	// plurals, words and chains of prefixes abound.
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, r.IntN(7))
		for i := range b {
			b[i] = "abs s"[r.IntN(5)]
		}
		return string(b)
	}
	for range 2000 {
		roles := make([]string, r.IntN(12))
		for i := range roles {
			roles[i] = word()
		}
		x := newRoleIndex(roles)
		for range 50 {
			name := word()
			if got, want := x.has(name), roleDefinedByScan(roles, name); got != want {
				t.Fatalf("roles %q: has(%q) = %v, scan says %v", roles, name, got, want)
			}
		}
	}
}

// Nested protected_routes are read once, and a hint lists a bounded
// number of roles however many are defined.
func TestLintRolesNestedAndMany(t *testing.T) {
	good := goodSpec(t)
	data := edit(t, good, "- /admin/* (requires admin role)",
		"<protected_routes><protected_routes>- /admin/* (requires moderator role)</protected_routes></protected_routes>")
	_, ps := Parse([]byte(data))
	only(t, ps, want{SeverityWarning, lineOf(t, data, "moderator role"), `names role "moderator"`})

	var roles strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&roles, "<role name=\"role-number-%d\"/>\n", i)
	}
	data = edit(t, data, "<user_roles>", "<user_roles>\n"+roles.String())
	_, ps = Parse([]byte(data))
	p, ok := find(ps, want{SeverityWarning, -1, `names role "moderator"`})
	if !ok {
		t.Fatalf("undefined role not reported:\n%s", dump(ps))
	}
	if !strings.Contains(p.Hint, "name one of: role-number-0, role-number-1, ") || len(p.Hint) > 300 {
		t.Errorf("hint should list the first roles and stay short, got %d bytes: %q", len(p.Hint), p.Hint)
	}
}

// bigSpec returns the good spec grown to about n bytes by repeating its
// feature categories with fresh IDs: the size a very large real spec
// reaches, in the shape real specs have.
func bigSpec(t testing.TB, n int) []byte {
	good := goodSpec(t)
	i, j := strings.Index(good, "<core_features>")+len("<core_features>"), strings.Index(good, "</core_features>")
	cats := good[i:j]
	var b strings.Builder
	id := 0
	for b.Len() < n-len(good) {
		b.WriteString(featureIDRE.ReplaceAllStringFunc(cats, func(string) string {
			id++
			return fmt.Sprintf(`id="F-%04d"`, 30+id)
		}))
	}
	out := good[:i] + cats + b.String() + good[j:]
	out = strings.Replace(out, "<feature_count>30</feature_count>", fmt.Sprintf("<feature_count>%d</feature_count>", 30+id), 1)
	return []byte(out)
}

var featureIDRE = regexp.MustCompile(`id="F-\d+"`)

// BenchmarkCheckLarge checks a 1 MiB spec of realistic shape; the issue
// asks for under 50 ms of CPU.
func BenchmarkCheckLarge(b *testing.B) {
	appSpec := bigSpec(b, 1<<20)
	initializer := []byte(strings.ReplaceAll(goodInitializer(b), "30", fmt.Sprint(strings.Count(string(appSpec), "<feature "))))
	b.SetBytes(int64(len(appSpec)))
	start := cpuTime(b)
	for b.Loop() {
		Check(appSpec, initializer)
	}
	// The budget is CPU time; on a shared machine wall time
	// measures the neighbours too.
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// bigRefSpec returns the reference's plain-line spec grown to about n
// bytes by repeating its feature categories, each line made distinct: the
// shape most specs built from today have, one text run per category.
func bigRefSpec(t testing.TB, n int) []byte {
	ref := refSpec(t)
	i, j := strings.Index(ref, "<core_features>")+len("<core_features>"), strings.Index(ref, "</core_features>")
	cats := ref[i:j]
	var b strings.Builder
	for round := 1; b.Len() < n-len(ref); round++ {
		b.WriteString(strings.ReplaceAll(cats, "\n      - ", fmt.Sprintf("\n      - (area %d) ", round)))
	}
	return []byte(ref[:i] + cats + b.String() + ref[j:])
}

// BenchmarkCheckLargeReference checks a 1 MiB spec in the reference's
// plain-line form.
func BenchmarkCheckLargeReference(b *testing.B) {
	appSpec := bigRefSpec(b, 1<<20)
	b.SetBytes(int64(len(appSpec)))
	start := cpuTime(b)
	for b.Loop() {
		Check(appSpec, nil)
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

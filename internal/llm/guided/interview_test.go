package guided

import (
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/llm"
	"github.com/specwright/specwright/internal/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// quickInterview is the recommended path with ordinary answers.
func quickInterview(t *testing.T) *engine {
	t.Helper()
	e := newEngine(t, "budget-buddy").start().
		expectText("guided mode").
		expectText("ANTHROPIC_API_KEY").
		expectText("specwright serve --provider anthropic")
	e.say("Budget Buddy helps households keep track of what they spend. Families often lose sight of small expenses; " +
		"it gives them one shared place to record spending and see where the money goes.").
		expect(hInvolvement).answer(map[string][]string{hInvolvement: {"Quick (Recommended)"}}).
		expect(hFrontend).defaults().
		expect(hPeople).answer(map[string][]string{hPeople: {"Accounts & sign-in"}, hContent: {"Search", "Dashboards & reports"}}).
		expectText("one per line").
		say("add an expense\nset a monthly budget\nsee spending by category").
		expect(hRoles).defaults().
		expect(hSize).answer(map[string][]string{hSize: {"Looks right (Recommended)"}}).
		expect(hSuccess).answer(map[string][]string{hSuccess: {"Everything works", "Easy to learn"}}).
		expect(hGenerate).expectText("Here's the plan for Budget Buddy").
		answer(map[string][]string{hGenerate: {"Yes"}}).
		expectText("Done!")
	return e
}

func TestQuickPath(t *testing.T) {
	e := quickInterview(t)
	app := e.files[AppSpecPath]
	golden := filepath.Join("testdata", "quick_app_spec.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(app), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if app != string(want) {
		t.Errorf("app_spec.txt differs from %s; run go test -update and review the diff", golden)
	}
	r := e.check()
	s := r.Spec
	for _, want := range []string{"accounts_and_sign_in", "expenses", "monthly_budgets", "user_workflows", "search", "dashboards_and_reports"} {
		if !hasCategory(s, want) {
			t.Errorf("no category %s in %v", want, categoryNames(s))
		}
	}
	if !strings.Contains(e.turnText, "features in") {
		t.Errorf("closing text does not give the count:\n%s", e.turnText)
	}
}

func TestDetailedPathWithOtherAnswers(t *testing.T) {
	e := newEngine(t, "Clinic Desk").start().
		say("A booking tool for a small physiotherapy clinic.\nReceptionists manage appointments; therapists see their day.").
		expect(hInvolvement).answer(map[string][]string{hInvolvement: {"Detailed"}}).
		expect(hFrontend)
	if n := len(e.questions()); n != 4 {
		t.Fatalf("detailed technology asks %d questions, want 4", n)
	}
	e.answer(map[string][]string{
		hFrontend: {"Svelte"},
		hBackend:  {"Ruby on Rails 7"}, // typed into "Other"
		hDatabase: {"PostgreSQL"},
		hStyling:  {"Bulma"}, // unknown: taken verbatim
	}).
		expect(hRealtime).answer(map[string][]string{hRealtime: {"Yes, live updates"}, hHosting: {"Docker"}}).
		expect(hPeople)
	if n := len(e.questions()); n != 3 {
		t.Fatalf("detailed areas asks %d questions, want 3", n)
	}
	e.answer(map[string][]string{
		hPeople:  {"Roles & permissions", "Notifications", "SMS reminders via Twilio"},
		hContent: {"Settings", "Import & export"},
		hExtras:  {"Works on phones", "Activity history"},
	}).
		say("Receptionists book appointments for patients\nTherapists view their daily schedule\ncancel an appointment").
		expectText("From your list I picked up").
		say("patients\nrooms: each has a name and equipment").
		expectText("Who uses").
		say("receptionists, therapists and patients").
		expect("Appointments").defaults().
		expect(hLinks).defaults().
		expect(hSize).answer(map[string][]string{hSize: {"More detail"}}).
		expect(hSuccess).answer(map[string][]string{hSuccess: {"Fast and reliable"}, hLook: {"Calm and professional"}}).
		expect(hGenerate).answer(map[string][]string{hGenerate: {"Yes"}}).
		expectText("Done!")

	r := e.check()
	app := e.files[AppSpecPath]
	for _, want := range []string{
		"Svelte with Vite", "Ruby on Rails", "PostgreSQL", "Bulma", "/api/live", "docker compose",
		"<role name=\"admin\">", "SMS reminders via Twilio", "#0F766E",
	} {
		if !strings.Contains(app, want) {
			t.Errorf("app_spec.txt lacks %q", want)
		}
	}
	for _, want := range []string{"appointments", "rooms", "accounts_and_sign_in", "activity_history"} {
		if !hasCategory(r.Spec, want) {
			t.Errorf("no category %s in %v", want, categoryNames(r.Spec))
		}
	}
	// "More detail" lists the level-2 features.
	if !strings.Contains(app, "fifty entries at a time") {
		t.Error("more detail did not add the detailed features")
	}
}

func TestHostileInput(t *testing.T) {
	hostile := "Tom & Jerry's <b>\"café\"</b> app 🎉 ]]> <!-- x --> [TBD] TODO: a\x00b\x1b"
	e := newEngine(t, `R&D <lab> "tools"`).start().
		say(hostile).
		expect(hInvolvement).answer(map[string][]string{hInvolvement: {"<Quick> & fast"}}).
		expect(hFrontend).answer(map[string][]string{
		hFrontend: {`<script>alert("x")</script>`},
		hBackend:  {"Node & <Deno>"},
		hDatabase: {"]]>"},
	}).
		expect(hPeople).answer(map[string][]string{hPeople: {"Sharing", `Export to "Q&A" <tool>`}}).
		say("add <notes> & \"quotes\" 🎉\nsee R&D reports\n🎉🎉🎉\n& < >\n\n   \n- [ ] track TBD items").
		expect(hRoles).defaults().
		expect(hSize).defaults().
		expect(hSuccess).answer(map[string][]string{hSuccess: {`Users say "wow" & <smile> 😀`}}).
		expect(hGenerate).answer(map[string][]string{hGenerate: {"Yes"}})

	r := e.check()
	app := e.files[AppSpecPath]
	var doc struct {
		XMLName xml.Name `xml:"project_specification"`
		Name    string   `xml:"project_name"`
		Over    string   `xml:"overview"`
	}
	if err := xml.Unmarshal([]byte(app), &doc); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	if doc.Name != `R&D <lab> "tools"` {
		t.Errorf("project_name reads back as %q", doc.Name)
	}
	if !strings.Contains(doc.Over, `Tom & Jerry's <b>"café"</b> app 🎉 ]]>`) {
		t.Errorf("overview reads back as %q", doc.Over)
	}
	for _, bad := range []string{"\x00", "[TBD]", "TBD"} {
		if strings.Contains(app, bad) {
			t.Errorf("app_spec.txt contains %q", bad)
		}
	}
	if !hasFeature(r.Spec, `add <notes> & "quotes" 🎉`) {
		t.Errorf("the notes activity is missing: %v", r.Spec.Categories)
	}
	if !strings.Contains(app, "Export to &quot;Q&amp;A&quot; &lt;tool&gt;") && !strings.Contains(app, `Export to "Q&amp;A" &lt;tool&gt;`) {
		t.Error("the typed area wish is missing or badly escaped")
	}
}

func TestEmptyAndOddAnswers(t *testing.T) {
	img := chat.Block{Type: chat.BlockImage, MediaType: "image/png", Data: "iVBORw0KGgo="}
	e := newEngine(t, "").start().
		say("", img).
		expectText("Thanks for the image").
		expect(hInvolvement).answer(nil).
		expect(hFrontend).answer(map[string][]string{hFrontend: {""}, hBackend: {"   "}}).
		expect(hPeople).answer(nil).
		say("???\n\n...").
		expectText("couldn't find a list").
		expect(hRoles).defaults().
		expect(hSize).say("hmm").
		expect(hSuccess).answer(nil).
		expect(hGenerate).answer(nil).
		expectText("Done!")
	r := e.check()
	if r.Spec.ProjectName != "Untitled app" {
		t.Errorf("project name %q", r.Spec.ProjectName)
	}
	app := e.files[AppSpecPath]
	for _, want := range []string{"React with Vite", "Node.js 20+ with Express", "SQLite", "<items>"} {
		if !strings.Contains(app, want) {
			t.Errorf("defaults: app_spec.txt lacks %q", want)
		}
	}
}

func TestFreeTextInsteadOfOptions(t *testing.T) {
	e := newEngine(t, "notes").start().
		say("A notes app for me.").
		expect(hInvolvement).say("let's do the detailed one").
		expect(hFrontend).say("Vue with a Go backend, and no database please").
		expect(hRealtime).say("nah").
		expect(hPeople).say("login and search, plus dark mode").
		say("write notes, tag notes").
		say("that's all").
		say("just me").
		expect("Notes").say("looks right").
		expect(hLinks).say("fine").
		expect(hSize).say("about 200 please").
		expect(hSuccess).say("It should feel instant").
		expect(hGenerate).say("yes").
		expectText("Done!")
	r := e.check()
	app := e.files[AppSpecPath]
	for _, want := range []string{"Vue 3", "net/http", "none - the backend keeps data in memory", "Dark theme", "It should feel instant"} {
		if !strings.Contains(app, want) {
			t.Errorf("app_spec.txt lacks %q", want)
		}
	}
	for _, want := range []string{"accounts_and_sign_in", "search", "dark_mode", "notes"} {
		if !hasCategory(r.Spec, want) {
			t.Errorf("no category %s in %v", want, categoryNames(r.Spec))
		}
	}
	if !strings.Contains(app, "fifty entries at a time") {
		t.Error("asking for about 200 features did not pick the largest size")
	}
}

func TestChangesLoop(t *testing.T) {
	e := newEngine(t, "shop").start().
		say("A small online shop.").
		expect(hInvolvement).defaults().
		expect(hFrontend).defaults().
		expect(hPeople).answer(nil).
		say("browse products\nplace an order").
		expect(hRoles).defaults().
		expect(hSize).defaults().
		expect(hSuccess).defaults().
		expect(hGenerate).answer(map[string][]string{hGenerate: {"I have changes"}}).
		expectText("What would you like to change?")
	e.say("use PostgreSQL\nadd search\nCustomers get an order confirmation email").
		expect(hGenerate).
		expectText("Switched database: PostgreSQL; added search; added: Customers get an order confirmation email.").
		expectText("Customers get an order confirmation email").
		// A typed answer at review is taken as a change too.
		answer(map[string][]string{hGenerate: {"remove search"}}).
		expect(hGenerate).expectText("Removed search").
		answer(map[string][]string{hGenerate: {"Yes"}}).
		expectText("Done!")
	r := e.check()
	app := e.files[AppSpecPath]
	if !strings.Contains(app, "<database>PostgreSQL") {
		t.Error("the database switch was not applied")
	}
	if hasCategory(r.Spec, "search") {
		t.Error("search was removed but is still there")
	}
	if !hasFeature(r.Spec, "Customers get an order confirmation email") {
		t.Error("the requirement is missing")
	}
}

func TestValidationFeedback(t *testing.T) {
	e := quickInterview(t)
	first := e.files[AppSpecPath]
	e.files[AppSpecPath] = "<broken" // as if someone damaged the file on disk
	writes := e.writes
	e.hidden("The spec files did not pass validation:\n- app_spec.txt: error: not well-formed").
		expectText("writing both again")
	if e.writes != writes+2 {
		t.Fatalf("validation feedback: %d writes, want 2", e.writes-writes)
	}
	if e.files[AppSpecPath] != first {
		t.Error("the rewritten spec differs from the first")
	}
}

func TestValidationFeedbackBeforeFiles(t *testing.T) {
	e := newEngine(t, "x").start().
		say("An app.").
		expect(hInvolvement)
	e.pending = nil // the engine would not do this, but the provider must cope
	e.hidden("The spec files did not pass validation:\n- missing").
		expectTextAndQuestion(t, "There are no spec files", hInvolvement)
}

func (e *engine) expectTextAndQuestion(t *testing.T, text, header string) {
	t.Helper()
	if !strings.Contains(e.turnText, text) {
		t.Fatalf("want %q in:\n%s", text, e.turnText)
	}
	e.expect(header)
}

func TestChangeAfterCompletion(t *testing.T) {
	e := quickInterview(t)
	n := e.count()
	writes := e.writes
	e.say("Thanks!").expectText("You're welcome")
	if e.writes != writes {
		t.Fatal("a thank-you rewrote the files")
	}
	e.say("Budgets can be shared with a partner\nShow a warning at 80% of a budget").
		expectText("Updated both files")
	if got := e.count(); got != n+2 {
		t.Errorf("count after two requirements: %d, want %d", got, n+2)
	}
	r := e.check()
	if !hasFeature(r.Spec, "The app shows a warning at 80% of a budget.") {
		t.Error("the requirement is missing")
	}
	e.say("switch to Vue instead").expectText("Updated both files")
	if !strings.Contains(e.files[AppSpecPath], "Vue 3 with Vite") {
		t.Error("the frontend switch was not applied")
	}
}

func TestWriteFailure(t *testing.T) {
	e := newEngine(t, "x").start().
		say("An app.").
		expect(hInvolvement).defaults().
		expect(hFrontend).defaults().
		expect(hPeople).defaults().
		say("track habits").
		expect(hRoles).defaults().
		expect(hSize).defaults().
		expect(hSuccess).defaults().
		expect(hGenerate)
	e.failWrites = true
	e.answer(map[string][]string{hGenerate: {"Yes"}}).
		expectText("couldn't write the spec files: Error: disk full")
	if len(e.files) != 0 {
		t.Fatal("files written despite the failure")
	}
	e.say("try again").expectText("written now")
	if r := e.check(); hasCategory(r.Spec, "additional_requirements") {
		t.Error("\"try again\" became a requirement")
	}
}

func TestQuestionAfterCompletion(t *testing.T) {
	e := quickInterview(t)
	writes := e.writes
	e.say("How many features are there?").expectText("can't answer questions")
	if e.writes != writes {
		t.Error("a question rewrote the files")
	}
	e.say("ok").expectText("The spec files are ready")
	if e.writes != writes {
		t.Error("an acknowledgement rewrote the files")
	}
}

// TestAskErrorTakesDefaults: when the engine reports a question as
// failed, the interview goes on with the question's defaults.
func TestAskErrorTakesDefaults(t *testing.T) {
	e := newEngine(t, "x").start().
		say("An app.").
		expect(hInvolvement)
	e.msgs = append(e.msgs, chat.Message{Role: chat.RoleUser, Content: []chat.Block{
		chat.ToolResult(e.pending.ID, "the client could not show the question", true)}})
	e.pending = nil
	e.turn()
	e.expect(hFrontend)
	if qs := e.questions(); qs[len(qs)-1].Header != hHosting {
		t.Error("a failed involvement question did not default to quick")
	}
}

// TestStaleAnswerIgnored: a second result for a question already
// answered does not advance the interview.
func TestStaleAnswerIgnored(t *testing.T) {
	e := newEngine(t, "x").start().
		say("An app.").
		expect(hInvolvement)
	first := *e.pending
	e.defaults().expect(hFrontend)
	e.pending = nil
	e.msgs = append(e.msgs, chat.Message{Role: chat.RoleUser, Content: []chat.Block{
		chat.ToolResult(first.ID, "The user answered:\n\nQ: x\nA: Detailed\n", false)}})
	e.turn()
	e.expect(hFrontend)
	if qs := e.questions(); qs[len(qs)-1].Header != hHosting {
		t.Error("a stale answer switched to detailed mode")
	}
}

func TestDeterminism(t *testing.T) {
	a, b := quickInterview(t), quickInterview(t)
	if !reflect.DeepEqual(a.files, b.files) {
		t.Error("the same interview wrote different files")
	}
	if len(a.calls) != len(b.calls) {
		t.Fatalf("%d and %d calls", len(a.calls), len(b.calls))
	}
	for i := range a.calls {
		if !reflect.DeepEqual(a.calls[i].reply, b.calls[i].reply) {
			t.Errorf("call %d: replies differ", i)
		}
	}
}

// TestStateless replays every request of several interviews against a
// fresh provider: each prefix of a conversation gets the same reply it
// got the first time.
func TestStateless(t *testing.T) {
	for _, e := range []*engine{quickInterview(t), statelessDetailed(t)} {
		p := New()
		for i, c := range e.calls {
			reply, err := p.Stream(context.Background(), llm.Request{Project: e.project, Messages: c.msgs}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(reply, c.reply) {
				t.Errorf("%s call %d: replaying the prefix gave a different reply", e.project, i)
			}
		}
	}
}

func statelessDetailed(t *testing.T) *engine {
	e := quickInterview(t)
	e.project = "budget-buddy" // same project: the conversation continues
	e.say("add CSV export").expectText("Updated both files")
	return e
}

func TestToolIDsUnique(t *testing.T) {
	e := quickInterview(t)
	e.say("Add a yearly report")
	seen := map[string]bool{}
	for _, m := range e.msgs {
		for _, u := range m.ToolUses() {
			if seen[u.ID] {
				t.Errorf("tool id %s used twice", u.ID)
			}
			seen[u.ID] = true
			if !strings.HasPrefix(u.ID, idPrefix) {
				t.Errorf("tool id %s lacks the prefix", u.ID)
			}
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := New().Stream(ctx, llm.Request{}, func(string) { t.Error("text after cancellation") })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Cancelled while streaming: stops between chunks.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	_, err = New().Stream(ctx, llm.Request{}, func(string) {
		calls++
		cancel()
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Fatalf("err = %v after %d chunks, want context.Canceled after 1", err, calls)
	}
}

func TestStreamsInChunks(t *testing.T) {
	var chunks []string
	reply, err := New().Stream(context.Background(), llm.Request{Project: "p"}, func(s string) { chunks = append(chunks, s) })
	if err != nil {
		t.Fatal(err)
	}
	if len(chunks) < 3 {
		t.Errorf("greeting came in %d chunks", len(chunks))
	}
	if strings.Join(chunks, "") != reply.Content[0].Text {
		t.Error("chunks do not add up to the text")
	}
	if reply.StopReason != llm.StopEndTurn {
		t.Errorf("stop reason %q", reply.StopReason)
	}
}

func TestNoKickoff(t *testing.T) {
	// A conversation that starts with the user's own words takes them as
	// the overview and introduces guided mode.
	e := newEngine(t, "x")
	e.say("A recipe box for my family.").
		expect(hInvolvement)
	if !strings.Contains(e.turnText, "guided mode") {
		t.Errorf("no introduction:\n%s", e.turnText)
	}
}

func TestNameAndModel(t *testing.T) {
	p := New()
	if p.Name() != "guided" || p.Model() != "" {
		t.Errorf("Name %q, Model %q", p.Name(), p.Model())
	}
}

func hasCategory(s *spec.Spec, name string) bool {
	for _, c := range s.Categories {
		if c.Name == name {
			return true
		}
	}
	return false
}

func categoryNames(s *spec.Spec) []string {
	var out []string
	for _, c := range s.Categories {
		out = append(out, c.Name)
	}
	return out
}

func hasFeature(s *spec.Spec, text string) bool {
	for _, c := range s.Categories {
		for _, f := range c.Features {
			if strings.Contains(f.Description, text) {
				return true
			}
		}
	}
	return false
}

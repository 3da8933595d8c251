package guided

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/tool"
)

// respond computes the reply to a conversation: it replays every event
// into a fresh state and answers the last one. at is the index the reply
// will have in the conversation, which makes tool ids unique.
func respond(project string, msgs []chat.Message) []chat.Block {
	st := newState()
	st.project = project
	ack := ""
	var last event
	for _, ev := range events(msgs) {
		ack = st.apply(ev)
		last = ev
	}
	return st.reply(project, len(msgs), ack, last)
}

// replyBuilder collects the text and tool calls of one reply.
type replyBuilder struct {
	paras []string
	tools []chat.Block
}

func (r *replyBuilder) say(paras ...string) {
	for _, p := range paras {
		if p != "" {
			r.paras = append(r.paras, p)
		}
	}
}

func (r *replyBuilder) ask(id string, qs ...question) {
	var in struct {
		Questions []chat.Question `json:"questions"`
	}
	for _, q := range qs {
		in.Questions = append(in.Questions, q.chat())
	}
	r.call(id, tool.AskName, in)
}

func (r *replyBuilder) write(id, path, content string) {
	r.call(id, writeName, struct {
		FilePath string `json:"file_path"`
		Content  string `json:"content"`
	}{path, content})
}

func (r *replyBuilder) call(id, name string, input any) {
	raw, err := json.Marshal(input)
	if err != nil {
		panic("guided: marshal tool input: " + err.Error()) // plain structs of strings: cannot fail
	}
	r.tools = append(r.tools, chat.Block{Type: chat.BlockToolUse, ID: id, Name: name, Input: raw})
}

func (r *replyBuilder) blocks() []chat.Block {
	var out []chat.Block
	if len(r.paras) > 0 {
		out = append(out, chat.TextBlock(strings.Join(r.paras, "\n\n")))
	}
	return append(out, r.tools...)
}

// reply is what the interview says and does next.
func (st *state) reply(project string, at int, ack string, last event) []chat.Block {
	name := st.appName(project)
	r := &replyBuilder{}
	if last.kind == evText && last.images > 0 {
		r.say("Thanks for the image. Guided mode can't look at pictures, so I'll work from your words: " +
			"please describe anything important in it as text.")
	}
	if st.intro {
		r.say("This is specwright's guided mode: a step-by-step interview that runs without an AI model. " +
			"(To talk with a model instead, set ANTHROPIC_API_KEY, or start `specwright serve --provider anthropic`.) " +
			"I'll take your message as the overview of " + name + ".")
	}
	r.say(ack)
	id := func() string { return toolID(askNames[st.step], at, "") }
	switch st.step {
	case stepStart:
		r.say(greeting(name)...)
	case stepOverview:
		if last.kind == evKickoff {
			r.say(greeting(name)...)
		} else {
			r.say(overviewQuestion)
		}
	case stepMode:
		r.say("First: how much would you like to decide yourself?")
		r.ask(id(), qInvolvement)
	case stepTech:
		r.say("Now the technology. If you have no preference, the recommended choices work well together; " +
			"pick \"Other\" to name something else.")
		r.ask(id(), st.techQuestions()...)
	case stepTech2:
		r.say("Two more technical questions.")
		r.ask(id(), qRealtime, qHosting)
	case stepAreas:
		r.say("Next, the features. Which of these common areas does " + name + " need? Pick none, some or all.")
		r.ask(id(), st.areaQuestions()...)
	case stepActivities:
		r.say("Now the heart of it: what are the main things people do in "+name+"? "+
			"Write them one per line, in your own words. For example:",
			"add an expense\nset a monthly budget\nsee spending by category",
			"I'll turn each line into features.")
	case stepData:
		r.say(dataQuestion(st))
	case stepShape:
		m := st.buildApp(project)
		r.say("Here is what I understood. Confirm each part, or type what is different in your own words.",
			st.proposal(m, hRoles, hData, hLinks))
		r.ask(id(), qShapeRoles, qShapeData, qShapeLinks)
	case stepPeople:
		m := st.buildApp(project)
		r.say("Who uses " + st.appName(project) + "? Name each kind of person, one per line or separated by commas, and what they may do. " +
			"Each becomes a role. From your answers so far I'd say: " + joinAnd(roleManys(m)) + ".")
	case stepFields:
		r.say("Now what each thing holds. I've suggested fields with their types; confirm, or type the fields you want (for example \"title, ingredients, prep time, rating\").")
		r.ask(id(), st.fieldQuestions()...)
	case stepLinks:
		r.say("Last about the data: how do the things relate?", st.proposal(st.buildApp(project), hLinks))
		r.ask(id(), qShapeLinks)
	case stepSize:
		r.say(sizeText(st))
		r.ask(id(), qSize)
	case stepSuccess:
		if st.detailed {
			r.say("Almost done: what does success look like, and how should the app look?")
			r.ask(id(), qSuccess, qLook)
		} else {
			r.say("Almost done: what does success look like?")
			r.ask(id(), qSuccess)
		}
	case stepReview:
		r.say(summary(st, name)...)
		r.ask(id(), qGenerate)
	case stepChanges:
		r.say("What would you like to change? Write one change per line, for example: " +
			"\"rename habits to routines\", \"remove the export\", \"add a budget with a monthly limit\", " +
			"\"patients can cancel up to 12 hours before\", \"add search\" or \"use PostgreSQL\".")
	case stepWrite:
		switch st.why {
		case whyFirst:
			r.say("Writing " + AppSpecPath + " and " + InitializerPath + " now.")
		case whyChange:
			r.say("Updating both files.")
		default:
			if ack == "" {
				r.say("Writing both files again.")
			}
		}
		spec, count := renderSpec(st, project)
		r.write(toolID("write", at, "spec"), AppSpecPath, spec)
		r.write(toolID("write", at, "init"), InitializerPath, prompt.Initializer(count))
	case stepDone:
		if last.kind == evWrites {
			r.say(closing(st)...)
		} else if ack == "" {
			r.say(readyText)
		}
	case stepWriteFailed:
		r.say("I couldn't write the spec files: "+st.writeErr,
			"Send me any message and I'll try again.")
	}
	return r.blocks()
}

const overviewQuestion = "Tell me about the app in a few sentences: what is it, what problem does it solve, and who will use it?"

func greeting(name string) []string {
	return []string{
		"Hello! This is specwright's guided mode: a step-by-step interview that runs without an AI model, " +
			"so it works offline and the same answers always give the same spec. " +
			"To talk with a model instead, set ANTHROPIC_API_KEY, or start `specwright serve --provider anthropic`.",
		"Together we'll write two files for " + name + ": " + AppSpecPath + ", the specification, and " +
			InitializerPath + ", the first prompt of the coding agent that builds the app.",
		"Let's start with the big picture. " + overviewQuestion,
	}
}

func dataQuestion(st *state) string {
	q := "What things do people create or manage in the app? One per line, for example: projects, tasks, comments."
	var found []string
	for _, e := range st.buildApp(st.project).entities {
		found = append(found, e.many)
	}
	if len(found) > 0 && len(st.activities) > 0 {
		q += "\n\nFrom your list I picked up: " + strings.Join(found, ", ") + ". Add anything I missed, or say \"that's all\"."
	}
	return q
}

// breakdown lists the feature categories with their counts.
func breakdown(p plan) string {
	var b strings.Builder
	for i, c := range p.cats {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "- %s: %d", c.title, len(c.feats))
	}
	return b.String()
}

func sizeText(st *state) string {
	p := st.planAt(sizeRight)
	return fmt.Sprintf("From your answers I count %d features in %d groups:\n\n%s\n\n"+
		"With more detail (empty states, sorting, extra checks) it would be %d; kept to the essentials, %d.",
		p.count, len(p.cats), breakdown(p), st.planAt(sizeMore).count, st.planAt(sizeSmaller).count)
}

func summary(st *state, name string) []string {
	p := st.plan()
	ov := prose(withoutHeading(st.overview))
	if ov == "" {
		ov = "(none given: the spec describes the app from the features below)"
	}
	var areaNames []string
	for _, a := range st.chosenAreas() {
		areaNames = append(areaNames, a.label)
	}
	areaText := "none of the common areas"
	if len(areaNames) > 0 {
		areaText = strings.Join(areaNames, ", ")
	}
	lines := []string{
		"Overview: " + clip(ov, 400),
		"Stack: " + st.stack.summary(),
		"Areas: " + areaText,
	}
	var success []string
	for _, o := range qSuccess.opts {
		for _, k := range st.success {
			if k == o.key {
				success = append(success, strings.ToLower(o.label))
			}
		}
	}
	if st.successTxt != "" {
		success = append(success, st.successTxt)
	}
	if len(success) > 0 {
		lines = append(lines, "Success means: "+strings.Join(success, "; "))
	}
	out := []string{
		"Here's the plan for " + name + ".",
		strings.Join(lines, "\n"),
		fmt.Sprintf("Features: %d in %d groups\n\n%s", p.count, len(p.cats), breakdown(p)),
	}
	m := p.app
	out = append(out, st.proposal(m, hRoles, hData, hLinks))
	return out
}

func closing(st *state) []string {
	p := st.plan()
	switch st.why {
	case whyChange:
		return []string{fmt.Sprintf("Updated both files: the spec now lists %d features in %d groups. Anything else?", p.count, len(p.cats))}
	case whyValidation:
		return []string{fmt.Sprintf("Both files are written again, with %d features.", p.count)}
	case whyRetry:
		return []string{fmt.Sprintf("Both files are written now, with %d features.", p.count)}
	}
	return []string{
		"Done! The spec files are ready:",
		fmt.Sprintf("- %s: %d features in %d groups, with the stack, data, API, layout, design and success criteria\n"+
			"- %s: the coding agent's first prompt, set to build exactly %d features", AppSpecPath, p.count, len(p.cats), InitializerPath, p.count),
		"If you'd like to change something, just tell me, one change per line, and I'll update both files.",
	}
}

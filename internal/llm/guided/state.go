package guided

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// step is where the interview stands: what the last reply asked for, or
// what the next reply must do.
type step int

const (
	stepStart       step = iota // nothing has happened: greet
	stepOverview                // waiting for the overview, in plain text
	stepMode                    // asked quick or detailed
	stepTech                    // asked the main technology questions
	stepTech2                   // (detailed) asked about live updates and hosting
	stepAreas                   // asked which common areas the app needs
	stepActivities              // waiting for the list of activities, in plain text
	stepData                    // (detailed) waiting for the things users manage
	stepShape                   // (quick) proposed roles, data and links; asked to confirm or correct
	stepPeople                  // (detailed) waiting for who uses the app, in plain text
	stepFields                  // (detailed) asked what each thing holds, four at a time
	stepLinks                   // (detailed) asked how the things relate
	stepSize                    // asked whether the feature count is right
	stepSuccess                 // asked what success means (and, detailed, the look)
	stepReview                  // showed the summary, asked whether to generate
	stepChanges                 // waiting for the changes, in plain text
	stepWrite                   // the next reply writes both files
	stepDone                    // both files are written
	stepWriteFailed             // a write failed; the next message retries
)

// askNames names the steps that ask a structured question. The name is
// part of the tool call's id.
var askNames = map[step]string{
	stepMode:    "mode",
	stepTech:    "tech",
	stepTech2:   "tech2",
	stepAreas:   "areas",
	stepShape:   "shape",
	stepFields:  "fields",
	stepLinks:   "links",
	stepSize:    "size",
	stepSuccess: "success",
	stepReview:  "review",
}

// writeReason says why the files are being written, for the words
// around the writing.
type writeReason int

const (
	whyFirst writeReason = iota
	whyChange
	whyValidation
	whyRetry
)

// state is everything the interview has learnt. It is rebuilt from the
// conversation on every call, never stored.
type state struct {
	step  step
	intro bool // the last event skipped the greeting: introduce guided mode

	overview   string
	name       string // the app's name, as the person gave it
	detailed   bool
	stack      stack
	areas      map[string]bool
	extras     []string // wishes typed into the area questions
	activities []string
	data       []string // (detailed) things users create or manage
	size       int      // sizeSmaller, sizeRight or sizeMore
	success    []string // the success criteria the user stressed
	successTxt string   // their own words about success
	look       string
	lookTxt    string
	notes      []note // what the person said about roles, data and links
	edits      []edit // changes asked for at review or after completion
	fieldBatch int    // (detailed) which four things stepFields asks about

	project string            // the project's name, for the spec's name when the person gave none
	ids     map[string]string // feature key → ID, as last written
	nextID  int               // the highest ID number ever given

	why      writeReason
	written  int // how many times both files were written
	writeErr string
}

func newState() *state {
	return &state{stack: defaultStack(), areas: map[string]bool{}, look: defaultLook, ids: map[string]string{}}
}

// apply advances the interview by one event and returns a short
// acknowledgement for the reply that follows it.
func (st *state) apply(ev event) string {
	st.intro = false
	switch ev.kind {
	case evKickoff:
		project := st.project
		*st = *newState()
		st.project = project
		st.step = stepOverview
	case evValidation:
		if st.written > 0 || st.step == stepWrite || st.step == stepWriteFailed {
			st.step, st.why = stepWrite, whyValidation
			return "The checker found problems with the spec files, so I'm writing both again from your answers."
		}
		return "There are no spec files from this interview yet: I write them at the end, after you've reviewed the plan."
	case evWrites:
		if st.step != stepWrite {
			return ""
		}
		if len(ev.failed) > 0 {
			st.step, st.writeErr = stepWriteFailed, ev.failed[0]
			return ""
		}
		st.step, st.writeErr = stepDone, ""
		st.written++
		// The features just written keep their IDs from now on.
		st.ids, st.nextID = st.assignIDs(st.plan())
	case evAnswer:
		if ev.ask != askNames[st.step] {
			return "" // an answer to an earlier question: already taken
		}
		return st.answer(ev)
	case evText:
		return st.text(ev.text)
	}
	return ""
}

// text handles a message the user typed.
func (st *state) text(text string) string {
	switch st.step {
	case stepStart:
		// No kick-off: the conversation began with the user's own words,
		// which answer the greeting's question.
		st.setOverview(text)
		st.step, st.intro = stepMode, true
		return ""
	case stepOverview:
		st.setOverview(text)
		st.step = stepMode
		if !meaningful(st.overview) {
			st.overview = ""
			return "No problem: I'll keep the overview general, and you can add to it at the review."
		}
		if st.name != "" {
			return "Thanks, that gives me the picture of " + st.name + "."
		}
		return "Thanks, that gives me the picture."
	case stepActivities:
		st.activities = items(text)
		st.step = stepShape
		if st.detailed {
			st.step = stepData
		}
		ack := ""
		switch n := len(st.activities); n {
		case 0:
			ack = "I couldn't find a list there, so I'll start from one general thing people manage; you can add more at the review."
		case 1:
			ack = "Got it: one main activity."
		default:
			ack = fmt.Sprintf("Got it: %d main activities.", n)
		}
		return ack + st.mergeNote()
	case stepData:
		if !negative(text) {
			st.data = items(text)
		}
		st.step = stepPeople
		return st.mergeNote()
	case stepPeople:
		if !negative(text) {
			st.notes = append(st.notes, note{kind: noteRoles, text: text})
		}
		st.step, st.fieldBatch = stepFields, 0
		if len(st.fieldEntities()) == 0 {
			st.step = stepLinks
		}
		return "Roles: " + joinAnd(roleManys(st.buildApp(st.project))) + "."
	case stepChanges:
		st.step = stepReview
		ack, _ := st.addChanges(text)
		return ack
	case stepDone:
		if courtesy(text) || affirmative(text) {
			if strings.Contains(strings.ToLower(text), "thank") {
				return "You're welcome! The spec files are ready. If you think of a change, just tell me and I'll update both files."
			}
			return readyText
		}
		ack, changed := st.addChanges(text)
		if changed {
			st.step, st.why = stepWrite, whyChange
		}
		return ack
	case stepWrite:
		if !courtesy(text) && !affirmative(text) {
			ack, _ := st.addChanges(text)
			return ack
		}
	case stepWriteFailed:
		st.step, st.why = stepWrite, whyRetry
		if courtesy(text) || affirmative(text) || retry(text) {
			return "Trying again."
		}
		ack, _ := st.addChanges(text)
		return ack
	default:
		if name, ok := askNames[st.step]; ok {
			// A message while a question is pending answers it.
			return st.answer(event{kind: evAnswer, ask: name, free: true, freeText: text})
		}
	}
	return ""
}

// answer handles the answers to the question the current step asked.
func (st *state) answer(ev event) string {
	// get returns the answer to q and whether it was given for q alone
	// (so typed text there is meant for q).
	get := func(q question) (string, bool) {
		if ev.free {
			return ev.freeText, false
		}
		return ev.answers[q.header], true
	}
	switch st.step {
	case stepMode:
		a, _ := get(qInvolvement)
		o, _, ok := qInvolvement.pick(a)
		st.detailed = ok && o.key == "detailed"
		st.step = stepTech
		if st.detailed {
			return "Detailed it is: I'll ask a bit more about the stack, your data and the look."
		}
		return "Quick it is: a few choices, and I'll fill in sensible defaults for the rest."
	case stepTech:
		for _, q := range st.techQuestions() {
			a, verbatim := get(q)
			var dst *choice
			var others []named
			switch q.header {
			case hFrontend:
				dst, others = &st.stack.frontend, otherFrontends
			case hBackend:
				dst, others = &st.stack.backend, otherBackends
			case hDatabase:
				dst, others = &st.stack.database, otherDatabases
			case hStyling:
				dst = &st.stack.styling
			case hHosting:
				dst = &st.stack.hosting
			}
			if c, ok := readTech(q, others, a, verbatim); ok {
				*dst = c
			}
		}
		st.step = stepAreas
		if st.detailed {
			st.step = stepTech2
		}
		return "The stack: " + st.stack.summary() + "."
	case stepTech2:
		a, _ := get(qRealtime)
		o, _, ok := qRealtime.pick(a)
		st.stack.realtime = ok && o.key == "yes"
		a, verbatim := get(qHosting)
		if c, ok := readTech(qHosting, nil, a, verbatim); ok {
			st.stack.hosting = c
		}
		st.step = stepAreas
		return ""
	case stepAreas:
		var custom []string
		for _, q := range st.areaQuestions() {
			a, _ := get(q)
			keys, c := q.picks(a, 3)
			for _, k := range keys {
				st.areas[k] = true
			}
			if c != "" {
				custom = appendNew(custom, c)
			}
		}
		if ev.free {
			// One reply for all the questions: it counts as a wish only
			// when it named none of the areas.
			custom = nil
			if c := oneLine(ev.freeText, maxLine); len(st.areas) == 0 && meaningful(c) && !negative(c) {
				custom = []string{c}
			}
		}
		st.extras = append(st.extras, custom...)
		if st.areas[aRoles] {
			st.areas[aAccounts] = true // roles need someone to sign in
		}
		st.step = stepActivities
		return st.areasAck()
	case stepShape:
		st.readShapeAnswers(ev, qShapeRoles, qShapeData, qShapeLinks)
		st.step = stepSize
		return st.shapeAck()
	case stepFields:
		qs := st.fieldQuestions()
		st.readShapeAnswers(ev, qs...)
		st.fieldBatch++
		if len(st.fieldQuestions()) == 0 {
			st.step = stepLinks
		}
		return ""
	case stepLinks:
		st.readShapeAnswers(ev, qShapeLinks)
		st.step = stepSize
		return st.shapeAck()
	case stepSize:
		a, _ := get(qSize)
		st.size = st.readSize(a)
		st.step = stepSuccess
		switch st.size {
		case sizeMore:
			return fmt.Sprintf("More detail: %d features.", st.plan().count)
		case sizeSmaller:
			return fmt.Sprintf("Smaller: %d features.", st.plan().count)
		}
		return ""
	case stepSuccess:
		a, verbatim := get(qSuccess)
		keys, custom := qSuccess.picks(a, 1)
		st.success = keys
		if verbatim || len(keys) == 0 {
			st.successTxt = custom
		}
		if st.detailed {
			a, verbatim := get(qLook)
			if o, custom, ok := qLook.pick(a); ok {
				st.look = o.key
			} else if verbatim && meaningful(custom) {
				st.lookTxt = custom
			}
		}
		st.step = stepReview
		return ""
	case stepReview:
		a, _ := get(qGenerate)
		if o, ok := qGenerate.byLabel(a); ok {
			if o.key == "changes" {
				st.step = stepChanges
			} else {
				st.step, st.why = stepWrite, whyFirst
			}
			return ""
		}
		if affirmative(a) || !meaningful(a) {
			st.step, st.why = stepWrite, whyFirst
			return ""
		}
		ack, _ := st.addChanges(a) // stays at review: the summary is shown again
		return ack
	}
	return ""
}

func (st *state) techQuestions() []question {
	if st.detailed {
		return []question{qFrontend, qBackend, qDatabase, qStyling}
	}
	return []question{qFrontend, qBackend, qDatabase, qHosting}
}

func (st *state) areaQuestions() []question {
	if st.detailed {
		return []question{qPeople, qContent, qExtras}
	}
	return []question{qPeople, qContent}
}

// chosenAreas returns the selected areas in their canonical order.
func (st *state) chosenAreas() []area {
	var out []area
	for _, a := range areas {
		if st.areas[a.key] {
			out = append(out, a)
		}
	}
	return out
}

func (st *state) areasAck() string {
	var names []string
	for _, a := range st.chosenAreas() {
		names = append(names, strings.ToLower(a.label))
	}
	names = append(names, st.extras...)
	if len(names) == 0 {
		return "None of those, fine: the app stays focused on its core."
	}
	return "Noted: " + strings.Join(names, ", ") + "."
}

var numberRE = regexp.MustCompile(`\d+`)

// readSize reads the answer to the size question. A number picks the
// level of detail whose count is closest to it.
func (st *state) readSize(a string) int {
	if m := numberRE.FindString(a); m != "" {
		want, _ := strconv.Atoi(m)
		best, bestDiff := sizeRight, -1
		for _, s := range []int{sizeRight, sizeSmaller, sizeMore} {
			d := st.planAt(s).count - want
			if d < 0 {
				d = -d
			}
			if bestDiff < 0 || d < bestDiff {
				best, bestDiff = s, d
			}
		}
		return best
	}
	o, _, ok := qSize.pick(a)
	if !ok {
		return sizeRight
	}
	switch o.key {
	case "more":
		return sizeMore
	case "smaller":
		return sizeSmaller
	}
	return sizeRight
}

// setOverview keeps the overview, its line breaks included (prose()
// reads headings and lists from them), and the name it gives.
func (st *state) setOverview(text string) {
	text = strings.ToValidUTF8(text, "")
	if len([]rune(text)) > maxOverview {
		text = clip(text, maxOverview)
	}
	st.overview = text
	st.name = oneLine(nameFrom(text), maxCustom)
}

// addChanges takes a change request: a line naming another technology
// switches the stack, "add search" or "remove sharing" toggles an area,
// "rename habits to routines", "remove the export", "add a budget with
// a monthly limit" and "patients can cancel up to 12 hours before" edit
// the model; a line it cannot read is asked back, never pasted. It
// reports whether anything changed.
func (st *state) addChanges(text string) (string, bool) {
	var done, notes, unclear []string
	questions := 0
	for _, l := range items(text) {
		if isQuestion(l) {
			questions++
			continue
		}
		l = requirement(l)
		if tech := st.stack.switchTech(l); tech != "" {
			done = append(done, "switched "+tech)
			continue
		}
		if msg, changed := st.toggleArea(l); msg != "" {
			if changed {
				done = append(done, msg)
			} else {
				notes = append(notes, msg)
			}
			continue
		}
		if !meaningful(l) {
			continue
		}
		if len(st.edits) >= maxChanges {
			notes = append(notes, "that is as many changes as one spec takes")
			break
		}
		ed, msg, ok := st.readEdit(l, len(st.edits)+1)
		if ok {
			// Try it: an edit that finds nothing to change is asked back.
			st.edits = append(st.edits, ed)
			if !st.buildApp(st.project).lastOK {
				st.edits = st.edits[:len(st.edits)-1]
				ok = false
			}
		}
		if !ok {
			unclear = append(unclear, l)
			continue
		}
		done = append(done, msg)
	}
	var out []string
	if len(done) > 0 {
		out = append(out, upperFirst(strings.Join(done, "; "))+".")
	}
	if len(notes) > 0 {
		out = append(out, upperFirst(strings.Join(notes, "; "))+".")
	}
	for _, u := range unclear {
		out = append(out, "I couldn't tell what to change for “"+clip(u, 80)+"”. Could you say it as, for example, "+
			"“rename X to Y”, “remove X”, “add X with A and B”, or a rule such as “patients can cancel up to 12 hours before”?")
	}
	if questions > 0 {
		out = append(out, "Guided mode can't answer questions, only take changes: write what should be different, one change per line.")
	}
	if len(out) == 0 {
		return "I couldn't find a change in that message, so the plan stays as it was.", false
	}
	return strings.Join(out, " "), len(done) > 0
}

var areaSuffix = set("feature", "features", "area", "section", "functionality", "option", "options", "page", "pages", "support", "button")

// readyText tells the user what they can do once the files exist.
const readyText = "The spec files are ready. If you'd like to change something, tell me, one change per line, and I'll update both files."

// retry reports whether a message just asks to try again.
func retry(s string) bool {
	switch strings.TrimSpace(norm(s)) {
	case "try again", "retry", "again", "please retry", "try it again", "please try again", "one more time":
		return true
	}
	return false
}

// isQuestion reports whether a line asks something ("how many features
// are there?") rather than requesting a change ("can you add search?").
func isQuestion(l string) bool {
	if !strings.HasSuffix(strings.TrimSpace(l), "?") {
		return false
	}
	words := strings.Fields(norm(l))
	if len(words) == 0 {
		return true
	}
	switch words[0] {
	case "what", "what's", "how", "why", "when", "where", "who", "which", "is", "are", "does", "do",
		"did", "am", "was", "were", "has", "have", "will", "shall":
		return true
	}
	return false
}

// requestOpeners wrap a change in courtesy: "please add …", "I'd also
// like …". They are removed, so the requirement reads as a statement.
var requestOpeners = []string{
	"please", "also", "and", "can you", "could you", "would you", "i'd like to", "i'd also like to",
	"i would like to", "i'd like", "i'd also like", "i would like", "i want to", "i also want to",
	"i want", "i also want", "we want", "we need", "i need", "let's", "lets",
}

// requirement cleans a change line into a requirement.
func requirement(l string) string {
	l = strings.ReplaceAll(l, "’", "'")
	for changed := true; changed; {
		changed = false
		low := strings.ToLower(l)
		for _, o := range requestOpeners {
			if strings.HasPrefix(low, o+" ") || strings.HasPrefix(low, o+", ") {
				l = strings.TrimLeft(l[len(o):], " ,")
				changed = true
				break
			}
		}
	}
	l = strings.TrimRight(l, " ?!.")
	for _, s := range []string{", please", " please"} {
		l = strings.TrimSuffix(l, s)
	}
	return upperFirst(strings.TrimRight(l, " ,"))
}

// toggleArea reads "add search" or "remove sharing" (a verb and, at
// most, three words naming an area) and applies it. It returns what it
// did, or "" when the line is not about an area, and whether the plan
// changed.
func (st *state) toggleArea(line string) (string, bool) {
	words := strings.Fields(strings.TrimSpace(norm(line)))
	if len(words) < 2 {
		return "", false
	}
	on := false
	switch words[0] {
	case "add", "include", "enable", "want", "need":
		on = true
	case "remove", "drop", "disable", "no", "without", "skip":
	default:
		return "", false
	}
	rest := words[1:]
	if rest[0] == "a" || rest[0] == "an" || rest[0] == "the" || rest[0] == "some" {
		rest = rest[1:]
	}
	// "remove the export feature", "add a search page"
	for len(rest) > 1 && areaSuffix[rest[len(rest)-1]] {
		rest = rest[:len(rest)-1]
	}
	if len(rest) == 0 || len(rest) > 3 {
		return "", false
	}
	phrase := strings.Join(rest, " ")
	for _, a := range areas {
		match := false
		for _, w := range a.words {
			match = match || phrase == w
		}
		if !match {
			continue
		}
		label := strings.ToLower(a.label)
		if st.areas[a.key] == on {
			if on {
				return label + " was already in the plan", false
			}
			return label + " was not in the plan", false
		}
		st.areas[a.key] = on
		if on && a.key == aRoles {
			st.areas[aAccounts] = true
		}
		if !on && a.key == aAccounts {
			st.areas[aRoles] = false
		}
		if on {
			return "added " + label, true
		}
		return "removed " + label, true
	}
	return "", false
}

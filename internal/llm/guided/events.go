package guided

import (
	"strconv"
	"strings"

	"github.com/specwright/specwright/internal/chat"
	"github.com/specwright/specwright/internal/prompt"
	"github.com/specwright/specwright/internal/tool"
)

// writeName is the name of the engine's file-writing tool; its input is
// {"file_path": "...", "content": "..."}.
const writeName = tool.WriteName

// The paths of the two files the interview produces, relative to the
// project folder.
const (
	AppSpecPath     = "prompts/app_spec.txt"
	InitializerPath = "prompts/initializer_prompt.md"
)

// validationPrefix starts the hidden message the engine sends when the
// written files fail validation.
const validationPrefix = "The spec files did not pass validation"

// idPrefix starts the id of every tool call this package makes. The rest
// of the id names the step and the position of the reply in the
// conversation, so ids are unique and the step can be read back from
// them.
const idPrefix = "guided_"

// freeTextPrefix starts a tool result made by tool.FormatFreeText.
const freeTextPrefix = "The user did not pick from the options"

type eventKind int

const (
	evNone eventKind = iota
	evKickoff
	evText       // the user typed a message
	evAnswer     // the answers to one AskUserQuestion call
	evWrites     // the results of the Write calls of one reply
	evValidation // the engine's validation feedback
)

// event is one thing that happened to the interview, read from a user
// message of the conversation.
type event struct {
	kind eventKind

	text   string // evText, evValidation
	images int    // evText: attached images, which guided mode cannot read

	ask      string            // evAnswer: the step that asked
	answers  map[string]string // evAnswer: answer by question header
	free     bool              // evAnswer: the user replied in their own words
	freeText string            // evAnswer: that reply

	failed []string // evWrites: the error of each failed write
}

// events replays a conversation into the events that drive the
// interview. Tool results are matched to the calls that asked for them;
// results of calls this package did not make are ignored.
func events(msgs []chat.Message) []event {
	uses := map[string]chat.Block{}
	var out []event
	for i, m := range msgs {
		if m.Role == chat.RoleAssistant {
			for _, b := range m.ToolUses() {
				uses[b.ID] = b
			}
			continue
		}
		var texts []string
		images := 0
		var writes *event
		for _, b := range m.Content {
			switch b.Type {
			case chat.BlockText:
				texts = append(texts, b.Text)
			case chat.BlockImage:
				images++
			case chat.BlockToolResult:
				use, ok := uses[b.ToolUseID]
				if !ok || !strings.HasPrefix(use.ID, idPrefix) {
					continue
				}
				switch use.Name {
				case tool.AskName:
					out = append(out, answerEvent(use, b))
				case writeName:
					if writes == nil {
						writes = &event{kind: evWrites}
					}
					if b.IsError {
						msg := oneLine(b.Text, 300)
						if msg == "" {
							msg = "the write failed"
						}
						writes.failed = append(writes.failed, msg)
					}
				}
			}
		}
		if writes != nil {
			out = append(out, *writes)
		}
		text := strings.Join(texts, "\n")
		trimmed := strings.TrimSpace(text)
		switch {
		case trimmed == "" && images == 0:
		case trimmed == prompt.Kickoff && (m.Hidden || i == 0):
			out = append(out, event{kind: evKickoff})
		case strings.HasPrefix(trimmed, validationPrefix):
			out = append(out, event{kind: evValidation, text: text})
		default:
			out = append(out, event{kind: evText, text: text, images: images})
		}
	}
	return out
}

// answerEvent reads the result of an AskUserQuestion call. The answers
// are paired with the headers of the questions actually asked, so a
// result is read correctly even if the questions of a step change
// between versions of this package.
func answerEvent(use, res chat.Block) event {
	ev := event{kind: evAnswer, ask: stepOfID(use.ID), answers: map[string]string{}}
	if res.IsError {
		return ev // the question failed: every answer takes its default
	}
	if strings.HasPrefix(res.Text, freeTextPrefix) {
		ev.free = true
		if _, reply, ok := strings.Cut(res.Text, "\n\nReply: "); ok {
			ev.freeText = strings.TrimSuffix(reply, "\n")
		}
		return ev
	}
	qs, err := tool.ParseAsk(use.Input)
	if err != nil {
		return ev
	}
	for i, a := range tool.ParseAnswers(res.Text) {
		if i < len(qs) && a != "(no answer)" {
			ev.answers[qs[i].Header] = a
		}
	}
	return ev
}

// toolID makes the id of a tool call: the step, the index of the reply
// in the conversation and, for several calls in one reply, a suffix.
func toolID(stepName string, at int, suffix string) string {
	id := idPrefix + stepName + "_" + strconv.Itoa(at)
	if suffix != "" {
		id += "_" + suffix
	}
	return id
}

// stepOfID reads the step name back from an AskUserQuestion id made by
// toolID (which has no suffix).
func stepOfID(id string) string {
	rest := strings.TrimPrefix(id, idPrefix)
	if i := strings.LastIndexByte(rest, '_'); i >= 0 {
		return rest[:i]
	}
	return rest
}

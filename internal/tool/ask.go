package tool

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/specwright/specwright/internal/chat"
)

// AskName is the name of the structured-question tool.
const AskName = "AskUserQuestion"

// Bounds of an AskUserQuestion call, as Claude Code's tool states them.
const (
	MaxQuestions = 4
	MinOptions   = 2
	MaxOptions   = 4
)

// AskSpec describes AskUserQuestion to the model.
func AskSpec() chat.ToolSpec {
	return chat.ToolSpec{
		Name: AskName,
		Description: "Ask the user one to four multiple-choice questions and wait for the answers. " +
			"Use it when the choices are clear; each question has 2-4 options with a short label and a description. " +
			"The user can always pick \"Other\" and type an answer. Ask open questions in plain text instead.",
		Schema: json.RawMessage(askSchema),
	}
}

const askSchema = `{
  "type": "object",
  "properties": {
    "questions": {
      "type": "array", "minItems": 1, "maxItems": 4,
      "items": {
        "type": "object",
        "properties": {
          "question": {"type": "string", "description": "The full question, ending with a question mark."},
          "header": {"type": "string", "description": "A very short label for the question (at most 12 characters)."},
          "options": {
            "type": "array", "minItems": 2, "maxItems": 4,
            "items": {
              "type": "object",
              "properties": {
                "label": {"type": "string", "description": "The choice, in 1-5 words."},
                "description": {"type": "string", "description": "What choosing it means."}
              },
              "required": ["label", "description"]
            }
          },
          "multiSelect": {"type": "boolean", "description": "true when several options may be chosen."}
        },
        "required": ["question", "header", "options", "multiSelect"]
      }
    }
  },
  "required": ["questions"]
}`

// ParseAsk decodes and checks an AskUserQuestion input. The error text is
// written for the model, which can correct its call.
func ParseAsk(input json.RawMessage) ([]chat.Question, error) {
	var in struct {
		Questions []chat.Question `json:"questions"`
	}
	if err := json.Unmarshal(input, &in); err != nil {
		return nil, fmt.Errorf("invalid input: %v", err)
	}
	if len(in.Questions) == 0 || len(in.Questions) > MaxQuestions {
		return nil, fmt.Errorf("ask between 1 and %d questions (got %d)", MaxQuestions, len(in.Questions))
	}
	for i, q := range in.Questions {
		if strings.TrimSpace(q.Question) == "" {
			return nil, fmt.Errorf("question %d has no text", i+1)
		}
		if len(q.Options) < MinOptions || len(q.Options) > MaxOptions {
			return nil, fmt.Errorf("question %d needs %d to %d options (got %d)", i+1, MinOptions, MaxOptions, len(q.Options))
		}
		for j, o := range q.Options {
			if strings.TrimSpace(o.Label) == "" {
				return nil, fmt.Errorf("question %d, option %d has no label", i+1, j+1)
			}
		}
	}
	return in.Questions, nil
}

// FormatAnswers renders the answers to questions as the tool result the
// model reads: each question paired with its answer, so the model never
// guesses which answer belongs where. answers[i] holds the labels or free
// text given for questions[i]; a question without answer says so.
func FormatAnswers(questions []chat.Question, answers [][]string) string {
	var b strings.Builder
	b.WriteString("The user answered:\n")
	for i, q := range questions {
		a := "(no answer)"
		if i < len(answers) && len(answers[i]) > 0 {
			a = strings.Join(answers[i], ", ")
		}
		fmt.Fprintf(&b, "\nQ: %s\nA: %s\n", oneLine(q.Question), oneLine(a))
	}
	return b.String()
}

// FormatFreeText renders a plain message sent while a question was
// pending: the user answered in their own words.
func FormatFreeText(questions []chat.Question, text string) string {
	var b strings.Builder
	b.WriteString("The user did not pick from the options and replied in their own words.\n")
	for _, q := range questions {
		fmt.Fprintf(&b, "\nQ: %s", oneLine(q.Question))
	}
	fmt.Fprintf(&b, "\n\nReply: %s\n", text)
	return b.String()
}

// ParseAnswers recovers the answers from a result made by FormatAnswers,
// one string per question (labels joined with ", "). A result made by
// FormatFreeText yields its reply as the only element.
func ParseAnswers(result string) []string {
	var out []string
	for _, line := range strings.Split(result, "\n") {
		if a, ok := strings.CutPrefix(line, "A: "); ok {
			out = append(out, a)
		}
	}
	if out == nil {
		if _, reply, ok := strings.Cut(result, "\nReply: "); ok {
			out = append(out, strings.TrimRight(reply, "\n"))
		}
	}
	return out
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

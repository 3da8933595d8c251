package termchat

import (
	"sort"
	"strconv"
	"strings"
)

// Choice is what the user picked for one question: option indexes and,
// for "Other", their own words.
type Choice struct {
	Picked []int
	Other  string
}

// value is the answer as the protocol carries it: a label, a list of
// labels, or free text.
func (ch Choice) value(q Question) any {
	var labels []string
	for _, i := range ch.Picked {
		if i >= 0 && i < len(q.Options) {
			labels = append(labels, q.Options[i].Label)
		}
	}
	if o := strings.TrimSpace(ch.Other); o != "" {
		labels = append(labels, o)
	}
	if q.MultiSelect {
		if labels == nil {
			labels = []string{}
		}
		return labels
	}
	if len(labels) == 0 {
		return ""
	}
	return labels[0]
}

// answersFrame builds the answer to a question card from one Choice per
// question.
func answersFrame(card *Item, choices []Choice) (answerFrame, string) {
	answers := map[string]any{}
	for i, q := range card.Questions {
		if i < len(choices) {
			answers[strconv.Itoa(i)] = choices[i].value(q)
		}
	}
	var id *string
	if card.ToolID != "" {
		t := card.ToolID
		id = &t
	}
	return answerFrame{Type: "answer", Answers: answers, ToolID: id}, flattenAnswers(answers)
}

// parseChoice reads a typed answer to q: an option's number or label, or
// several separated by commas ("1,3") where q allows it; anything else is
// the user's own answer ("Other").
func parseChoice(q Question, line string) Choice {
	line = strings.TrimSpace(line)
	var picked []int
	for _, part := range strings.Split(line, ",") {
		i := optionIndex(q, strings.TrimSpace(part))
		if i < 0 {
			return Choice{Other: line}
		}
		picked = append(picked, i)
	}
	if len(picked) > 1 && !q.MultiSelect {
		return Choice{Other: line}
	}
	return Choice{Picked: picked}
}

func optionIndex(q Question, s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		if n >= 1 && n <= len(q.Options) {
			return n - 1
		}
		return -1
	}
	for i, o := range q.Options {
		if strings.EqualFold(o.Label, s) {
			return i
		}
	}
	return -1
}

// flattenAnswers shows answers as the server stores them: "a; b, c".
func flattenAnswers(answers map[string]any) string {
	keys := make([]int, 0, len(answers))
	for k := range answers {
		n, _ := strconv.Atoi(k)
		keys = append(keys, n)
	}
	sort.Ints(keys)
	if len(keys) == 0 {
		return "OK"
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		switch v := answers[strconv.Itoa(k)].(type) {
		case string:
			parts[i] = v
		case []string:
			parts[i] = strings.Join(v, ", ")
		}
	}
	return strings.Join(parts, "; ")
}

package guided

import (
	"fmt"
	"regexp"
	"strings"
)

// A rule the person stated ("45-minute slots", "a reminder 24 hours
// before", "cancel up to 12 hours before", "at most 3 per day") becomes
// an acceptance criterion with their numbers.
var (
	slotRE     = regexp.MustCompile(`(?i)\b(\d+)[- ]?(minute|min|hour)s?\b`)
	remindRE   = regexp.MustCompile(`(?i)\b(?:remind\w*|text messages?|sms|e-?mails?|notifications?|alerts?|messages?)\b.*?\b(\d+)\s*(minute|hour|day|week)s?\s+(before|ahead|in advance|after)`)
	deadlineRE = regexp.MustCompile(`(?i)\b(up to|until|at least|no later than|not later than|as late as)\s+(\d+)\s*(minute|hour|day|week)s?\s+(before|ahead|in advance)`)
	rangeRE    = regexp.MustCompile(`(?i)\b(\d+)\s*(?:to|-|–)\s*(\d+)\s+([a-z]+)`)
	limitRE    = regexp.MustCompile(`(?i)\b(at most|no more than|up to|maximum of|max|limit of|limit|a maximum of)\s+(\d+)\s+([a-z]+)`)
	minimumRE  = regexp.MustCompile(`(?i)\b(at least|minimum of|a minimum of)\s+(\d+)\s+([a-z]+)`)
	moneyLimRE = regexp.MustCompile(`(?i)\b(monthly|weekly|daily|yearly)\s+(limit|budget|cap|goal)`)
)

// ruleCriterion writes the rule of x as Given/When/Then.
func (m *app) ruleCriterion(x act, e *entity) string {
	p := people{m}
	one := "record"
	if e != nil {
		one = e.one
	}
	line := numerals(x.c.pred)
	who := p.signed(x.role)
	roleOne := m.roleName(x.role, false)
	if g := remindRE.FindStringSubmatch(line); g != nil {
		channel := "by email"
		if strings.Contains(strings.ToLower(line), "sms") || strings.Contains(strings.ToLower(line), "text message") {
			channel = "by SMS"
		}
		return fmt.Sprintf("Given %s %s that starts in %s %s, when the reminder job runs, then the %s receives a reminder %s, once.",
			article(one), one, g[1], unit(g[2], g[1]), roleOne, channel)
	}
	if g := deadlineRE.FindStringSubmatch(line); g != nil {
		verb := x.c.verb
		if verb == "" {
			verb = "change"
		}
		n, u := g[2], unit(g[3], g[2])
		return fmt.Sprintf("Given %s %s more than %s %s away, when the %s %s it, then it succeeds; given one less than %s %s away, then the %s is refused with a message saying the limit is %s %s.",
			article(one), one, n, u, roleOne, verb+"s", n, u, nounOf(verb), n, u)
	}
	if g := rangeRE.FindStringSubmatch(line); g != nil {
		return fmt.Sprintf("Given the %s form, when it is sent for fewer than %s or more than %s %s, then it is refused with a message giving the range; from %s to %s it is accepted.",
			one, g[1], g[2], g[3], g[1], g[2])
	}
	if g := limitRE.FindStringSubmatch(line); g != nil {
		return fmt.Sprintf("Given %s who already has %s %s, when they try to add one more, then it is refused with a message naming the limit of %s.",
			who, g[2], g[3], g[2])
	}
	if g := minimumRE.FindStringSubmatch(line); g != nil {
		return fmt.Sprintf("Given %s with fewer than %s %s, when they try to save it, then it is refused with a message saying at least %s are needed.",
			article(one)+" "+one, g[2], g[3], g[2])
	}
	if g := slotRE.FindStringSubmatch(line); g != nil {
		return fmt.Sprintf("Given %s choosing a time, when the free times are offered, then each slot is %s %s long and nothing shorter or longer can be booked.",
			who, g[1], unit(g[2], g[1]))
	}
	if g := moneyLimRE.FindStringSubmatch(line); g != nil {
		period := strings.TrimSuffix(strings.ToLower(g[1]), "ly")
		if period == "dai" {
			period = "day"
		}
		return fmt.Sprintf("Given %s %s with a %s %s, when the %s's spending passes it, then a warning is shown at once.",
			article(one), one, strings.ToLower(g[1]), strings.ToLower(g[2]), period)
	}
	return fmt.Sprintf("Given %s, when they %s, then the app holds to it exactly as stated, and a request that breaks it is refused with a clear message.", who, line)
}

// numerals writes the numbers of a rule as digits: "a day before" → "1
// day before", "two hours" → "2 hours".
func numerals(s string) string {
	return numberWordRE.ReplaceAllStringFunc(s, func(m string) string {
		f := strings.Fields(m)
		return numberWords[strings.ToLower(f[0])] + " " + f[1]
	})
}

var (
	numberWords = map[string]string{"a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
		"six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "twelve": "12", "fifteen": "15", "twenty": "20",
		"thirty": "30", "forty-five": "45", "sixty": "60", "ninety": "90"}
	numberWordRE = regexp.MustCompile(`(?i)\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty-five|sixty|ninety)\s+(minutes?|hours?|days?|weeks?|months?|tickets?|items?|bookings?)\b`)
)

// unit writes a time unit for a number: "hours" for 24, "hour" for 1.
func unit(u, n string) string {
	u = strings.ToLower(u)
	if u == "min" {
		u = "minute"
	}
	if n == "1" {
		return u
	}
	return u + "s"
}

// nounOf names the act of a verb: "cancel" → "cancellation".
func nounOf(verb string) string {
	switch verb {
	case "cancel":
		return "cancellation"
	case "change", "edit", "update":
		return "change"
	case "book", "reserve":
		return "booking"
	case "delete", "remove":
		return "deletion"
	}
	return "request"
}

package guided

// palettes and fonts of each look.
var palettes = map[string][]string{
	lookClean: {"Primary: #2563EB (blue) for buttons, links and focus rings",
		"Background: #FFFFFF; surfaces #F8FAFC; borders #E2E8F0",
		"Text: #0F172A; secondary text #64748B",
		"Success #16A34A, warning #D97706, error #DC2626"},
	lookDark: {"Background: #0F172A; surfaces #1E293B; borders #334155",
		"Primary: #38BDF8 (sky blue) for buttons, links and focus rings",
		"Text: #E2E8F0; secondary text #94A3B8",
		"Success #4ADE80, warning #FBBF24, error #F87171"},
	lookBright: {"Primary: #F97316 (orange); secondary #8B5CF6 (violet)",
		"Background: #FFFBF5; surfaces #FFFFFF; borders #FED7AA",
		"Text: #1C1917; secondary text #78716C",
		"Success #22C55E, warning #EAB308, error #EF4444"},
	lookCalm: {"Primary: #0F766E (teal) for buttons, links and focus rings",
		"Background: #F9FAFB; surfaces #FFFFFF; borders #E5E7EB",
		"Text: #111827; secondary text #6B7280",
		"Success #15803D, warning #B45309, error #B91C1C"},
}

var fonts = map[string]string{
	lookClean:  "Inter",
	lookDark:   "Inter",
	lookBright: "Nunito",
	lookCalm:   "Source Sans 3",
}

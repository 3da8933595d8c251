package guided

import "fmt"

// f makes a feature with one acceptance criterion.
func f(key string, level int, name, desc, acc string) feat {
	return feat{key: key, level: level, name: name, desc: desc, acc: []string{acc}}
}

func (st *state) infraFeats(m *app) []feat {
	db := st.stack.short("database")
	var fs []feat
	if st.stack.hasDB() {
		fs = append(fs,
			f("infra:connect", 0, "Connect to the database", "The backend connects to the "+db+" database when it starts, and stops with a clear message when it cannot.",
				"Given the database is unreachable, when the backend starts, then it exits with a message naming the database and the cause."),
			f("infra:schema", 0, "Create the schema", "The database schema is created automatically on the first start, with every table of database_schema.",
				"Given an empty database, when the backend starts for the first time, then every table of database_schema exists."),
			f("infra:persist", 0, "Keep data across restarts", "Data saved through the app survives a restart of the server.",
				"Given a saved record, when the server is restarted, then the record is still shown."),
			f("infra:real", 0, "Real data only", "No mock or hard-coded data: every screen and API route reads from and writes to the real database.",
				"Given an empty database, when any page opens, then it shows empty states, never sample records."))
	} else {
		fs = append(fs,
			f("infra:memory", 0, "Keep data in memory", "The backend keeps all data in memory and starts empty; the README says that data is reset on restart.",
				"Given saved records, when the server restarts, then the app starts empty and says so in its README."))
	}
	switch {
	case st.stack.hosting.is("docker"):
		fs = append(fs, f("infra:run", 0, "Start with Docker Compose", "docker compose up builds and starts the backend, the frontend and the database, with settings from a .env file.",
			"Given a fresh clone with Docker installed, when docker compose up is run, then the app answers on its port within a minute."))
	case st.stack.hosting.is("server"):
		fs = append(fs, f("infra:run", 0, "Deploy to a server", "The app builds into one deployable unit that reads every setting from environment variables and serves the frontend and the API.",
			"Given the environment variables of the README on a fresh server, when the start command runs, then the app answers on the configured port."))
	default:
		fs = append(fs, f("infra:run", 0, "Start with one command", "One command (./init.sh) installs the dependencies and starts the backend and the frontend on the developer's computer.",
			"Given a fresh clone of the repository, when ./init.sh is run, then the app opens in the browser at the printed address."))
	}
	fs = append(fs, f("infra:health", 0, "Health check", "GET /api/health answers with the app's status and whether the database is reachable.",
		"Given a running app, when GET /api/health is called, then it answers 200 with a JSON status."))
	if st.stack.realtime {
		fs = append(fs,
			f("infra:live", 0, "Live updates", "A change made in one browser window appears in every other open window within two seconds, without reloading.",
				"Given two windows on the same page, when a record is changed in one, then the other shows the change within two seconds."),
			f("infra:reconnect", 1, "Reconnect live updates", "The live connection reconnects by itself after a network drop and catches up on missed changes.",
				"Given an open page whose network drops for ten seconds, when it comes back, then the page reconnects and shows the changes made meanwhile."))
	}
	return fs
}

func (m *app) accountFeats() []feat {
	p := people{m}
	fs := []feat{
		f("acc:signup", 0, "Sign up", "Visitors sign up with their name, an email address and a password of at least 8 characters, which creates their user account.",
			"Given the sign-up form with a new email and an 8-character password, when it is submitted, then the account exists and the visitor is signed in."),
		f("acc:login", 0, "Log in", "People log in with email and password; wrong credentials show one error that reveals nothing else.",
			"Given a wrong password, when someone logs in, then they see \"Wrong email or password\" and stay on the login page."),
		f("acc:logout", 0, "Log out", "Signed-in people log out from any page, which ends their session at once.",
			"Given a signed-in person, when they log out, then opening a protected page sends them to the login page."),
		f("acc:protect", 1, "Protect pages", "Pages that need an account send visitors to the login page, and back to where they were after logging in.",
			"Given a visitor who is not signed in, when they open a protected page, then they land on the login page and return to it after logging in."),
		f("acc:reset", 1, "Reset a forgotten password", "People who forgot their password get a one-time reset link by email, valid for one hour, and confirm a new password with it.",
			"Given a registered email, when a password reset is requested, then an email with a link arrives, and the link works once within the hour."),
		f("acc:profile", 1, "Edit the profile", "Signed-in people change their own name and password on a profile page; a new password needs the current one.",
			"Given a signed-in person on the profile page, when they change their name and save, then the new name shows in the top bar."),
		f("acc:timeout", 2, "End idle sessions", "A session ends after 24 hours without activity and asks to log in again.",
			"Given a session idle for 24 hours, when the next page opens, then the login page is shown."),
	}
	if len(m.roles) > 1 {
		var names []string
		for _, r := range m.roles {
			names = append(names, r.one)
		}
		fs = append(fs, f("acc:roles", 0, "Role on every account", fmt.Sprintf("Every account has one role (%s), and each page and API route checks it.", joinOr(names)),
			fmt.Sprintf("Given %s, when they open a page meant only for another role, then they see a not-allowed message and the API answers 403.", p.signed(m.roles[0].key))))
	}
	if m.role("admin") != nil {
		fs = append(fs,
			f("acc:admin_users", 0, "Manage accounts as admin", "Admins see every account in an admin area and change any account's role.",
				"Given a signed-in admin in the admin area, when they change an account's role and save, then that account has the new role on its next request."),
			f("acc:admin_only", 0, "Keep admin pages for admins", "Only admins may open the admin area; for everyone else its pages and API routes answer 403.",
				"Given a signed-in account that is not an admin, when it calls GET /api/admin/users, then the answer is 403."))
	}
	return fs
}

func joinOr(xs []string) string {
	if len(xs) < 2 {
		return joinAnd(xs)
	}
	return joinAnd(xs[:len(xs)-1]) + " or " + xs[len(xs)-1]
}

func (m *app) areaFeats(st *state, key string) []feat {
	e := m.mainEntity()
	one, many := "item", "items"
	if e != nil {
		one, many = e.one, e.many
	}
	a := article(one)
	k := "area:" + key + ":"
	switch key {
	case aSharing:
		fs := []feat{f(k+"link", 0, "Share by link", fmt.Sprintf("Share %s %s through a link that opens a read-only view.", a, one),
			fmt.Sprintf("Given a shared %s, when someone opens its link without signing in, then they see it and cannot change it.", one))}
		if m.accounts {
			fs = append(fs, f(k+"user", 1, "Share with a person", fmt.Sprintf("Share %s %s with another account by its email address.", a, one),
				fmt.Sprintf("Given %s shared with another account, when that account signs in, then the %s appears in their shared list.", a+" "+one, one)))
		}
		return append(fs,
			f(k+"revoke", 1, "Stop sharing", "Stop sharing at any time: the old link stops working at once.",
				"Given a revoked share link, when it is opened, then the page says the link no longer works."),
			f(k+"byline", 2, "Say who shared", "A shared view shows who shared it and when.",
				"Given a shared view, when it opens, then the sharer's name and the date are shown."))
	case aNotifications:
		return []feat{
			f(k+"inapp", 0, "In-app notifications", "In-app notifications appear when something that concerns the person happens.",
				"Given a change that concerns someone, when it is saved, then a notification appears for them within a minute."),
			f(k+"badge", 0, "Unread badge", "A badge shows the number of unread notifications; opening one marks it read.",
				"Given two unread notifications, when one is opened, then the badge shows 1."),
			f(k+"readall", 1, "Mark all read", "Mark all notifications as read at once.",
				"Given three unread notifications, when Mark all read is clicked, then the badge disappears."),
			f(k+"prefs", 2, "Choose notifications", "Choose which kinds of notification to receive.",
				"Given a kind switched off, when such a change happens, then no notification appears for it."),
		}
	case aSearch:
		return []feat{
			f(k+"box", 0, "Search "+many, fmt.Sprintf("A search box finds %s by any word they contain.", many),
				fmt.Sprintf("Given %s titled \"Blue\" and \"Red\", when \"blu\" is searched, then only \"Blue\" is listed.", many)),
			f(k+"none", 1, "No results", "A search with no results says so and offers to clear the filters.",
				"Given a word nothing contains, when it is searched, then the page says nothing was found."),
			f(k+"filters", 1, "Filter results", "Narrow search results with filters on the fields shown in the list.",
				"Given search results, when a filter is applied, then only matching results stay."),
			f(k+"highlight", 2, "Highlight matches", "Matching words are highlighted in the results.",
				"Given a search for a word, when the results show, then the word is highlighted in every result."),
		}
	case aDashboards:
		return []feat{
			f(k+"numbers", 0, "Dashboard", fmt.Sprintf("A dashboard shows the key numbers at a glance, such as the number of %s.", many),
				fmt.Sprintf("Given five saved %s, when the dashboard opens, then it shows 5 %s.", many, many)),
			f(k+"chart", 1, "Activity chart", "A chart shows activity over time.",
				"Given records on three different days, when the dashboard opens, then the chart shows those three days."),
			f(k+"range", 1, "Pick a date range", "Pick the date range the dashboard covers.",
				"Given a chosen range of last week, when it is applied, then every number covers only last week."),
		}
	case aSettings:
		return []feat{
			f(k+"page", 0, "Settings page", "A settings page lets people change their preferences, saved at once.",
				"Given the settings page, when a preference is changed, then it is saved without a save button and shown as saved."),
			f(k+"keep", 1, "Remember settings", "Preferences are remembered after reloading the page and on another device.",
				"Given a changed preference, when the page is reloaded, then the preference is still set."),
			f(k+"reset", 2, "Reset settings", "Reset all settings to their defaults.",
				"Given changed settings, when Reset is confirmed, then every setting is back to its default."),
		}
	case aImportExport:
		return []feat{
			f(k+"export", 0, "Export "+many, fmt.Sprintf("Export %s to a CSV file with one row per %s.", many, one),
				fmt.Sprintf("Given three saved %s, when Export is clicked, then a CSV file with a header and three rows downloads.", many)),
			f(k+"import", 1, "Import "+many, fmt.Sprintf("Import %s from a CSV file, with a preview and a clear error for each bad row.", many),
				"Given a CSV file with one bad row, when it is imported, then the preview names that row and nothing is saved until confirmed."),
			f(k+"backup", 2, "Export everything", "Export all data as one JSON file for backup.",
				"Given saved data, when Export everything is clicked, then a JSON file with every record downloads."),
		}
	case aMobile:
		return []feat{
			f(k+"phone", 0, "Phone-sized screens", "Every page is usable on a phone-sized screen, 360 pixels wide.",
				"Given a 360-pixel-wide screen, when any page opens, then nothing needs sideways scrolling."),
			f(k+"tap", 1, "Tappable controls", "Buttons and links are at least 44 pixels high, comfortable to tap.",
				"Given a phone-sized screen, when the controls are measured, then each is at least 44 pixels high."),
			f(k+"menu", 2, "Folding menu", "On small screens the navigation folds into a menu.",
				"Given a phone-sized screen, when the menu button is tapped, then the navigation opens."),
		}
	case aDarkMode:
		return []feat{
			f(k+"switch", 0, "Dark theme", "Switch between a light and a dark theme from the top bar.",
				"Given the light theme, when the theme switch is clicked, then every page turns dark."),
			f(k+"keep", 1, "Remember the theme", "The chosen theme is remembered across visits.",
				"Given the dark theme chosen, when the app is opened again, then it is still dark."),
			f(k+"system", 2, "Follow the system theme", "The theme follows the system setting until a theme is picked.",
				"Given a system set to dark and no theme picked, when the app opens, then it is dark."),
		}
	case aHistory:
		return []feat{
			f(k+"list", 0, "Change history", "A history page lists recent changes: who did what, and when.",
				fmt.Sprintf("Given %s %s changed by someone, when the history page opens, then the change is listed with their name and the time.", a, one)),
			f(k+"each", 1, "History of one "+one, fmt.Sprintf("Each %s shows its own change history.", one),
				fmt.Sprintf("Given %s %s edited twice, when its page opens, then both changes are listed.", a, one)),
			f(k+"filter", 2, "Filter the history", "Filter the history by date.",
				"Given changes on two days, when one day is chosen, then only that day's changes are listed."),
		}
	case aLanguages:
		return []feat{
			f(k+"switch", 0, "Switch language", "Switch the interface language from a menu in the top bar.",
				"Given the language menu, when another language is chosen, then every label on the page changes to it."),
			f(k+"format", 1, "Local formats", "Dates and numbers are formatted for the chosen language.",
				"Given German chosen, when a date is shown, then it reads day.month.year."),
			f(k+"files", 2, "Translation files", "All interface text comes from translation files, one per language.",
				"Given a new translation file, when it is added, then its language appears in the menu."),
		}
	}
	return nil
}

func (st *state) uiFeats(m *app) []feat {
	var manys []string
	for _, e := range m.entities {
		manys = append(manys, e.many)
	}
	lists := "Every list"
	if len(manys) > 0 {
		lists = "Every list (" + joinAnd(manys) + ")"
	}
	fs := []feat{
		f("ui:nav", 0, "Navigation", "A navigation menu reaches every main page from anywhere in the app.",
			"Given any page, when the menu is opened, then every main page of ui_layout is one click away."),
		f("ui:loading", 0, "Loading indicator", "A loading indicator shows while data is on its way, and the page never looks frozen.",
			"Given a slow network, when a page loads its data, then a loading indicator is shown until it arrives."),
	}
	if !st.areas[aMobile] {
		fs = append(fs, f("ui:responsive", 1, "Adaptive layout", "The layout adapts from phone to desktop width without sideways scrolling.",
			"Given a 360-pixel-wide window, when any page opens, then its content fits the width."))
	}
	return append(fs,
		f("ui:design", 1, "Consistent design", "Colours, type and spacing follow the design system on every page.",
			"Given any two pages, when they are compared, then buttons, inputs and headings look the same on both."),
		f("ui:toast", 2, "Saved confirmation", "A short confirmation appears after saving and fades after three seconds.",
			"Given a form, when it is saved, then a confirmation appears and fades after three seconds."),
		f("ui:empty", 2, "Empty lists", lists+" shows a friendly empty state with a button to add the first entry.",
			"Given no saved records, when a list page opens, then it explains what belongs there and offers the add button."),
		f("ui:sort", 2, "Sort and filter lists", lists+" sorts by any column it shows and filters by typed words.",
			"Given ten saved records, when a column header is clicked, then the list is sorted by it; when a word is typed in the filter, then only matching records stay."),
		f("ui:pages", 2, "Long lists", "Long lists load fifty entries at a time, with a control for the next page.",
			"Given 120 saved records, when a list opens, then fifty are shown and the next-page control loads the rest."),
		f("ui:keyboard", 2, "Keyboard use", "Every action works with the keyboard alone, with a visible focus.",
			"Given only a keyboard, when a person tabs through a page, then every control is reachable and its focus is visible."))
}

var errorFeats = []feat{
	f("err:input", 0, "Invalid input", "Invalid input in any form shows a clear message next to the field, and nothing is saved.",
		"Given a form with an invalid value, when it is submitted, then the message appears next to that field."),
	f("err:request", 0, "Failed requests", "A failed request shows an error message and a way to retry, and nothing typed is lost.",
		"Given the server is unreachable, when a form is submitted, then an error with a Retry button shows and the typed values stay."),
	f("err:notfound", 1, "Not found page", "An unknown address shows a friendly not-found page with a way back.",
		"Given an address that does not exist, when it is opened, then the not-found page offers a link home."),
	f("err:special", 1, "Special characters", "Text with special characters (& < > quotes and emoji) is saved and shown exactly as typed.",
		"Given a name with & < > and an emoji, when it is saved and reloaded, then it shows exactly as typed."),
	f("err:double", 2, "Double submit", "Clicking a submit button twice creates only one record.",
		"Given a form, when its submit button is clicked twice quickly, then one record is saved."),
	f("err:long", 2, "Long text", "Very long text wraps or is shortened without breaking the layout.",
		"Given a 500-character title, when it is listed, then it is shortened with an ellipsis and the layout holds."),
}

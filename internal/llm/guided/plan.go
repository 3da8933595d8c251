package guided

import "strings"

// plan is what the interview derived at one size: the model and the
// feature list.
type plan struct {
	app   *app
	cats  []cat
	count int
}

// defaultActivity stands in when the user listed nothing usable.
const defaultActivity = "manage their items"

func (st *state) plan() plan { return st.planAt(st.size) }

// planAt derives the features at one size. It is a pure function of
// the state, which makes the count the user confirms the count that is
// written.
func (st *state) planAt(size int) plan {
	maxLevel := size + 1
	m := st.buildApp(st.project)
	p := plan{app: m}
	used := map[string]bool{}
	add := func(name, title string, fs []feat) {
		var kept []feat
		seen := map[string]bool{}
		for _, f := range fs {
			if f.level <= maxLevel && !seen[f.key] && !m.removed[f.key] {
				seen[f.key] = true
				kept = append(kept, f)
			}
		}
		if len(kept) == 0 {
			return
		}
		for used[name] || name == "" {
			name += "_items"
		}
		used[name] = true
		p.cats = append(p.cats, cat{name: name, title: title, feats: kept})
		p.count += len(kept)
	}
	for _, r := range reservedCategory {
		used[r] = false
	}
	add("infrastructure", "Infrastructure", st.infraFeats(m))
	if m.accounts {
		add("accounts_and_sign_in", "Accounts and sign-in", m.accountFeats())
	}
	for _, e := range m.entities {
		name := slug(e.many)
		for isReserved(name) {
			name += "_data"
		}
		add(name, upperFirst(e.many), m.entityFeats(e))
	}
	// Activities on nothing the app keeps, by the role that does them.
	for _, r := range m.roles {
		var fs []feat
		for _, x := range m.acts {
			if x.entity == "" && x.role == r.key {
				fs = append(fs, m.actFeat(x, nil))
			}
		}
		add(slug(r.one)+"_workflows", upperFirst(r.one)+" workflows", fs)
	}
	for _, a := range st.chosenAreas() {
		if a.key != aAccounts && a.key != aRoles {
			add(areaCategory[a.key], areaTitle[a.key], m.areaFeats(st, a.key))
		}
	}
	add("user_interface", "User interface", st.uiFeats(m))
	add("errors_and_edge_cases", "Errors and edge cases", errorFeats)
	return p
}

var reservedCategory = []string{"infrastructure", "accounts_and_sign_in", "user_interface", "errors_and_edge_cases",
	"sharing", "notifications", "search", "dashboards_and_reports", "settings", "import_and_export",
	"mobile_layout", "dark_mode", "activity_history", "languages"}

func isReserved(name string) bool {
	for _, r := range reservedCategory {
		if r == name || strings.HasSuffix(name, "_workflows") {
			return true
		}
	}
	return false
}

var areaCategory = map[string]string{
	aAccounts: "accounts_and_sign_in", aRoles: "roles_and_permissions", aSharing: "sharing",
	aNotifications: "notifications", aSearch: "search", aDashboards: "dashboards_and_reports",
	aSettings: "settings", aImportExport: "import_and_export", aMobile: "mobile_layout",
	aDarkMode: "dark_mode", aHistory: "activity_history", aLanguages: "languages",
}

var areaTitle = map[string]string{
	aAccounts: "Accounts and sign-in", aRoles: "Roles and permissions", aSharing: "Sharing",
	aNotifications: "Notifications", aSearch: "Search", aDashboards: "Dashboards and reports",
	aSettings: "Settings", aImportExport: "Import and export", aMobile: "Mobile layout",
	aDarkMode: "Dark mode", aHistory: "Activity history", aLanguages: "Languages",
}

// assignIDs gives every feature of p its ID: the one it had in the last
// written spec, or the next unused number. IDs of removed features are
// never given again.
func (st *state) assignIDs(p plan) (map[string]string, int) {
	ids := make(map[string]string, len(st.ids))
	for k, v := range st.ids {
		ids[k] = v
	}
	next := st.nextID
	for _, c := range p.cats {
		for _, f := range c.feats {
			if _, ok := ids[f.key]; !ok {
				next++
				ids[f.key] = featureID(next)
			}
		}
	}
	return ids, next
}

func featureID(n int) string {
	s := itoa(n)
	for len(s) < 3 {
		s = "0" + s
	}
	return "F-" + s
}

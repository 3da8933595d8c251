package guided

import (
	"strings"

	"github.com/specwright/specwright/internal/spec"
)

// tableName is the table of an entity; a name the app's own tables
// take ("sessions", "users") gets a suffix.
func tableName(e *entity) string {
	s := slug(e.many)
	if s == "" {
		return "items"
	}
	if systemTables[s] {
		s += "_records"
	}
	return s
}

var systemTables = set("tables", "fields", "users", "login_sessions", "password_reset_tokens", "shares", "notifications", "user_settings", "activity_log")

func (st *state) tables(m *app) []spec.Table {
	var out []spec.Table
	pk := spec.Field{Name: "id", Type: "integer", Notes: "primary key"}
	stamps := []spec.Field{{Name: "created_at", Type: "datetime", Required: true}, {Name: "updated_at", Type: "datetime", Required: true}}
	if m.accounts {
		var names []string
		for _, r := range m.roles {
			names = append(names, r.one)
		}
		role := spec.Field{Name: "role", Type: "text", Required: true, Notes: "one of: " + cleanLine(strings.Join(names, ", "))}
		if m.role("admin") != nil {
			role.Notes += "; the first account is an admin"
		}
		out = append(out,
			spec.Table{Name: "users", Fields: []spec.Field{pk,
				{Name: "email", Type: "text", Required: true, Notes: "unique"},
				{Name: "password_hash", Type: "text", Required: true, Notes: "bcrypt"},
				{Name: "name", Type: "text", Required: true}, role, stamps[0]}},
			spec.Table{Name: "login_sessions", Fields: []spec.Field{pk,
				{Name: "user_id", Type: "integer", References: "users", Required: true},
				{Name: "token_hash", Type: "text", Required: true, Notes: "unique"},
				{Name: "expires_at", Type: "datetime", Required: true}, stamps[0]}},
			spec.Table{Name: "password_reset_tokens", Fields: []spec.Field{pk,
				{Name: "user_id", Type: "integer", References: "users", Required: true},
				{Name: "token_hash", Type: "text", Required: true, Notes: "unique"},
				{Name: "expires_at", Type: "datetime", Required: true},
				{Name: "used_at", Type: "datetime"}}})
	}
	for _, e := range m.entities {
		fs := []spec.Field{pk}
		if m.accounts {
			owner := slug(m.roleName(e.owner, false)) + "_id"
			if refersTo(e, e.owner) {
				owner = "created_by"
			}
			fs = append(fs, spec.Field{Name: owner, Type: "integer", References: "users", Required: true, Notes: "the " + cleanLine(m.roleName(e.owner, false)) + " who created it"})
		}
		var joins []spec.Table
		for _, f := range e.fields {
			sf := spec.Field{Name: f.name, Type: typeOf(f), Required: f.required, Notes: cleanLine(f.note)}
			switch f.kind {
			case kRef:
				if r, ok := strings.CutPrefix(f.ref, "role:"); ok {
					sf.References = "users"
					if sf.Notes == "" {
						sf.Notes = "a user with the " + cleanLine(m.roleName(r, false)) + " role"
					}
				} else if t := m.entity(f.ref); t != nil {
					sf.References = tableName(t)
				}
			case kRefs:
				if t := m.entity(f.ref); t != nil {
					joins = append(joins, spec.Table{Name: slug(e.one) + "_" + tableName(t), Fields: []spec.Field{
						{Name: slug(e.one) + "_id", Type: "integer", References: tableName(e), Required: true},
						{Name: slug(t.one) + "_id", Type: "integer", References: tableName(t), Required: true},
						{Name: "position", Type: "integer", Notes: "order within the " + cleanLine(e.one)}}})
				}
				continue
			}
			fs = append(fs, sf)
		}
		fs = append(fs, stamps...)
		out = append(out, spec.Table{Name: tableName(e), Fields: fs})
		out = append(out, joins...)
	}
	user := func() []spec.Field {
		if m.accounts {
			return []spec.Field{{Name: "user_id", Type: "integer", References: "users", Required: true}}
		}
		return nil
	}
	main := m.mainEntity()
	if st.areas[aSharing] && main != nil {
		fs := []spec.Field{pk, {Name: slug(main.one) + "_id", Type: "integer", References: tableName(main), Required: true},
			{Name: "token", Type: "text", Required: true, Notes: "unique, random"}}
		if m.accounts {
			fs = append(fs, spec.Field{Name: "shared_with_user_id", Type: "integer", References: "users", Notes: "empty for a link share"})
		}
		out = append(out, spec.Table{Name: "shares", Fields: append(fs, stamps[0], spec.Field{Name: "revoked_at", Type: "datetime"})})
	}
	if st.areas[aNotifications] {
		fs := append([]spec.Field{pk}, user()...)
		out = append(out, spec.Table{Name: "notifications", Fields: append(fs,
			spec.Field{Name: "kind", Type: "text", Required: true}, spec.Field{Name: "message", Type: "text", Required: true},
			spec.Field{Name: "link", Type: "text"}, spec.Field{Name: "read_at", Type: "datetime"}, stamps[0])})
	}
	if st.areas[aSettings] || st.areas[aDarkMode] || st.areas[aLanguages] {
		fs := append([]spec.Field{pk}, user()...)
		out = append(out, spec.Table{Name: "user_settings", Fields: append(fs,
			spec.Field{Name: "theme", Type: "text"}, spec.Field{Name: "language", Type: "text"},
			spec.Field{Name: "preferences", Type: "JSON"}, stamps[1])})
	}
	if st.areas[aHistory] {
		fs := append([]spec.Field{pk}, user()...)
		out = append(out, spec.Table{Name: "activity_log", Fields: append(fs,
			spec.Field{Name: "action", Type: "text", Required: true, Notes: "created, updated or deleted"},
			spec.Field{Name: "entity_type", Type: "text", Required: true}, spec.Field{Name: "entity_id", Type: "integer", Required: true},
			spec.Field{Name: "summary", Type: "text"}, stamps[0])})
	}
	return out
}

// apiPath turns a slug into a URL path segment.
func apiPath(s string) string { return strings.ReplaceAll(s, "_", "-") }

func ep(method, path, desc string) spec.Endpoint {
	return spec.Endpoint{Method: method, Path: path, Description: cleanLine(desc)}
}

func (st *state) apiAreas(m *app) []spec.APIArea {
	var out []spec.APIArea
	add := func(name string, eps ...spec.Endpoint) {
		for i := range out {
			if out[i].Name == name {
				out[i].Endpoints = append(out[i].Endpoints, eps...)
				return
			}
		}
		out = append(out, spec.APIArea{Name: name, Endpoints: eps})
	}
	add("health", ep("GET", "/api/health", "the app's status"))
	if m.accounts {
		add("auth", ep("POST", "/api/auth/signup", "create an account"), ep("POST", "/api/auth/login", "log in"),
			ep("POST", "/api/auth/logout", "log out"), ep("GET", "/api/auth/me", "the signed-in account"),
			ep("PUT", "/api/auth/me", "change name or password"), ep("POST", "/api/auth/password-reset", "send a password reset link"),
			ep("POST", "/api/auth/password-reset/confirm", "set a new password with the link's token"))
	}
	if m.role("admin") != nil {
		add("admin", ep("GET", "/api/admin/users", "every account, for admins"), ep("PUT", "/api/admin/users/:id/role", "change an account's role"))
	}
	for _, e := range m.entities {
		base := "/api/" + apiPath(tableName(e))
		name := tableName(e)
		add(name, ep("GET", base, "list "+e.many), ep("POST", base, "add "+article(e.one)+" "+e.one),
			ep("GET", base+"/:id", "one "+e.one), ep("PUT", base+"/:id", "change "+article(e.one)+" "+e.one),
			ep("DELETE", base+"/:id", "delete "+article(e.one)+" "+e.one))
		for _, x := range m.acts {
			if x.entity != e.key || x.c.kind != verbManage || createVerbs[x.c.verb] {
				continue
			}
			v := slug(x.c.verb)
			if v == "" || v == "edit" || v == "update" || v == "delete" || v == "remove" {
				continue
			}
			add(name, ep("POST", base+"/:id/"+apiPath(v), x.c.pred))
		}
	}
	for _, x := range m.acts {
		if x.entity != "" || x.c.kind != verbView {
			continue
		}
		words := phraseWords(strings.TrimPrefix(x.c.pred, x.c.verb+" "))
		if s := slug(strings.Join(words, " ")); s != "" {
			add("views", ep("GET", "/api/views/"+apiPath(s), x.c.pred))
		}
	}
	main := m.mainEntity()
	if st.areas[aSearch] {
		add("search", ep("GET", "/api/search?q=words", "search by words"))
	}
	if st.areas[aSharing] && main != nil {
		add("shares", ep("POST", "/api/"+apiPath(tableName(main))+"/:id/shares", "share"), ep("DELETE", "/api/shares/:id", "stop sharing"),
			ep("GET", "/api/shared/:token", "the read-only shared view"))
	}
	if st.areas[aNotifications] {
		add("notifications", ep("GET", "/api/notifications", "the account's notifications"),
			ep("POST", "/api/notifications/:id/read", "mark one read"), ep("POST", "/api/notifications/read-all", "mark all read"))
	}
	if st.areas[aDashboards] {
		add("dashboard", ep("GET", "/api/dashboard", "the dashboard's numbers and chart, for the range given as from and to"))
	}
	if st.areas[aSettings] || st.areas[aDarkMode] || st.areas[aLanguages] {
		add("settings", ep("GET", "/api/settings", "the account's settings"), ep("PUT", "/api/settings", "change settings"))
	}
	if st.areas[aImportExport] {
		add("import_export", ep("GET", "/api/export?format=csv", "export as CSV"), ep("GET", "/api/export?format=json", "export everything"),
			ep("POST", "/api/import", "import a CSV file"))
	}
	if st.areas[aHistory] {
		add("history", ep("GET", "/api/history", "recent changes"))
	}
	if st.stack.realtime {
		add("live", ep("GET", "/api/live", "WebSocket upgrade for live updates"))
	}
	return out
}

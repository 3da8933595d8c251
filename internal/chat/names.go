package chat

import (
	"regexp"
	"strings"
)

var projectNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,50}$`)

// ValidProjectName reports whether name may name a project: 1–50 ASCII
// letters, digits, '-' or '_', and not a Windows device name in any case.
func ValidProjectName(name string) bool {
	if !projectNameRE.MatchString(name) {
		return false
	}
	return !IsReservedName(name)
}

// IsReservedName reports whether base (without extension) is a Windows
// device name such as CON, NUL, COM1 or LPT9, in any case.
func IsReservedName(base string) bool {
	switch strings.ToUpper(base) {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	u := strings.ToUpper(base)
	if len(u) == 4 && (strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT")) {
		c := u[3]
		return c >= '0' && c <= '9'
	}
	return false
}

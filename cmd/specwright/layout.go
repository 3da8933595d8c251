package main

import (
	"fmt"

	"github.com/specwright/specwright/internal/session"
)

// layoutDir is the prompts folder a --layout names.
func layoutDir(layout string) (string, error) {
	switch layout {
	case "", "prompts":
		return session.PromptsDir, nil
	case "autoforge":
		return session.AutoForgePromptsDir, nil
	}
	return "", fmt.Errorf("--layout must be prompts or autoforge, not %q", layout)
}

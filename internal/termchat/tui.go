package termchat

import (
	"context"
	"errors"
)

func runTUI(ctx context.Context, cfg Config) error { return errors.New("todo") }

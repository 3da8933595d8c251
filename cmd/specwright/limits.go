package main

import (
	"fmt"
	"math"
	"net"
	"strconv"

	"github.com/specwright/specwright/internal/session"
)

// minReadLimit is the smallest --ws-read-limit that still carries the
// protocol's messages with some text.
const minReadLimit = 1 << 10

// validate checks every flag that can be checked without touching the
// disk or the network, so that a mistake is reported before anything is
// created. A limit of zero or less is an error, not a request for the
// default: the flag's default is the default.
func (cfg serveConfig) validate() error {
	if _, _, err := splitAddr(cfg.Addr); err != nil {
		return err
	}
	if _, err := parseLevel(cfg.LogLevel); err != nil {
		return err
	}
	if err := checkProviderName(cfg.Provider); err != nil {
		return err
	}
	if _, err := layoutDir(cfg.Layout); err != nil {
		return err
	}
	if cfg.DataDir == "" {
		return fmt.Errorf("--data-dir is empty: name the folder for the database and the projects")
	}
	for _, l := range []struct {
		flag   string
		v, min int64
		why    string
	}{
		{"--max-running", int64(cfg.MaxRunning), 1, ""},
		{"--max-tool-calls", int64(cfg.MaxToolCalls), 1, ""},
		{"--max-sockets", int64(cfg.MaxSocketsPerProject), 1, ""},
		{"--max-sockets-per-client", int64(cfg.MaxSocketsPerClient), 1, ""},
		{"--max-sockets-total", int64(cfg.MaxSockets), 1, ""},
		{"--ws-read-limit", cfg.ReadLimit, minReadLimit, " bytes, to carry a message with some text"},
		{"--ws-read-budget", cfg.ReadBudget, max(cfg.ReadLimit, minReadLimit), " bytes: one message of --ws-read-limit must fit"},
	} {
		if l.v < l.min {
			return fmt.Errorf("%s %d: must be at least %d%s (leave the flag out for its default)", l.flag, l.v, l.min, l.why)
		}
	}
	if !(cfg.MessageRate > 0) || math.IsInf(cfg.MessageRate, 0) {
		return fmt.Errorf("--message-rate %g: must be a number of messages a second above 0", cfg.MessageRate)
	}
	if cfg.TurnTimeout <= 0 {
		return fmt.Errorf("--turn-timeout %v: must be above 0 (leave it out for the default, %v)", cfg.TurnTimeout, session.DefaultTurnTimeout)
	}
	if cfg.StallTimeout < 0 {
		return fmt.Errorf("--stall-timeout %v: must not be negative (leave it out for the provider's default)", cfg.StallTimeout)
	}
	return nil
}

// splitAddr splits --addr into host and a valid port.
func splitAddr(addr string) (host string, port int, err error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("--addr %q: %v; write host:port, such as 127.0.0.1:8888", addr, addrReason(err))
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 || n > 65535 {
		return "", 0, fmt.Errorf("--addr %q: the port must be a number from 0 to 65535", addr)
	}
	return host, n, nil
}

func addrReason(err error) string {
	if ae, ok := err.(*net.AddrError); ok {
		return ae.Err
	}
	return err.Error()
}

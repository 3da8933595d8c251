package main

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"

	"github.com/specwright/specwright/internal/httpapi"
)

// guardConfig decides who may talk to the server. A loopback address
// needs nothing more; any other needs --allow-remote and a token, which
// is generated when none is given (launch then says so, so that the
// caller prints the URL that carries it).
func guardConfig(cfg *serveConfig, getenv func(string) string) (g httpapi.GuardConfig, launch bool, err error) {
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return g, false, fmt.Errorf("--addr %q: %v", cfg.Addr, err)
	}
	token, err := readToken(cfg, getenv)
	if err != nil {
		return g, false, err
	}
	g = httpapi.GuardConfig{AllowedHosts: cfg.AllowedHosts, AllowedOrigins: cfg.AllowedOrigins, Token: token}
	if !isLoopback(host) {
		if !cfg.AllowRemote {
			return g, false, fmt.Errorf("--addr %s would expose specwright beyond this machine; add --allow-remote (a token is then required on every call)", cfg.Addr)
		}
		if ip, err := netip.ParseAddr(host); err == nil && !ip.IsUnspecified() {
			g.AllowedHosts = append(g.AllowedHosts, host)
		}
		if g.Token == "" {
			if g.Token, err = httpapi.GenerateToken(); err != nil {
				return g, false, err
			}
			launch = true
		}
	}
	if err := g.Validate(); err != nil {
		return g, false, err
	}
	return g, launch, nil
}

// readToken takes the token from --token, --token-file or
// SPECWRIGHT_TOKEN, in that order.
func readToken(cfg *serveConfig, getenv func(string) string) (string, error) {
	if cfg.Token != "" {
		return cfg.Token, nil
	}
	if cfg.TokenFile != "" {
		data, err := os.ReadFile(cfg.TokenFile)
		if err != nil {
			return "", fmt.Errorf("--token-file: %v", err)
		}
		t := strings.TrimSpace(string(data))
		if t == "" {
			return "", fmt.Errorf("--token-file %s is empty", cfg.TokenFile)
		}
		return t, nil
	}
	return getenv("SPECWRIGHT_TOKEN"), nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

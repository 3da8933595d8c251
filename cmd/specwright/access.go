package main

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"github.com/specwright/specwright/internal/httpapi"
)

// guardConfig decides who may talk to the server. A loopback address
// needs nothing more; any other needs --allow-remote and a token, which
// is generated when none is given (launch then says so, so that the
// caller prints the URL that carries it).
func guardConfig(cfg *serveConfig, getenv func(string) string) (g httpapi.GuardConfig, launch bool, err error) {
	host, _, err := splitAddr(cfg.Addr)
	if err != nil {
		return g, false, err
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
		// The names the server is reached by where it listens: without
		// them the URL it prints would be refused as DNS rebinding.
		g.AllowedHosts = append(g.AllowedHosts, listenHosts(host, interfaceAddrs())...)
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

// listenHosts returns the Host names that reach a server listening on
// host: the address itself, or for a wildcard ("", 0.0.0.0, ::) every
// address of this machine and its host name. IP literals cannot be
// rebound by DNS, and the host name is this machine's own; link-local
// IPv6 addresses need a zone, which no Host header carries, and are left
// out.
func listenHosts(host string, addrs []netip.Addr) []string {
	ip, err := netip.ParseAddr(host)
	switch {
	case err != nil && host != "":
		return []string{host} // a name
	case err == nil && !ip.IsUnspecified():
		return []string{hostLiteral(ip)}
	}
	var out []string
	for _, a := range addrs {
		if a.IsLinkLocalUnicast() || a.Zone() != "" || (ip.Is4() && !a.Is4()) {
			continue
		}
		out = append(out, hostLiteral(a))
	}
	if name, err := os.Hostname(); err == nil && name != "" && !strings.ContainsAny(name, "/:[]% ") {
		out = append(out, name)
	}
	return out
}

// reachableAddr is host:port of a URL that reaches the server listening
// on addr: the address itself, or for a wildcard this machine's first
// address that another machine can use, preferring IPv4, and loopback
// when it has none.
func reachableAddr(addr *net.TCPAddr) string {
	port := strconv.Itoa(addr.Port)
	ip, ok := netip.AddrFromSlice(addr.IP)
	if !ok {
		return net.JoinHostPort("127.0.0.1", port)
	}
	ip = ip.Unmap()
	if !ip.IsUnspecified() {
		return net.JoinHostPort(ip.String(), port)
	}
	return net.JoinHostPort(pickAddr(interfaceAddrs(), ip.Is4()).String(), port)
}

// pickAddr chooses the address to print for a wildcard listener.
func pickAddr(addrs []netip.Addr, only4 bool) netip.Addr {
	var v6 netip.Addr
	for _, a := range addrs {
		switch {
		case a.IsLoopback() || a.IsLinkLocalUnicast() || a.Zone() != "":
		case a.Is4():
			return a
		case !only4 && !v6.IsValid():
			v6 = a
		}
	}
	if v6.IsValid() {
		return v6
	}
	return netip.MustParseAddr("127.0.0.1")
}

// interfaceAddrs lists the IP addresses of this machine's interfaces.
func interfaceAddrs() []netip.Addr {
	list, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []netip.Addr
	for _, a := range list {
		if n, ok := a.(*net.IPNet); ok {
			if ip, ok := netip.AddrFromSlice(n.IP); ok {
				out = append(out, ip.Unmap())
			}
		}
	}
	return out
}

// hostLiteral is ip as it stands in a Host header.
func hostLiteral(ip netip.Addr) string {
	if ip.Is6() {
		return "[" + ip.String() + "]"
	}
	return ip.String()
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

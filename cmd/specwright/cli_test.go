package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

// runCLI runs the program with args and an empty environment but for
// env.
func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errs)
	return code, out.String(), errs.String()
}

// Issue 9 §3.1: a real top-level help, one line per command, on every
// spelling; the bare command shows it too, as a usage error.
func TestTopLevelHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"help"}, {"help", "help"}, {}} {
		code, stdout, stderr := runCLI(t, nil, args...)
		out, want := stdout, 0
		if len(args) == 0 {
			out, want = stderr, 2
		}
		if code != want {
			t.Errorf("%q: exit %d, want %d", args, code, want)
		}
		for _, c := range commands() {
			if !strings.Contains(out, "  "+c.name+" ") || !strings.Contains(out, c.summary+"\n") {
				t.Errorf("%q: the help does not list %s with its summary:\n%s", args, c.name, out)
			}
		}
	}
	for _, name := range []string{"serve", "providers", "validate", "version", "help"} {
		if _, ok := findCommand(name); !ok {
			t.Errorf("no command %s", name)
		}
	}
	code, _, stderr := runCLI(t, nil, "frobnicate")
	if code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"; run "specwright help"`) {
		t.Errorf("unknown command: %d %q", code, stderr)
	}
}

// Issue 9 §3.1–3.3: each command's help exits 0, on stdout through
// help COMMAND; the serve usage names the flag's value plainly and lists
// claudecli; the undocumented "claude" alias is refused with the way on.
func TestCommandHelp(t *testing.T) {
	for _, name := range []string{"serve", "providers", "validate", "version"} {
		code, stdout, _ := runCLI(t, nil, "help", name)
		if code != 0 || !strings.Contains(stdout, "usage: specwright "+name) {
			t.Errorf("help %s: exit %d, stdout %q", name, code, stdout)
		}
		code, _, stderr := runCLI(t, nil, name, "--help")
		if code != 0 || !strings.Contains(stderr, "usage: specwright "+name) {
			t.Errorf("%s --help: exit %d, stderr %q", name, code, stderr)
		}
	}
	_, serveHelp, _ := runCLI(t, nil, "help", "serve")
	if strings.Contains(serveHelp, "-provider specwright") || !strings.Contains(serveHelp, "-provider string") {
		t.Errorf("the --provider usage line is garbled:\n%s", serveHelp)
	}
	_, providersHelp, _ := runCLI(t, nil, "help", "providers")
	for what, text := range map[string]string{"serve": serveHelp, "providers": providersHelp} {
		if !strings.Contains(text, "anthropic, openai, claudecli or guided") {
			t.Errorf("%s --help does not name claudecli:\n%s", what, text)
		}
	}
	code, _, stderr := runCLI(t, nil, "help", "nope")
	if code != 2 || !strings.Contains(stderr, `unknown command "nope"`) {
		t.Errorf("help nope: %d %q", code, stderr)
	}
	for _, args := range [][]string{{"providers", "--provider", "claude"}, {"serve", "--provider", "claude", "--data-dir", t.TempDir()}} {
		code, _, stderr := runCLI(t, map[string]string{"PATH": "/nonexistent"}, args...)
		if code != 2 || !strings.Contains(stderr, `unknown provider "claude": for the Claude Code CLI use claudecli`) {
			t.Errorf("%q: %d %q", args, code, stderr)
		}
	}
}

// Issue 9 §3.1: the version, from the build information, on the command
// line and in GET /api/info.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		code, stdout, _ := runCLI(t, nil, args...)
		if code != 0 || stdout != readVersion().String()+"\n" || !strings.HasPrefix(stdout, "specwright ") {
			t.Errorf("%q: exit %d, %q", args, code, stdout)
		}
	}
	bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/specwright/specwright", Version: "v1.2.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123abcd"}, {Key: "vcs.time", Value: "2026-12-04T18:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	if got, want := versionOf(bi).String(), "specwright v1.2.0, commit 0123abcd of 2026-12-04T18:00:00Z, with uncommitted changes"; got != want {
		t.Errorf("version %q, want %q", got, want)
	}
	if got := versionOf(&debug.BuildInfo{}).String(); !strings.HasPrefix(got, "specwright (devel) (commit unknown") {
		t.Errorf("version without VCS: %q", got)
	}

	s := startServe(t, nil, "--data-dir", t.TempDir())
	resp, err := http.Get(s.url + "/api/info")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var info map[string]any
	json.NewDecoder(resp.Body).Decode(&info)
	if info["version"] != readVersion().Version || info["version"] == "" {
		t.Errorf("/api/info: %v", info)
	}
}

// Issue 9 §3.5 and §3.7: zero or negative limits and bad flags are
// refused with a clear message, before the data folder is created.
func TestServeRefusesBadFlagsBeforeTouchingDisk(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--max-sockets", "0"}, "--max-sockets 0: must be at least 1"},
		{[]string{"--max-tool-calls", "-1"}, "--max-tool-calls -1: must be at least 1"},
		{[]string{"--max-running", "-3"}, "--max-running -3: must be at least 1"},
		{[]string{"--message-rate", "0"}, "--message-rate 0: must be a number of messages a second above 0"},
		{[]string{"--message-rate", "NaN"}, "--message-rate NaN"},
		{[]string{"--ws-read-limit", "-1"}, "--ws-read-limit -1: must be at least 1024"},
		{[]string{"--ws-read-budget", "1000000"}, "--ws-read-budget 1000000: must be at least 29360128 bytes: one message of --ws-read-limit must fit"},
		{[]string{"--max-sockets-total", "0"}, "--max-sockets-total 0: must be at least 1"},
		{[]string{"--max-sockets-per-client", "-5"}, "--max-sockets-per-client -5: must be at least 1"},
		{[]string{"--stall-timeout", "-5s"}, "--stall-timeout -5s: must not be negative"},
		{[]string{"--turn-timeout", "0s"}, "--turn-timeout 0s: must be above 0"},
		{[]string{"--addr", "nonsense"}, `--addr "nonsense": missing port in address`},
		{[]string{"--addr", "127.0.0.1:http"}, "the port must be a number"},
		{[]string{"--addr", "127.0.0.1:70000"}, "the port must be a number"},
		{[]string{"--log-level", "loud"}, `--log-level "loud"`},
		{[]string{"--provider", "gemini"}, `unknown provider "gemini"`},
		{[]string{"--token-file", "/nonexistent/token"}, "--token-file"},
		{[]string{"--addr", "0.0.0.0:0"}, "add --allow-remote"},
		{[]string{"--allow-host", "bad host"}, `allowed host "bad host"`},
		{[]string{"--provider", "anthropic"}, "needs ANTHROPIC_API_KEY"},
	} {
		dir := filepath.Join(t.TempDir(), "data")
		code, _, stderr := runCLI(t, nil, append([]string{"serve", "--data-dir", dir}, tc.args...)...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %q", tc.args, code, stderr, tc.want)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%q: the data folder was created", tc.args)
		}
	}
}

// Issue 9 §3.8: one server per data folder; the second says which
// server holds it, and the folder is free again when the first stops.
func TestServeLocksTheDataFolder(t *testing.T) {
	dir := t.TempDir()
	first := startServe(t, nil, "--data-dir", dir)
	code, _, stderr := runCLI(t, nil, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
	want := "the data folder " + dir + " is in use by another specwright server (PID " + itoa(os.Getpid()) + ", listening on " + first.url + ")"
	if code != 1 || !strings.Contains(stderr, want) {
		t.Fatalf("second server: exit %d, stderr %q; want %q", code, stderr, want)
	}
	// The same address: the port is taken, and the message says by whom.
	code, _, stderr = runCLI(t, nil, "serve", "--addr", strings.TrimPrefix(first.url, "http://"), "--data-dir", dir)
	if code != 1 || !strings.Contains(stderr, "is already in use (this data folder's server says: PID") {
		t.Fatalf("same address: exit %d, stderr %q", code, stderr)
	}
	if first.stop() != 0 {
		t.Fatalf("first server: %s", first.stderr)
	}
	startServe(t, nil, "--data-dir", dir) // free again
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// Issue 9 §2.6: with --allow-remote on a wildcard address, the printed
// launch URL names a concrete address and opens: the guard allows the
// addresses the server listens on, and this machine's name.
func TestAllowRemoteLaunchURLOpens(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "[::]:0"} {
		t.Run(addr, func(t *testing.T) {
			s := startServe(t, nil, "--addr", addr, "--allow-remote", "--data-dir", t.TempDir())
			m := regexp.MustCompile(`Open (http://([^/ ]+))/\?token=(\S+) `).FindStringSubmatch(s.stdout.String())
			if m == nil {
				t.Fatalf("no launch URL: %s", s.stdout)
			}
			host, _, _ := net.SplitHostPort(m[2])
			if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
				t.Fatalf("the launch URL %s names no concrete address", m[1])
			}
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Jar: jar}
			resp, err := client.Get(m[1] + "/?token=" + m[3])
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(strings.ToLower(string(body)), "<html") {
				t.Fatalf("opening %s: %d %.200s", m[1], resp.StatusCode, body)
			}
			resp, err = client.Get(m[1] + "/api/projects") // the cookie the launch URL set
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("API after the launch URL: %d", resp.StatusCode)
			}
			if name, err := os.Hostname(); err == nil {
				req, _ := http.NewRequest("GET", m[1]+"/api/info", nil)
				req.Host = name + ":" + m[2][strings.LastIndex(m[2], ":")+1:]
				req.Header.Set("Authorization", "Bearer "+m[3])
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("Host %s: %d", req.Host, resp.StatusCode)
				}
			}
			// A name that is not this machine's stays refused.
			req, _ := http.NewRequest("GET", m[1]+"/api/info", nil)
			req.Host = "rebind.example"
			req.Header.Set("Authorization", "Bearer "+m[3])
			resp, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("Host rebind.example: %d, want 403", resp.StatusCode)
			}
		})
	}
}

func TestListenHosts(t *testing.T) {
	addrs := []netip.Addr{
		netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("192.0.2.2"), netip.MustParseAddr("::1"),
		netip.MustParseAddr("fd00::2"), netip.MustParseAddr("fe80::1"),
	}
	name, _ := os.Hostname()
	for host, want := range map[string][]string{
		"0.0.0.0":   {"127.0.0.1", "192.0.2.2", name},
		"::":        {"127.0.0.1", "192.0.2.2", "[::1]", "[fd00::2]", name},
		"":          {"127.0.0.1", "192.0.2.2", "[::1]", "[fd00::2]", name},
		"192.0.2.2": {"192.0.2.2"},
		"fd00::2":   {"[fd00::2]"},
		"box.lan":   {"box.lan"},
	} {
		if got := listenHosts(host, addrs); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q: %q, want %q", host, got, want)
		}
	}
	if got := pickAddr(addrs, false); got.String() != "192.0.2.2" {
		t.Errorf("pickAddr: %s", got)
	}
	if got := pickAddr(addrs[2:], false); got.String() != "fd00::2" {
		t.Errorf("pickAddr without IPv4: %s", got)
	}
	if got := pickAddr(addrs[2:], true); got.String() != "127.0.0.1" {
		t.Errorf("pickAddr for IPv4 only: %s", got)
	}
}

// Issue 9 §2.3, through the binary's own server: a body that trickles
// is cut after the body deadline (10 s), here on a route that reads it
// and on one the guard refuses.
func TestServeCutsTricklingBodies(t *testing.T) {
	t.Parallel()
	s := startServe(t, nil, "--data-dir", t.TempDir())
	addr := strings.TrimPrefix(s.url, "http://")
	var wg sync.WaitGroup
	for _, host := range []string{addr, "evil.example"} {
		wg.Go(func() {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST /api/projects HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", host)
			stop := make(chan struct{})
			defer close(stop)
			go func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(200 * time.Millisecond):
						if _, err := conn.Write([]byte(" ")); err != nil {
							return
						}
					}
				}
			}()
			conn.SetReadDeadline(time.Now().Add(40 * time.Second))
			_, err = io.Copy(io.Discard, conn)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("Host %s: the trickling body still holds its connection after 40 s", host)
			}
		})
	}
	wg.Wait()
}

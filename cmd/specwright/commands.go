package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"text/tabwriter"
)

// cli is what a subcommand may use of the world.
type cli struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one subcommand: a row of the help listing.
type command struct {
	name    string
	args    string // what follows the name in its usage line
	summary string // one line, for the listing
	run     func(ctx context.Context, args []string, c cli) int
	// oneShot marks a command that reads its input, answers and exits,
	// for which the process tunes its garbage collector (see oneShot).
	oneShot bool
}

// commands lists the subcommands in the order help shows them. A new
// subcommand is one more row here; nothing else lists them.
func commands() []command {
	return []command{
		{"serve", "[flags]", "run the server and its web UI (http://127.0.0.1:8888 by default)",
			func(ctx context.Context, args []string, c cli) int {
				return cmdServe(ctx, args, c.getenv, c.stdout, c.stderr)
			}, false},
		{"providers", "[--provider NAME] [--model NAME]", "show which model provider serve would use, and why",
			func(_ context.Context, args []string, c cli) int {
				return cmdProviders(args, c.getenv, c.stdout, c.stderr)
			}, false},
		{"chat", "[PROJECT] [flags]", "the interview in this terminal (--plain for scripts); starts a server if none answers",
			func(ctx context.Context, args []string, c cli) int {
				return cmdChat(ctx, args, c.getenv, c.stdin, c.stdout, c.stderr)
			}, false},
		{"validate", "[--json] [--strict] PATH", "check a spec: an app_spec.txt, a prompts folder or a project folder",
			func(_ context.Context, args []string, c cli) int { return cmdValidate(args, c.stdout, c.stderr) }, true},
		{"export", "--format F [--out DIR] PATH", "render a spec for another tool: markdown, json, features (AutoForge), spec-kit, kiro, openspec",
			func(_ context.Context, args []string, c cli) int { return cmdExport(args, c.stdout, c.stderr) }, true},
		{"diff", "[--json] OLD NEW", "what changed between two versions of a spec: features by ID, tables, endpoints, roles, the rest line by line",
			func(_ context.Context, args []string, c cli) int { return cmdDiff(args, c.stdout, c.stderr) }, true},
		{"version", "", "print the version and commit of this build",
			cmdVersion, false},
		{"help", "[COMMAND]", "show this list, or one command's flags",
			cmdHelp, false},
	}
}

// oneShotMemoryLimit bounds the heap of a command that reads a few files
// and exits: the largest spec it reads (maxSpecFile) needs well under it.
const oneShotMemoryLimit = 512 << 20

// tuneOneShot tunes the garbage collector for a command that reads its input,
// answers and exits: collecting while the heap grows from nothing to what
// one check needs costs a third of the time of validating a large spec,
// and frees nothing the process would use again. The collector then runs
// only when the heap nears oneShotMemoryLimit. GOGC or GOMEMLIMIT in the
// environment are left to rule.
func tuneOneShot(getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(oneShotMemoryLimit)
	debug.SetGCPercent(-1)
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// writeHelp writes the top-level help: what the program is, and one line
// per command.
func writeHelp(w io.Writer) {
	fmt.Fprint(w, `specwright interviews you about an application idea and writes a
specification that autonomous coding agents can build from.

usage: specwright COMMAND [arguments]

commands:
`)
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprint(w, `
"specwright help COMMAND" (or "specwright COMMAND --help") shows a command's
flags; "specwright --version" the build. Start with: specwright serve
`)
}

// cmdHelp is `specwright help [COMMAND]`. A command's help is its own
// --help, written to stdout.
func cmdHelp(ctx context.Context, args []string, c cli) int {
	switch len(args) {
	case 0:
		writeHelp(c.stdout)
		return 0
	case 1:
	default:
		fmt.Fprintf(c.stderr, "specwright help: want at most one COMMAND, got %q\n", strings.Join(args, " "))
		return 2
	}
	cmd, ok := findCommand(args[0])
	if !ok {
		fmt.Fprintf(c.stderr, "specwright help: unknown command %q\n\n", args[0])
		writeHelp(c.stderr)
		return 2
	}
	if cmd.name == "help" {
		writeHelp(c.stdout)
		return 0
	}
	c.stderr = c.stdout
	return cmd.run(ctx, []string{"--help"}, c)
}

// parseFlags parses the arguments of the command fs is named after, with
// that command's usage line and summary above the flags. It returns
// false when the command should stop, with its exit status: 0 after
// --help, 2 after a bad flag (the flag package has said which).
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	fs.Usage = func() {
		cmd, _ := findCommand(fs.Name())
		fmt.Fprintf(fs.Output(), "usage: specwright %s %s\n\n%s.\n\nflags:\n", cmd.name, cmd.args, capitalize(cmd.summary))
		fs.PrintDefaults()
	}
	switch err := fs.Parse(args); {
	case errors.Is(err, flag.ErrHelp):
		return 0, false
	case err != nil:
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "specwright %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return 2, false
	}
	return 0, true
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Command specwright turns an idea into a specification that autonomous
// coding agents can build from.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 {
		if cmd, ok := findCommand(os.Args[1]); ok && cmd.oneShot {
			tuneOneShot(os.Getenv)
		}
	}
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program, callable from tests. It returns the exit
// status.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := cli{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		writeHelp(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		writeHelp(stdout)
		return 0
	case "-version", "--version":
		return cmdVersion(ctx, args[1:], c)
	}
	if cmd, ok := findCommand(args[0]); ok {
		return cmd.run(ctx, args[1:], c)
	}
	fmt.Fprintf(stderr, "specwright: unknown command %q; run \"specwright help\" for the list\n", args[0])
	return 2
}

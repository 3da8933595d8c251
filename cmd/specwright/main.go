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
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program, callable from tests. It returns the exit
// status.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: specwright serve|validate|export|providers [flags]")
		return 2
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stdout, stderr)
	case "providers":
		return cmdProviders(args[1:], getenv, stdout, stderr)
	case "validate":
		return cmdValidate(args[1:], stdout, stderr)
	case "export":
		return cmdExport(args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "specwright: unknown command %q\n", args[0])
		return 2
	}
}

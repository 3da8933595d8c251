package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newSubcommandFlags returns the flag set of a file-reading subcommand
// (validate, diff, export): errors and -h go to stderr, and -h prints
// the usage text, then the flags.
func newSubcommandFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), usage+"\nflags:\n")
		flags.PrintDefaults()
	}
	return flags
}

// parsePaths parses args, flags anywhere among them, and wants exactly n
// paths; what names them for the error ("one PATH", "OLD and NEW"). It
// returns the paths, or the exit status to return: 0 after -h, 2 for a
// bad flag (already reported with the usage) or a wrong number of paths.
func parsePaths(flags *flag.FlagSet, args []string, n int, what string) ([]string, int, bool) {
	paths, err := parseInterleaved(flags, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil, 0, false
	}
	if err != nil {
		return nil, 2, false
	}
	if len(paths) != n {
		fmt.Fprintf(flags.Output(), "specwright %s: want %s, got %d\n", flags.Name(), what, len(paths))
		flags.Usage()
		return nil, 2, false
	}
	return paths, 0, true
}

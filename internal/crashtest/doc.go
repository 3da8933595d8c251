// Package crashtest is a fault-injection suite for the specwright binary;
// it has no code outside its tests.
//
// The tests build cmd/specwright once, run `specwright serve` as a
// subprocess against an in-process fake of the Anthropic API
// (internal/llm/llmtest), talk to it over protocol version 2 and hurt it:
//
//   - TestCrashRecovery kills it with SIGKILL at random points of turns
//     in which the model writes the spec files, restarts it on the same
//     data folder each time, and checks that every acknowledged user
//     message (its `user` event arrived) is in the transcript, that the
//     database passes PRAGMA integrity_check, that every spec file on
//     disk is a complete version the model wrote, and that the interview
//     goes on.
//   - TestProviderFaults makes the provider answer 429, 529 and 500, cut
//     the stream in the middle of an event, send an in-band error, send
//     malformed JSON and stall, and checks that each turn ends with a
//     clear error within a bound and the session is usable afterwards.
//   - TestGracefulShutdown sends SIGTERM during a running turn: the client
//     gets an error and close 1001, and after a restart the transcript
//     holds the part of the turn that ran.
//
// The figures (kills, acknowledged and lost messages, faults, unusable
// sessions) are printed with t.Logf; run with -v to see them. The suite
// needs a Unix system (signals) and the go command; -short skips it.
// CRASHTEST_KILLS sets the number of kills (default 100);
// CRASHTEST_RACE=1 builds the binary with the race detector.
package crashtest

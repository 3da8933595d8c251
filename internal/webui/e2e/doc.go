// Package e2e holds the browser tests of specwright's web page: they start
// the real server in-process on a loopback port (the real store, session
// engine and API, with the guided interviewer, the real Anthropic adapter
// against the fake API of llmtest, or a scripted provider) and drive
// Debian's Chromium headless through the page as a user would.
//
// The tests need /usr/bin/chromium (or SPECWRIGHT_CHROMIUM). Without it
// they skip, except when CI is set, where they fail. Screenshots of the
// main screens go to SPECWRIGHT_SCREENSHOTS, or to a temporary folder.
package e2e

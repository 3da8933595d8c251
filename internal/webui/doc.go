// Package webui serves specwright's web page, embedded in the binary.
//
// The page is a TypeScript application in the repository's web/ folder,
// built with Vite into dist/ here. The built files are committed, so
// `go build` and `go install` need no Node; web/ci.sh rebuilds them and
// fails when the committed build is out of date.
//
// [Handler] serves dist/ as a single-page application: a path that names
// no file and has no file extension gets index.html, so a reload of
// /p/{project} lands on the page; the hashed files under /assets/ are
// cached for a year, index.html never. Every answer carries a strict
// Content-Security-Policy (scripts and styles only from the page's own
// origin, no inline code, Trusted Types required for HTML sinks, images
// only from the page itself or data: and blob: URLs, connections only to
// the page's own origin, no framing) with nosniff and no-referrer, as a
// second line of defence behind the page's own rendering of model output
// as text.
package webui

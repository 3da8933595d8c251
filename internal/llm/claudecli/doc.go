// Package claudecli is the llm.Agent that runs the interview through the
// Claude Code CLI (npm @anthropic-ai/claude-code, a native binary), for
// people who pay for a Claude subscription rather than an API key. The
// CLI runs the tool loop itself: it reads and writes the project's files
// and keeps its own conversation, which it can resume. The engine sees
// what it does through llm.AgentEvents and still judges completion from
// the files on disk.
//
// # Processes
//
// Each key (one interview) gets one claude process, started by its first
// Run and kept between turns:
//
//	claude -p --input-format stream-json --output-format stream-json --verbose
//	       --include-partial-messages --permission-prompt-tool stdio
//	       --tools Read,Write,Edit,Glob,AskUserQuestion --permission-mode acceptEdits
//	       [--model M] (--session-id <new uuid> | --resume <id>)
//	       --system-prompt-file <file>
//
// The system prompt goes through --system-prompt-file (a flag the CLI has
// but hides from --help), in a folder of our own under the system's
// temporary folder, removed when the process ends: never on the command
// line, where length limits bite and other local users can read it, and
// never in the project. Nothing of ours is written into the project.
// The working directory is AgentRequest.Dir.
//
// The child's environment is exactly Config.Env, plus CLAUDE_CONFIG_DIR
// (Config.ConfigDir), DISABLE_AUTOUPDATER=1,
// CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 and DISABLE_TELEMETRY=1.
// The package reads no environment variable; the caller decides whether
// ANTHROPIC_API_KEY or ANTHROPIC_BASE_URL go through, since either
// silently replaces a subscription login.
//
// A process starts with the stream-json initialize request; it is ready
// when the CLI answers it, which must happen within Config.StartTimeout.
// A binary that is missing, a process that exits at once or one that
// never answers gives an *llm.Error quoting the last lines of its stderr,
// with every credential-looking value of Env replaced by [redacted]. A
// --resume of a conversation the config folder no longer holds is an
// llm.ErrNotFound error; the next Run of the key with no ResumeID starts
// a new conversation.
//
// The conversation's id comes from the CLI's system init line, reported
// once through AgentEvents.SessionID, and remembered per key, so that a
// Run after Close or reaping resumes with --resume even without
// AgentRequest.ResumeID.
//
// # A turn
//
// Run writes the user's message (text and base64 images) and reads
// stdout, one JSON object per line, lines up to 64 MiB:
//
//   - stream_event text_delta: AgentEvents.Text.
//   - assistant: the CLI writes one line per finished content block; the
//     blocks of one message id are merged and reported through
//     AgentEvents.Message when the message is over. The synthetic
//     messages the CLI writes for failed API calls are not reported; the
//     error is.
//   - user lines with tool_result blocks: AgentEvents.Message, as a user
//     message of tool results; for a successful Write or Edit, the file
//     (tool_use_result.filePath, else the call's file_path) relative to
//     Dir, through AgentEvents.Wrote. Files outside Dir are not reported.
//   - system init: the session id and the model.
//   - result: the end of the turn. is_error (which can come with subtype
//     "success"), api_error_status, api_error_type and the kind of the
//     synthetic message become an *llm.Error: 401 and a missing login are
//     llm.ErrAuth telling how to log in, 429 llm.ErrRateLimit, 529
//     llm.ErrOverloaded, and so on as the anthropic package classifies
//     them; error_max_turns and error_during_execution are
//     llm.ErrUnavailable. The process stays and serves the next turn.
//   - anything else, and lines that are not JSON, is skipped.
//
// Subagent output (parent_tool_use_id set) is skipped; the tools given
// cannot start subagents anyway.
//
// # Questions and permissions
//
// AskUserQuestion reaches the host as a can_use_tool control request,
// which the CLI waits on. Run returns at once with AgentStop.Question and
// the process keeps waiting. The next Run's Answer becomes the control
// response "allow" whose updatedInput is the input as asked plus
// "answers", mapping each question's text to the labels chosen (joined by
// ", ") or the text typed; a FreeText reply, or a plain Message sent
// instead of an Answer, goes as "response", which the CLI hands to the
// model as "The user responded: …". Reading then goes on in that Run.
// Should the asking process be gone by then (reaped, closed, restarted
// server), the answer goes to the resumed conversation as a user message
// in the words of tool.FormatAnswers.
//
// Any other can_use_tool request (Claude Code asks when a call reaches
// outside its working directory or touches a file it guards) is allowed
// only when every path in the call, resolved with links followed, lies in
// Dir: file_path for Read, Write and Edit, path and an absolute pattern
// for Glob (a relative pattern may not hold ".."). Write and Edit of files
// that configure Claude Code or git (.claude/, .git/, CLAUDE.md,
// CLAUDE.local.md, .mcp.json) are denied even inside Dir: project
// settings can define hooks, which run commands. Other tools are denied.
// Other control requests get an error response.
//
// # Interrupts
//
// Cancelling the context of a Run sends the interrupt control request,
// waits up to 10 s for the turn's result (the CLI answers within
// milliseconds), and returns ctx.Err(); the process serves the next turn.
// One that does not answer is killed, and the next Run resumes it. A
// turn during which the process writes no line for Config.StallTimeout
// is interrupted the same way and fails with llm.ErrTimeout.
//
// # Lifetime and the cap
//
// A process with no turn for Config.IdleTimeout (Config.QuestionTimeout
// when a question waits) is ended; Close ends one, Shutdown all. Ending
// closes stdin, so that the CLI saves its transcript and exits, waits up
// to 5 s, then sends SIGKILL to its process group: each child runs in a
// process group of its own (Setpgid), so what it started dies with it,
// and the group is killed again once the child is reaped, in case
// something of it outlived it. Every process is reaped with Wait. On
// Linux the kernel also kills the child should the server die
// (Pdeathsig; it fires when the OS thread that started the child exits,
// which the Go runtime does only for goroutines that lock their thread).
//
// At most Config.MaxProcesses processes live at once. A Run that needs one
// more first ends the least recently used idle process, preferring one
// that does not wait for an answer (its conversation resumes, at a cost
// of about a second, on its next turn): refusing a user who is here now
// to keep a process for one who has gone quiet would be the wrong trade.
// When every process is in a turn, the Run fails with llm.ErrUnavailable:
// "N Claude Code sessions are already running; try again when one
// finishes."
//
// # Cost
//
// Measured with 2.1.330 on two cores against the local fake (see
// TestCLI), warm: 0.27–0.7 s from spawn to the initialize answer. An idle
// process holds 193–212 MB resident, of which 110–130 MB anonymous and
// about 80 MB the binary's pages, which processes share: with three idle
// processes each costs about 140 MB (PSS). 8–9 threads each.
//
// # Tests
//
// The unit tests run the test binary itself as a fake claude speaking
// stream-json as 2.1.330 does. TestCLI runs the real CLI, found through
// SPECWRIGHT_CLAUDE_BIN (install-cli.sh installs the pinned version and
// prints the path), against llmtest's fake Anthropic API, inside a network
// namespace holding only loopback when unshare allows it.
package claudecli

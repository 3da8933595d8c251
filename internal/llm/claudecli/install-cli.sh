#!/usr/bin/env bash
# Installs the pinned Claude Code CLI for the claudecli integration tests,
# outside the repository, and prints the path of its binary on stdout:
#
#   export SPECWRIGHT_CLAUDE_BIN="$(internal/llm/claudecli/install-cli.sh)"
#
# The folder defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/specwright-claude/<version>;
# set SPECWRIGHT_CLAUDE_PREFIX to put it elsewhere. Needs npm (Node >= 18).
# (The package's postinstall links the native binary over bin/claude.exe.)
set -euo pipefail
# Pin the exact version: an unpinned install resolved an older release.
version=2.1.330
exec bash "$(dirname "$0")/../../../.ci/npm-tool.sh" @anthropic-ai/claude-code "$version" claude "$version (Claude Code)" \
  "${SPECWRIGHT_CLAUDE_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/specwright-claude/$version}"

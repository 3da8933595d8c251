#!/usr/bin/env bash
# Installs the pinned Claude Code CLI for the claudecli integration tests,
# outside the repository, and prints the path of its binary on stdout:
#
#   export SPECWRIGHT_CLAUDE_BIN="$(internal/llm/claudecli/install-cli.sh)"
#
# Idempotent: when the pinned version is already installed it only checks
# `claude --version` (well under a second). The folder defaults to
# ${XDG_CACHE_HOME:-$HOME/.cache}/specwright-claude/<version>; set
# SPECWRIGHT_CLAUDE_PREFIX to put it elsewhere. Needs npm (Node >= 18).
set -euo pipefail

# Pin the exact version: an unpinned install resolved an older release.
version=2.1.330

prefix="${SPECWRIGHT_CLAUDE_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/specwright-claude/$version}"
bin="$prefix/node_modules/.bin/claude"

installed() {
  [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "$version (Claude Code)" ]
}

if ! installed; then
  if ! command -v npm >/dev/null; then
    echo "install-cli.sh: npm is needed to install @anthropic-ai/claude-code@$version" >&2
    exit 1
  fi
  echo "install-cli.sh: installing @anthropic-ai/claude-code@$version into $prefix" >&2
  mkdir -p "$prefix"
  # The package's postinstall links the native binary over bin/claude.exe.
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
    "@anthropic-ai/claude-code@$version" >&2
  if ! installed; then
    echo "install-cli.sh: $bin does not report version $version after the install" >&2
    exit 1
  fi
fi
echo "$bin"

#!/usr/bin/env bash
# Installs the pinned OpenSpec CLI for the openspec export's test, outside
# the repository, and prints the path of its binary on stdout:
#
#   export SPECWRIGHT_OPENSPEC_BIN="$(internal/export/install-openspec.sh)"
#
# Idempotent: when the pinned version is already installed it only checks
# `openspec --version`. The folder defaults to
# ${XDG_CACHE_HOME:-$HOME/.cache}/specwright-openspec/<version>; set
# SPECWRIGHT_OPENSPEC_PREFIX to put it elsewhere. Needs npm (Node >= 20).
set -euo pipefail

# Pinned so that a new release's rules cannot change a green build.
version=1.13.2

prefix="${SPECWRIGHT_OPENSPEC_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/specwright-openspec/$version}"
bin="$prefix/node_modules/.bin/openspec"

installed() {
  [ -x "$bin" ] && [ "$(OPENSPEC_TELEMETRY=0 "$bin" --version 2>/dev/null)" = "$version" ]
}

if ! installed; then
  if ! command -v npm >/dev/null; then
    echo "install-openspec.sh: npm is needed to install @fission-ai/openspec@$version" >&2
    exit 1
  fi
  echo "install-openspec.sh: installing @fission-ai/openspec@$version into $prefix" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
    "@fission-ai/openspec@$version" >&2
  if ! installed; then
    echo "install-openspec.sh: $bin does not report version $version after the install" >&2
    exit 1
  fi
fi
echo "$bin"

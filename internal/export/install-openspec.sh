#!/usr/bin/env bash
# Installs the pinned OpenSpec CLI for the openspec export's test, outside
# the repository, and prints the path of its binary on stdout:
#
#   export SPECWRIGHT_OPENSPEC_BIN="$(internal/export/install-openspec.sh)"
#
# The folder defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/specwright-openspec/<version>;
# set SPECWRIGHT_OPENSPEC_PREFIX to put it elsewhere. Needs npm (Node >= 20).
set -euo pipefail
# Pinned so that a new release's rules cannot change a green build.
version=1.13.2
export OPENSPEC_TELEMETRY=0
exec bash "$(dirname "$0")/../../.ci/npm-tool.sh" @fission-ai/openspec "$version" openspec "$version" \
  "${SPECWRIGHT_OPENSPEC_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/specwright-openspec/$version}"

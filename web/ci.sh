#!/usr/bin/env bash
# web/ci.sh: install the web UI's packages exactly as locked, type-check
# and build it into internal/webui/dist, fail when that differs from the
# committed build (so `go build` never embeds a stale page), then run the
# unit tests. Needs Node 20+ and npm; run from anywhere.
set -euo pipefail
cd "$(dirname "$0")"
repo=$(git rev-parse --show-toplevel)
dist=internal/webui/dist

npm ci --no-audit --no-fund --loglevel=error
npm run --silent build

stale=$(git -C "$repo" status --porcelain --untracked-files=all -- "$dist" | grep -v '^[MADRC] ' || true)
if [ -n "$stale" ]; then
	echo "web/ci.sh: the committed build in $dist is out of date:" >&2
	echo "$stale" >&2
	echo "web/ci.sh: run web/ci.sh (or 'npm run build' in web/) and commit $dist" >&2
	exit 1
fi

npm test --silent

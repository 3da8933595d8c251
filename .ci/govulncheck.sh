#!/usr/bin/env bash
# Runs govulncheck against a vulnerability database built from the
# golang.org/x/vulndb module, because CI reaches the Go module proxy but
# not vuln.go.dev. The newest snapshot of the module is used each run.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(go list -m -json golang.org/x/vulndb@latest | sed -n 's/.*"Version": "\(.*\)".*/\1/p')
dir=$(go mod download -json "golang.org/x/vulndb@$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
echo "vulnerability database: golang.org/x/vulndb@$version"
go run "golang.org/x/vulndb/cmd/indexdb@$version" -vulns "$dir/data/osv" -out "$work/db"
go run golang.org/x/vuln/cmd/govulncheck@v1.9.0 -db "file://$work/db" ./...

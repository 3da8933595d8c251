#!/usr/bin/env bash
# Installs a pinned command-line tool from npm outside the repository,
# for the tests that run it, and prints the path of its binary on stdout:
#
#   npm-tool.sh PACKAGE VERSION BIN WANT_VERSION PREFIX_DIR
#
# PACKAGE@VERSION goes into PREFIX_DIR (kept between runs); BIN is its
# command; WANT_VERSION is what `BIN --version` must print, which is how
# an install is known to be there and whole. Idempotent: when it is, only
# that check runs. Needs npm.
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: npm-tool.sh PACKAGE VERSION BIN WANT_VERSION PREFIX_DIR" >&2; exit 2; }
package=$1 version=$2 name=$3 want=$4 prefix=$5
bin="$prefix/node_modules/.bin/$name"

installed() {
  [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "$want" ]
}

if ! installed; then
  if ! command -v npm >/dev/null; then
    echo "npm-tool.sh: npm is needed to install $package@$version" >&2
    exit 1
  fi
  echo "npm-tool.sh: installing $package@$version into $prefix" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "$package@$version" >&2
  if ! installed; then
    echo "npm-tool.sh: $bin does not report version $want after the install" >&2
    exit 1
  fi
fi
echo "$bin"

#!/usr/bin/env bash
# Runs kite's whole test suite: installs what it needs, builds, lints, and runs every test.
# The closing lines (# tests / # pass / # fail) are node's test runner summary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh

ensure_node
ensure_debs etcd-server etcd-client unzip
ensure_npm_deps
npm run --silent lint
npm run --silent build
node scripts/run-tests.mjs "$@"

#!/usr/bin/env bash
# Runs the whole test suite: unit tests of every module, then the integration tests that start the
# real portal (Payara Micro, H2) and drive it through REST and headless Chromium. The search SQL,
# the migrations and the change log are also checked on PostgreSQL 15 (a throwaway server).
# Installs what the tests need first (idempotent). .ci/run calls exactly this.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/install-deps.sh" --tests
# -Djazzer.fuzz=1: the fuzz test of the zip and .emd readers mutates its seeds for 60 s.
mvn -B verify -Djazzer.fuzz=1 "$@"

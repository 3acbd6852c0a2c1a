#!/usr/bin/env bash
# Runs the whole test suite: unit tests of every module, then the integration tests that start the
# real portal (Payara Micro, H2) and drive it through REST and headless Chromium.
# Installs what the tests need first (idempotent). .ci/run calls exactly this.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/install-deps.sh"
mvn -B verify "$@"

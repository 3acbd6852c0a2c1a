#!/usr/bin/env bash
# The portal under load (issue #13, LoadTest): 50 REST clients with API tokens for 60 s on loopback,
# a mix of searches, item reads, map tiles and package uploads, against a portal this script starts on
# a fresh data folder. Prints requests, errors and p50/p95 per kind, next to one client alone (the
# baseline of the same run). Target: 0 errors, p95 <= 250 ms on the standard machine.
# Usage: scripts/load-test.sh [clients] [seconds]   (defaults 50, 60). Builds the WAR if missing.
set -euo pipefail
clients=${1:-50}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -f portal-web/target/rasterhub.war ] || "$root/scripts/build.sh"
bench_module=portal-web
# shellcheck source=bench-classpath.sh
source "$root/scripts/bench-classpath.sh"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load before: $(uptime | sed 's/.*load average: //')"
java -Xmx"${BENCH_XMX:-1g}" -Djava.library.path="$root/.native/gdal" -Djava.awt.headless=true \
  -Drasterhub.it.root="$root" -Drasterhub.it.workDir="$root/portal-web/target/load-test" \
  -cp "$cp" org.rasterhub.portal.it.LoadTest "$clients" "$seconds"
echo "load after: $(uptime | sed 's/.*load average: //')"

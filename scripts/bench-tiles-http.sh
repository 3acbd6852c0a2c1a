#!/usr/bin/env bash
# Map tiles through the real portal (issue #7, TileHttpBenchmark): a Classify Pixels run makes a
# 10,000 x 10,000 result, then (a) time to first map render and (b) p50/p95 of 20 concurrent tile
# clients are measured over HTTP with an API token, each next to the same tiles rendered without HTTP.
# Usage: scripts/bench-tiles-http.sh [pixels] [seconds]   (defaults 10000, 20). Builds the WAR if missing.
set -euo pipefail
pixels=${1:-10000}
seconds=${2:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -f portal-web/target/rasterhub.war ] || "$root/scripts/build.sh"
bench_module=portal-web
# shellcheck source=bench-classpath.sh
source "$root/scripts/bench-classpath.sh"
java -Xmx"${BENCH_XMX:-1g}" -Djava.library.path="$root/.native/gdal" -Djava.awt.headless=true \
  -Drasterhub.it.root="$root" -Drasterhub.it.workDir="$root/portal-web/target/bench-http" \
  -cp "$cp" org.rasterhub.portal.it.TileHttpBenchmark "$pixels" "$seconds"
echo "load after: $(uptime | sed 's/.*load average: //')"

#!/usr/bin/env bash
# Map tile benchmark (issue #7, TileBenchmark): (a) time to first map render of a synthetic
# class COG (all tiles at the zoom where it fits 1280 x 800, 6 threads) and (b) p50/p95 tile latency
# with 20 concurrent clients at zooms fit..fit+4. Prints the machine and load with the figures.
# Usage: scripts/bench-tiles.sh [pixels] [seconds]   (defaults 10000, 20)
# The synthetic COG stays in inference-runner/target/bench-tiles and is reused by later runs.
set -euo pipefail
pixels=${1:-10000}
seconds=${2:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=bench-classpath.sh
source "$root/scripts/bench-classpath.sh"
java -Xmx"${BENCH_XMX:-1g}" -Djava.library.path="$root/.native/gdal" -Djava.awt.headless=true \
  -Dbench.commit="$commit" -cp "$cp" org.rasterhub.runner.bench.TileBenchmark "$pixels" \
  "$root/inference-runner/target/bench-tiles" "$seconds"
echo "load after: $(uptime | sed 's/.*load average: //')"

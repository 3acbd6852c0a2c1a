#!/usr/bin/env bash
# Vector tile benchmark (issue #13.6, VectorTileBenchmark): one MVT tile at the centre of a large
# feature layer at every zoom 0-18, cutting time and size, as ratios to reading the whole layer once
# and to the layer's GeoJSON size, both measured in the same run. Prints the machine and load too.
# Usage: scripts/bench-vector-tiles.sh [features]   (default 1000000)
# The synthetic GeoPackage stays in inference-runner/target/bench-vector-tiles and is reused.
set -euo pipefail
features=${1:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=bench-classpath.sh
source "$root/scripts/bench-classpath.sh"
java -Xmx"${BENCH_XMX:-1g}" -Djava.library.path="$root/.native/gdal" \
  -Dbench.commit="$commit" -cp "$cp" org.rasterhub.runner.bench.VectorTileBenchmark "$features" \
  "$root/inference-runner/target/bench-vector-tiles"
echo "load after: $(uptime | sed 's/.*load average: //')"

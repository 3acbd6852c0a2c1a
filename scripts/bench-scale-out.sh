#!/usr/bin/env bash
# Scale-out efficiency of runner processes (issue #15, ScaleOutBenchmark): throughput with 2 runners,
# each pinned to a core of its own, divided by twice the throughput with 1, in the same session.
# Usage: scripts/bench-scale-out.sh [runsPerRunner] [pixels] [unitTiles]   (defaults 4, 1024, 0). Needs 2
# cores. unitTiles > 0 splits each run into work units of that many tiles, which both runners work.
set -euo pipefail
runs=${1:-4}
pixels=${2:-1024}
unit_tiles=${3:-0}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -f portal-web/target/rasterhub.war ] || "$root/scripts/build.sh"
bench_module=portal-web
# shellcheck source=bench-classpath.sh
source "$root/scripts/bench-classpath.sh"
java -Xmx"${BENCH_XMX:-512m}" -Djava.library.path="$root/.native/gdal" -Djava.awt.headless=true \
  -Drasterhub.it.root="$root" -Drasterhub.it.workDir="$root/portal-web/target/bench-scale" \
  -cp "$cp" org.rasterhub.portal.it.ScaleOutBenchmark "$runs" "$pixels" "$unit_tiles"
echo "load after: $(uptime | sed 's/.*load average: //')"

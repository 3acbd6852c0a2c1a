#!/usr/bin/env bash
# Classify Pixels benchmark (issue #6): runner tiles/s as a ratio to raw ONNX Runtime on in-memory
# tiles (same model, tiles, batch, threads) measured in the same run, the model's share of the wall
# time, and the peak heap with the heap capped (default 768 MB, to prove the 1 GiB bound).
# Usage: scripts/bench-classify.sh [pixels] [tiny|realistic|core]   (either order)
#   pixels: raster edge, default 8000 with tiny, 4000 with realistic (30000 for the 30,000 x 30,000
#     figure)
#   tiny (default): the brightest-band-wins test model (1x1 Conv + ArgMax, ~3 ms a 512² tile),
#     tile 512, padding 64;
#   realistic: a small segmentation net of a real network's cost (RealisticOnnxModels: three 3x3
#     Convs of 128 channels, 1x1 head to 6 class scores, ~100 ms a 256² tile), tile 256, padding 32;
#     4000 pixels (441 tiles) take ~2 minutes on a quiet machine.
# Env: BENCH_XMX (default 768m); BENCH_SAMPLE=false runs the runner without the stack sampler. The synthetic input stays in inference-runner/target/bench-classify
# (2.7 GB at 30000) and is reused by later runs of the same size.
set -euo pipefail
pixels=
model=tiny
for arg in "$@"; do
  case "$arg" in
    tiny|realistic|core) model=$arg ;;
    ''|*[!0-9]*) echo "usage: $0 [pixels] [tiny|realistic|core]" >&2; exit 2 ;;
    *) pixels=$arg ;;
  esac
done
[ -n "$pixels" ] || { [ "$model" != tiny ] && pixels=4000 || pixels=8000; }
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=bench-classpath.sh
source "$root/scripts/bench-classpath.sh"
cache="$root/inference-runner/target/djl-cache"
exec java -Xmx"${BENCH_XMX:-768m}" \
  -Djava.library.path="$root/.native/gdal" -Dai.djl.offline=true \
  -DDJL_CACHE_DIR="$cache" -DENGINE_CACHE_DIR="$cache" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.commit="$commit" -Dbench.model="$model" \
  -Dbench.sample="${BENCH_SAMPLE:-true}" \
  -cp "$cp" org.rasterhub.runner.bench.ClassifyPixelsBenchmark "$pixels" \
  "$root/inference-runner/target/bench-classify"

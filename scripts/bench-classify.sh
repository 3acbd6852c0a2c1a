#!/usr/bin/env bash
# Classify Pixels benchmark (issue #6): runner tiles/s as a ratio to raw ONNX Runtime on in-memory
# tiles (same model, tiles, batch, threads) measured in the same run, the model's share of the wall
# time, and the peak heap with the heap capped (default 768 MB, to prove the 1 GiB bound).
# Usage: scripts/bench-classify.sh [pixels=8000]   (30000 for the 30,000 x 30,000 figure)
# Env: BENCH_XMX (default 768m). The synthetic input stays in inference-runner/target/bench-classify
# (2.7 GB at 30000) and is reused by later runs of the same size.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -q -pl inference-runner test-compile
mvn -q -pl inference-runner dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
# Private copies of the project's own jars: a parallel `mvn install` replaces the ones in ~/.m2
# while the benchmark runs, and the JVM then fails to load classes from them.
mkdir -p inference-runner/target/bench-lib
deps=""
for jar in $(tr ':' ' ' < inference-runner/target/bench.classpath); do
  case "$jar" in
    */org/rasterhub/*) cp "$jar" inference-runner/target/bench-lib/; jar="inference-runner/target/bench-lib/$(basename "$jar")" ;;
  esac
  deps="$deps:$jar"
done
cp="inference-runner/target/test-classes:inference-runner/target/classes$deps"
commit=$(git rev-parse --short HEAD)
echo "commit: $commit"
cache="$root/inference-runner/target/djl-cache"
exec java -Xmx"${BENCH_XMX:-768m}" \
  -Djava.library.path="$root/.native/gdal" -Dai.djl.offline=true \
  -DDJL_CACHE_DIR="$cache" -DENGINE_CACHE_DIR="$cache" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.commit="$commit" \
  -cp "$cp" org.rasterhub.runner.bench.ClassifyPixelsBenchmark "${1:-8000}" \
  "$root/inference-runner/target/bench-classify"

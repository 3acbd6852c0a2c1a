#!/usr/bin/env bash
# Start cost of the first model per JVM (EngineStartBenchmark): an ONNX-only load with and without
# the PyTorch jars on the class path, with DJL's default (ORT starts PyTorch as its alternative
# engine) and with RasterHub's setting, and a TorchScript load. Each configuration runs RUNS times
# (default 5), each in a fresh JVM; libtorch is unpacked once beforehand, so cache filling is not timed.
# Usage: scripts/bench-engine-start.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -q -pl inference-runner test-compile
mvn -q -pl inference-runner dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
deps=$(cat inference-runner/target/bench.classpath)
classes="inference-runner/target/test-classes:inference-runner/target/classes"
with_torch="$classes:$deps"
without_torch="$classes:$(tr ':' '\n' <<<"$deps" | grep -v '/ai/djl/pytorch/' | paste -sd:)"
cache="$root/inference-runner/target/djl-cache"
work="$root/inference-runner/target/bench-engine-start"
echo "commit: $(git rev-parse --short HEAD)"
run() {
  local cp=$1; shift
  java -Djava.library.path="$root/.native/gdal" -Dai.djl.offline=true \
    -DDJL_CACHE_DIR="$cache" -DENGINE_CACHE_DIR="$cache" -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    "$@" -cp "$cp" org.rasterhub.runner.bench.EngineStartBenchmark "${FORMAT:-onnx}" "$work" | grep '^format='
}
FORMAT=torchscript run "$with_torch" >/dev/null   # unpacks libtorch into the cache once
for i in $(seq "${RUNS:-5}"); do
  echo "onnx, no PyTorch jars:              $(run "$without_torch")"
  echo "onnx, PyTorch jars, RasterHub:      $(run "$with_torch")"
  echo "onnx, PyTorch jars, DJL default:    $(run "$with_torch" -Dai.djl.onnx.disable_alternative=false)"
  echo "torchscript:                        $(FORMAT=torchscript run "$with_torch")"
done

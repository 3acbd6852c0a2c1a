#!/usr/bin/env bash
# The GPU path end to end (issue #15), for a machine with NVIDIA GPUs, CUDA 12 and cuDNN 9: builds the
# runner with ONNX Runtime's CUDA provider (-Pgpu; onnxruntime_gpu, ~0.6 GB from Maven Central) and
# runs Classify Pixels with a network of a real one's cost on the CPU, on GPU 0 and on every GPU at
# once (one model copy per GPU, each fed by its own thread). Prints tiles/s, the model's share of the
# wall time, the GPUs' busy share (nvidia-smi) and the pixels that agree with the CPU's classes.
# Record the figures in docs/benchmarks.md.
# Usage: scripts/gpu-check.sh [pixels]   (default 4096: 361 tiles of 256 with padding 32)
# Env: BENCH_BATCH (default 8).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v nvidia-smi >/dev/null || { echo "gpu-check: nvidia-smi not found: no NVIDIA driver here" >&2; exit 2; }
nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader
[ -f .native/gdal/libgdalalljni.so ] || bash scripts/build-gdal-jni.sh
mvn -B -q -Pgpu -pl registry-core,inference-runner -am install -DskipTests
export MAVEN_PROFILE_ARGS=-Pgpu
# shellcheck source=bench-classpath.sh
source "$root/scripts/bench-classpath.sh"
cache="$root/inference-runner/target/djl-cache"
exec java -Xmx4g \
  -Djava.library.path="$root/.native/gdal" -Dai.djl.offline=true \
  -DDJL_CACHE_DIR="$cache" -DENGINE_CACHE_DIR="$cache" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.commit="$commit" -Dbench.batch="${BENCH_BATCH:-8}" \
  -cp "$cp" org.rasterhub.runner.bench.GpuCheck "${1:-4096}" "$root/inference-runner/target/gpu-check"

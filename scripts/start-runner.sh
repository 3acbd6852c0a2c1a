#!/usr/bin/env bash
# Starts one runner node in the foreground: a process that claims run jobs from the shared queue and
# runs the models (docs/scaling.md). Expects a finished build (scripts/build.sh). The portal starts
# one itself in embedded mode; in a cluster start any number, each on its own, on any machine that
# mounts the data folder.
#
#   RASTERHUB_HOME            the data folder shared with the portals; default ./data
#   RASTERHUB_DB_URL          the cluster's PostgreSQL (jdbc:postgresql://host:5432/rasterhub);
#                             default: the portal's H2 file in the data folder (one machine only)
#   RASTERHUB_DB_USER, RASTERHUB_DB_PASSWORD  its account (H2: sa, no password)
#   RASTERHUB_NODE            this runner's name (a-z, 0-9, -), recorded on the runs it runs; default the host
#   RASTERHUB_RUNNER_THREADS  runs worked at once; default 1
#   RASTERHUB_RUNNER_GPUS     GPU ids this runner may use, e.g. 0,1; default none (CPU)
#   RASTERHUB_RUNNER_UNIT_TILES  tiles in one work unit of a split run (any runner may claim a unit); default 256
#   RASTERHUB_RUNNER_MAX_HEAP JVM heap cap; default 1g
#   RASTERHUB_RUNNER_JAVA_OPTS extra JVM options
#   RASTERHUB_RUNNER_PARENT_PID  set by a supervising portal: the runner stops when that process is gone
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
home=$(realpath -m "${RASTERHUB_HOME:-./data}")
jar="$root/inference-runner/target/inference-runner.jar"
for f in "$jar" "$root/inference-runner/target/lib" "$root/.native/gdal/libgdalalljni.so"; do
  [ -e "$f" ] || { echo "start-runner: $f is missing; run scripts/build.sh first" >&2; exit 1; }
done
db_url=${RASTERHUB_DB_URL:-}
[ -n "$db_url" ] || db_url="jdbc:h2:file:$home/db/rasterhub;AUTO_SERVER=TRUE"
case "$db_url" in
  jdbc:h2:*) db_user=${RASTERHUB_DB_USER:-sa} ;;
  jdbc:postgresql:*) db_user=${RASTERHUB_DB_USER:?RASTERHUB_DB_USER is needed with RASTERHUB_DB_URL} ;;
  *) echo "start-runner: RASTERHUB_DB_URL must be jdbc:postgresql://host:port/database (or unset for H2)" >&2; exit 1 ;;
esac
[ -n "$db_user" ] || db_user=sa
# A crash in native code (a model in ONNX Runtime, a driver in GDAL) leaves its report here, named by
# the process id, where a supervising portal reads what to tell the run's owner.
mkdir -p "$home/logs"
export RASTERHUB_DB_PASSWORD=${RASTERHUB_DB_PASSWORD:-}

# shellcheck disable=SC2086
exec java \
  -Xmx"${RASTERHUB_RUNNER_MAX_HEAP:-1g}" -XX:+UseSerialGC \
  -XX:ErrorFile="$home/logs/runner-crash-%p.log" -XX:-CreateCoredumpOnCrash \
  -Djava.library.path="$root/.native/gdal" \
  -Dai.djl.offline=true -DDJL_CACHE_DIR="$home/cache/djl" -DENGINE_CACHE_DIR="$home/cache/djl" \
  -Djava.util.logging.SimpleFormatter.format='%1$tF %1$tT %4$s [runner] %3$s: %5$s%6$s%n' \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.showDateTime=true \
  -Drasterhub.home="$home" -Drasterhub.db.url="$db_url" -Drasterhub.db.user="$db_user" \
  -Drasterhub.node="${RASTERHUB_NODE:-}" \
  -Drasterhub.runner.threads="${RASTERHUB_RUNNER_THREADS:-1}" -Drasterhub.runner.gpus="${RASTERHUB_RUNNER_GPUS:-}" \
  -Drasterhub.runner.unitTiles="${RASTERHUB_RUNNER_UNIT_TILES:-256}" \
  -Drasterhub.runner.parentPid="${RASTERHUB_RUNNER_PARENT_PID:-}" \
  ${RASTERHUB_RUNNER_JAVA_OPTS:-} \
  -cp "$jar:$root/inference-runner/target/lib/*" org.rasterhub.runner.node.RunnerMain

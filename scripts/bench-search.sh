#!/usr/bin/env bash
# Catalog search benchmark (issue #5, SearchBenchmark): seeds the portal's H2 database with
# 100,000 items by JDBC (fixed seed), times the search SQL the portal runs on that file in one JVM,
# then starts the real portal on the same file and times the same searches through
# GET /api/items with a Bearer API token. Prints p50/p95 of both and their ratio, with the machine.
# Usage: scripts/bench-search.sh [items=100000] [rounds=20]
# The seeded database stays in portal-web/target/bench-search/<items> and is reused by later runs.
set -euo pipefail
items=${1:-100000}
rounds=${2:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The portal's WAR and the test classes, built through the reactor (never `mvn install`).
mvn -o -q verify -pl registry-core,inference-runner,portal-web -DskipTests
mvn -o -q -pl portal-web dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
deps=""
for jar in $(tr ':' ' ' < portal-web/target/bench.classpath); do
  case "$jar" in
    */org/rasterhub/registry-core/*) jar="registry-core/target/classes" ;;
    */org/rasterhub/inference-runner/*) jar="inference-runner/target/classes" ;;
  esac
  deps="$deps:$jar"
done
cp="portal-web/target/test-classes:portal-web/target/classes$deps"
echo "commit: $(git rev-parse --short HEAD)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load before: $(uptime | sed 's/.*load average: //')"
home="$root/portal-web/target/bench-search/$items"
mkdir -p "$home"
java -Xmx"${BENCH_XMX:-768m}" -XX:+UseSerialGC -Drasterhub.root="$root" -cp "$cp" \
  org.rasterhub.portal.bench.SearchBenchmark "$home" "$items" "$rounds"
echo "load after: $(uptime | sed 's/.*load average: //')"

#!/usr/bin/env bash
# Ingest benchmark (issue #4): ingest rate of a large package as a ratio to min(plain inflate,
# plain SHA-256) measured in the same run, and the peak heap, with the heap capped at 256 MB.
# Usage: scripts/bench-ingest.sh [weights-megabytes=512]   (2048 for the 2 GiB figure)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -q -pl registry-core test-compile
mvn -q -pl registry-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="registry-core/target/test-classes:registry-core/target/classes:$(cat registry-core/target/bench.classpath)"
echo "commit: $(git rev-parse --short HEAD)"
exec java -Xmx256m -Djava.util.logging.config.file=registry-core/src/test/resources/logging.properties \
  -cp "$cp" org.rasterhub.core.bench.IngestBenchmark "$@"

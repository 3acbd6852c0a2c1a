#!/usr/bin/env bash
# Builds every module (tests skipped) into portal-web/target: rasterhub.war and payara-micro.jar.
# Skipped when nothing under the sources changed since the last build, so a second run is fast.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

war="portal-web/target/rasterhub.war"
if [ -f "$war" ] && [ -f portal-web/target/payara-micro.jar ] && [ -z "$(find pom.xml sql schemas \
     registry-core inference-runner portal-web -newer "$war" -type f \
     -not -path '*/target/*' -not -path '*/node_modules/*' 2>/dev/null | head -n 1)" ]; then
  echo "build: $war is up to date"
  exit 0
fi
echo "build: building with Maven (the first build downloads the Java libraries from Maven Central)"
mvn -B -q -DskipTests install
echo "build: built $war"

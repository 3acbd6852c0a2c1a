#!/usr/bin/env bash
# Starts the built portal on Payara Micro in the foreground. Expects a finished build
# (scripts/build.sh); scripts/run.sh installs, builds and then calls this.
#
#   RASTERHUB_HOME            data folder (database, packages); default ./data
#   RASTERHUB_PORT            HTTP port; default 8080
#   RASTERHUB_ADMIN_PASSWORD  initial admin password, read on the first start only
#   RASTERHUB_MAX_HEAP        JVM heap cap; default 768m
#   RASTERHUB_JAVA_OPTS       extra JVM options
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
home=$(realpath -m "${RASTERHUB_HOME:-./data}")
port=${RASTERHUB_PORT:-8080}
war="$root/portal-web/target/rasterhub.war"
payara="$root/portal-web/target/payara-micro.jar"

for f in "$war" "$payara" "$root/.native/gdal/libgdalalljni.so"; do
  [ -f "$f" ] || { echo "start-portal: $f is missing; run scripts/run.sh (or scripts/build.sh) first" >&2; exit 1; }
done
mkdir -p "$home"
# Payara keeps what was deployed in its root folder and deploys it again at the next start, before
# --deploy replaces it: a second full deployment (~7 s) on every restart. Its working files are
# rebuilt from the WAR each time, so start from a clean folder and keep only its logs.
if [ -d "$home/server" ]; then
  find "$home/server" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +
fi
echo "start-portal: http://localhost:$port/ data folder $home"

# Payara Micro's own clustering (Hazelcast) is off: one node needs none, and it costs start time.
# payara-preboot.asadmin marks cookies SameSite=Lax and drops the headers that name the server.
# shellcheck disable=SC2086
exec java \
  -Xmx"${RASTERHUB_MAX_HEAP:-768m}" -XX:+UseSerialGC \
  -Djava.library.path="$root/.native/gdal" \
  -Dai.djl.offline=true -DDJL_CACHE_DIR="$home/cache/djl" -DENGINE_CACHE_DIR="$home/cache/djl" \
  -Drasterhub.home="$home" -Drasterhub.imageryFolders="${RASTERHUB_IMAGERY_FOLDERS:-}" \
  ${RASTERHUB_JAVA_OPTS:-} \
  -jar "$payara" \
  --deploy "$war" --contextroot / \
  --port "$port" --nocluster --nohazelcast --disablephonehome \
  --rootdir "$home/server" \
  --prebootcommandfile "$root/scripts/payara-preboot.asadmin"

#!/usr/bin/env bash
# Starts the built portal on Payara Micro in the foreground. Expects a finished build
# (scripts/build.sh); scripts/run.sh installs, builds and then calls this.
#
#   RASTERHUB_HOME            data folder (database, packages); default ./data
#   RASTERHUB_PORT            HTTP port; default 8080
#   RASTERHUB_ADMIN_PASSWORD  initial admin password, read on the first start only
#   RASTERHUB_MAX_HEAP        JVM heap cap; default 768m
#   RASTERHUB_JAVA_OPTS       extra JVM options
#   RASTERHUB_DB_URL          JDBC URL of a PostgreSQL database shared by a cluster
#                             (jdbc:postgresql://host:5432/rasterhub); default: the H2 file in the data folder
#   RASTERHUB_DB_USER, RASTERHUB_DB_PASSWORD  its account (H2: sa, no password)
#   RASTERHUB_NODE            this portal's name in a cluster sharing RASTERHUB_HOME (a-z, 0-9, -): its
#                             Payara files and upload staging then live under nodes/<name>/
#   RASTERHUB_EMBEDDED_RUNNER 0: start no runner process (a cluster's runner nodes are started on their
#                             own with scripts/start-runner.sh); default 1: the portal starts and
#                             supervises one, configured by the RASTERHUB_RUNNER_* variables of that script
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
home=$(realpath -m "${RASTERHUB_HOME:-./data}")
port=${RASTERHUB_PORT:-8080}
war="$root/portal-web/target/rasterhub.war"
payara="$root/portal-web/target/payara-micro.jar"

for f in "$war" "$payara" "$root/.native/gdal/libgdalalljni.so" "$root/inference-runner/target/inference-runner.jar"; do
  [ -f "$f" ] || { echo "start-portal: $f is missing; run scripts/run.sh (or scripts/build.sh) first" >&2; exit 1; }
done
mkdir -p "$home"
# Payara keeps what was deployed in its root folder and deploys it again at the next start, before
# --deploy replaces it: a second full deployment (~7 s) on every restart. Its working files are
# rebuilt from the WAR each time, so start from a clean folder and keep only its logs.
node=${RASTERHUB_NODE:-}
server="$home/server"
if [ -n "$node" ]; then
  [[ "$node" =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || { echo "start-portal: RASTERHUB_NODE must be 1-63 of a-z, 0-9 and -" >&2; exit 1; }
  server="$home/nodes/$node/server"
fi
mkdir -p "$server"
if [ -d "$server" ]; then
  find "$server" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +
fi
# AUTO_SERVER: the runner process opens the same H2 file (through a server the first opener starts).
db_url=${RASTERHUB_DB_URL:-jdbc:h2:file:$home/db/rasterhub;AUTO_SERVER=TRUE}
case "$db_url" in
  jdbc:h2:*) db_class=org.h2.jdbcx.JdbcDataSource; db_user=${RASTERHUB_DB_USER:-sa} ;;
  jdbc:postgresql:*) db_class=org.postgresql.ds.PGSimpleDataSource; db_user=${RASTERHUB_DB_USER:?RASTERHUB_DB_USER is needed with RASTERHUB_DB_URL} ;;
  *) echo "start-portal: RASTERHUB_DB_URL must be jdbc:postgresql://host:port/database (or unset for H2)" >&2; exit 1 ;;
esac
runner_script="$root/scripts/start-runner.sh"
[ "${RASTERHUB_EMBEDDED_RUNNER:-1}" != 0 ] || runner_script=""
# The password stays in the environment (not in ps's view of the command line); the data source reads it there.
export RASTERHUB_DB_PASSWORD=${RASTERHUB_DB_PASSWORD:-}
echo "start-portal: http://localhost:$port/ data folder $home database ${db_url%%\?*}"

# Payara Micro's own clustering (Hazelcast) is off: one node needs none, and it costs start time.
# payara-preboot.asadmin marks cookies SameSite=Lax and drops the headers that name the server.
# shellcheck disable=SC2086
exec java \
  -Xmx"${RASTERHUB_MAX_HEAP:-768m}" -XX:+UseSerialGC \
  -Djava.library.path="$root/.native/gdal" \
  -Dai.djl.offline=true -DDJL_CACHE_DIR="$home/cache/djl" -DENGINE_CACHE_DIR="$home/cache/djl" \
  -Drasterhub.home="$home" -Drasterhub.imageryFolders="${RASTERHUB_IMAGERY_FOLDERS:-}" \
  -Drasterhub.db.class="$db_class" -Drasterhub.db.url="$db_url" -Drasterhub.db.user="$db_user" \
  -Drasterhub.node="$node" \
  -Drasterhub.runner.script="$runner_script" \
  ${RASTERHUB_JAVA_OPTS:-} \
  -jar "$payara" \
  --deploy "$war" --contextroot / \
  --port "$port" --nocluster --nohazelcast --disablephonehome \
  --rootdir "$server" \
  --prebootcommandfile "$root/scripts/payara-preboot.asadmin"

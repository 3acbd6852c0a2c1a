#!/usr/bin/env bash
# Measures the portal's startup time (JVM launch to the first HTTP 200 from /api/health) and its
# resident memory once idle, over several fresh starts. Needs a finished build (scripts/build.sh).
# Usage: scripts/measure-startup.sh [runs=3] [idle-seconds=20]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
idle=${2:-20}
port=${RASTERHUB_PORT:-18080}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n 1)"
echo "commit:  $(git -C "$root" rev-parse --short HEAD)"
for run in $(seq 1 "$runs"); do
  for kind in first-start restart; do
    [ "$kind" = first-start ] && { home=$(mktemp -d); }
    log=$(mktemp)
    start=$(date +%s.%N)
    RASTERHUB_HOME=$home RASTERHUB_PORT=$port RASTERHUB_ADMIN_PASSWORD=measure \
      "$root/scripts/start-portal.sh" >"$log" 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/api/health")" = 200 ]; do
      kill -0 "$pid" 2>/dev/null || { echo "portal exited; log $log"; exit 1; }
      grep -q "Exception during lifecycle processing" "$log" && { echo "deployment failed; log $log"; kill "$pid"; exit 1; }
      sleep 0.2
    done
    ready=$(date +%s.%N)
    curl -s -o /dev/null "http://localhost:$port/"   # one page view, as a visitor would, then idle
    sleep "$idle"
    rss_kb=$(ps -o rss= -p "$pid")
    printf "run %d %-11s startup %5.1f s   idle RSS %4d MiB\n" "$run" "$kind" \
      "$(awk -v a="$start" -v b="$ready" 'BEGIN{print b-a}')" $((rss_kb / 1024))
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -f "$log"
  done
  rm -rf "$home"
done

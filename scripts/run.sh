#!/usr/bin/env bash
# Installs what RasterHub needs (Debian packages, the GDAL JNI library), builds it and starts the
# portal on http://localhost:${RASTERHUB_PORT:-8080}. Every step is skipped when already done.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
exec "$root/scripts/start-portal.sh"

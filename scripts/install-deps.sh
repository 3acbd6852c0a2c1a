#!/usr/bin/env bash
# Installs what RasterHub needs on Debian 12, idempotently: a second run installs nothing.
# Only Debian's packages here; Maven fetches the Java libraries from Maven Central.
# With --tests, also what only the tests need: PostgreSQL 15, on which they check our SQL (each test
# run starts a server of its own on a free port; the package's default cluster is not used).
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven   # build and run
  gdal-bin libgdal-dev gdal-data  # GDAL itself; its Java bindings are built by build-gdal-jni.sh
  swig g++ xz-utils               # to build the GDAL Java bindings (JNI)
  chromium chromium-driver        # browser tests
  curl procps                     # run and measurement scripts
)
if [ "${1:-}" = --tests ]; then
  packages+=(postgresql-15)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi

[ -n "${SKIP_GDAL_JNI:-}" ] || "$(dirname "$0")/build-gdal-jni.sh"

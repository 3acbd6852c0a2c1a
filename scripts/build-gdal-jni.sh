#!/usr/bin/env bash
# Builds the GDAL Java bindings' JNI library (libgdalalljni.so) against Debian's own GDAL.
#
# Why: Debian 12 packages GDAL but not its Java bindings. The Java classes come from Maven Central
# (org.gdal:gdal); the native half is generated here with SWIG from the SWIG interface files of the
# exact Debian GDAL source that is installed, so the two always match. Idempotent: skipped when the
# library exists for the installed GDAL version.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.native/gdal"
work="$root/.native/gdal-build"

src_pkg=$(dpkg-query -W -f='${source:Package}' libgdal-dev)
src_ver=$(dpkg-query -W -f='${source:Version}' libgdal-dev)
stamp="$out/built-for-$src_pkg-$src_ver"

if [ -f "$out/libgdalalljni.so" ] && [ -f "$stamp" ]; then
  echo "build-gdal-jni: $out/libgdalalljni.so is up to date ($src_pkg $src_ver)"
  exit 0
fi
echo "build-gdal-jni: building JNI library for $src_pkg $src_ver"
rm -rf "$work" "$out"
mkdir -p "$work/apt/lists/partial" "$work/apt/sources.list.d" "$out"

# A private deb-src list derived from the machine's own apt sources (same mirrors, same suites),
# used through apt options so that /etc/apt stays untouched.
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && sed -E 's/^Types:.*/Types: deb-src/' "$f" > "$work/apt/sources.list.d/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] && grep -E '^deb ' "$f" | sed -E 's/^deb /deb-src /' >> "$work/apt/sources.list.d/derived.list" || true
done
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/apt/sources.list.d"
          -o "Dir::State::Lists=$work/apt/lists" -o "Debug::NoLocking=1" -qq)
apt-get "${apt_opts[@]}" update
# apt downloads as the unprivileged _apt user where it can; let it write here.
chmod 0777 "$work" 2>/dev/null || true
(cd "$work" && apt-get "${apt_opts[@]}" source --download-only "$src_pkg=$src_ver")

orig=$(ls "$work"/*.orig.tar.* | head -n 1)
# The interface files include headers by relative path (../../ogr/...), so unpack the source tree
# less its large test suite.
tar -xf "$orig" -C "$work" --exclude='*/autotest/*'
swig_inc=$(dirname "$(find "$work" -path '*/swig/include/gdal.i' | head -n 1)")

java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
mkdir -p "$work/wrap"
for module in gdalconst gdal ogr osr; do
  cxx=-c++; ext=cpp
  if [ "$module" = gdalconst ]; then cxx=; ext=c; fi
  mkdir -p "$work/java/$module"
  # SWIG's overload warnings (hundreds of lines) go to a log, shown only if SWIG fails.
  swig -java $cxx -package "org.gdal.$module" -outdir "$work/java/$module" \
       -I"$swig_inc" -I"$swig_inc/java" -I/usr/include/gdal \
       -o "$work/wrap/${module}_wrap.$ext" "$swig_inc/$module.i" 2>"$work/swig-$module.log" \
    || { cat "$work/swig-$module.log" >&2; exit 1; }
done

cflags=(-O2 -w -fPIC -I/usr/include/gdal -I"$java_home/include" -I"$java_home/include/linux")
pids=()
for src in "$work"/wrap/*_wrap.c "$work"/wrap/*_wrap.cpp; do
  compiler=g++; [[ $src == *.c ]] && compiler=gcc
  "$compiler" "${cflags[@]}" -c "$src" -o "${src%.*}.o" & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
g++ -shared -o "$out/libgdalalljni.so" "$work"/wrap/*.o -lgdal
touch "$stamp"
rm -rf "$work"
echo "build-gdal-jni: built $out/libgdalalljni.so"

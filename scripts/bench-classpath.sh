#!/usr/bin/env bash
# Sourced by the benchmarks: compiles the tests of $bench_module (default inference-runner) and sets
# $cp to their class path; prints the commit and the machine.
# Private copies of the project's own jars: a parallel `mvn install` replaces the ones in ~/.m2
# while a benchmark runs, and the JVM then fails to load classes from them.
module=${bench_module:-inference-runner}
# MAVEN_PROFILE_ARGS: e.g. -Pgpu (scripts/gpu-check.sh), for ONNX Runtime's CUDA build on the class path.
mvn -q ${MAVEN_PROFILE_ARGS:-} -pl "$module" test-compile
mvn -q ${MAVEN_PROFILE_ARGS:-} -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
mkdir -p "$module/target/bench-lib"
deps=""
for jar in $(tr ':' ' ' < "$module/target/bench.classpath"); do
  case "$jar" in
    */org/rasterhub/*) cp "$jar" "$module/target/bench-lib/"; jar="$module/target/bench-lib/$(basename "$jar")" ;;
  esac
  deps="$deps:$jar"
done
cp="$module/target/test-classes:$module/target/classes$deps"
commit=$(git rev-parse --short HEAD)
echo "commit: $commit"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load before: $(uptime | sed 's/.*load average: //')"

#!/usr/bin/env bash
# Sourced by the inference-runner benchmarks: compiles the tests and sets $cp to their class path.
# Private copies of the project's own jars: a parallel `mvn install` replaces the ones in ~/.m2
# while a benchmark runs, and the JVM then fails to load classes from them.
mvn -q -pl inference-runner test-compile
mvn -q -pl inference-runner dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
mkdir -p inference-runner/target/bench-lib
deps=""
for jar in $(tr ':' ' ' < inference-runner/target/bench.classpath); do
  case "$jar" in
    */org/rasterhub/*) cp "$jar" inference-runner/target/bench-lib/; jar="inference-runner/target/bench-lib/$(basename "$jar")" ;;
  esac
  deps="$deps:$jar"
done
cp="inference-runner/target/test-classes:inference-runner/target/classes$deps"
commit=$(git rev-parse --short HEAD)
echo "commit: $commit"

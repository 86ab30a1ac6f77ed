#!/usr/bin/env bash
# JMH micro-benchmarks of the receiver's hot beans (token check, parse and validation, redaction,
# message building), in src/test/java/com/example/paubox/benchmarks (classes *Benchmark, so that
# mvn verify never runs them). Compiles the tests, runs JMH in forked JVMs from the project root
# (the parser benchmarks read samples/*.json) and writes the result table to bench/results/jmh.txt
# as well as printing it. A full run takes about 2-3 minutes.
#
# Usage: bench/jmh.sh [JMH options] [benchmark regexp...]
#   bench/jmh.sh                      all benchmarks
#   bench/jmh.sh Parser               only the classes/methods matching "Parser"
#   bench/jmh.sh -l                   list the benchmarks
#   bench/jmh.sh -f 2 -wi 5 -i 10 Masking   more forks/iterations than the defaults
#   bench/jmh.sh -h                   all JMH options
# Defaults, each replaced by the same option given here: -foe true (stop at the first error),
# -rf text -rff bench/results/jmh.txt (the result table).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/results/jmh.txt
mkdir -p bench/results

mvn -q -B -ntp -DskipTests test-compile
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath
if [[ ! -f target/test-classes/META-INF/BenchmarkList ]]; then
  echo "target/test-classes/META-INF/BenchmarkList is missing: the JMH annotation processor did not run on the tests" >&2
  exit 1
fi

# The forks load classes lazily for minutes: run them from a copy, so that another build in the
# same target/ (which deletes and rewrites target/classes) cannot pull classes from under them.
SNAPSHOT=target/jmh-snapshot
rm -rf "$SNAPSHOT"
mkdir -p "$SNAPSHOT"
cp -R target/classes "$SNAPSHOT/classes"
cp -R target/test-classes "$SNAPSHOT/test-classes"
for class in intake/WebhookAuthenticator intake/PauboxEventParser notify/NotificationMessages notify/RecipientMasking; do
  if [[ ! -f "$SNAPSHOT/classes/com/example/paubox/$class.class" ]]; then
    echo "$class.class is missing from target/classes (is another build rewriting it?): run again" >&2
    exit 1
  fi
done

# Defaults, each unless given on the command line (JMH refuses an option given twice).
defaults=()
for pair in "-foe true" "-rf text" "-rff $OUT"; do
  option=${pair%% *}
  [[ " $* " == *" $option "* ]] || defaults+=("$option" "${pair#* }")
done

java -cp "$SNAPSHOT/test-classes:$SNAPSHOT/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main \
  "${defaults[@]}" "$@"

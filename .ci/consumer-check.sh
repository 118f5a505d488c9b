#!/usr/bin/env bash
# "Ready to depend on": installs the runtime into a throwaway local repository (never ~/.m2),
# then builds .ci/consumer, a separate project that depends on it, and checks that
#  - its dependency tree is the runtime and nothing else,
#  - the runtime's sources and Javadoc jars resolve and hold generated (Sqe) and hand-written (Ring) classes,
#  - it runs with no warning on the class path and on the module path.
# The throwaway repository starts as a copy of ~/.m2/repository (what the build already fetched);
# plugins the build never used (install, dependency) come from Maven Central.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/.mvn/find-jdk.sh"
find_jdk || exit 1
m2=${CONSUMER_M2:-/tmp/consumer-m2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -d "$m2" ]; then cp -r "$HOME/.m2/repository" "$m2"; fi
rm -rf "$m2/io/uring4j"
mvn_() { JAVA_HOME="$URING4J_JDK" mvn -B -ntp -Dmaven.repo.local="$m2" "$@"; }

echo "consumer-check: install the runtime into $m2"
(cd "$repo" && mvn_ -q install -pl runtime -am -DskipTests)

cp -r "$repo/.ci/consumer" "$work/consumer"
cd "$work/consumer"
echo "consumer-check: dependency tree"
mvn_ -q dependency:tree -DoutputFile=tree.txt
cat tree.txt
[ "$(grep -c -- '- ' tree.txt)" = 1 ] && grep -q -- '- io.uring4j:uring4j-runtime:jar:0.1.0-SNAPSHOT:compile' tree.txt \
  || { echo "consumer-check: the tree holds more than the runtime" >&2; exit 1; }

echo "consumer-check: sources and javadoc jars"
mvn_ -q dependency:copy-dependencies -DoutputDirectory=lib
mvn_ -q dependency:copy-dependencies -Dclassifier=sources -DoutputDirectory=lib
mvn_ -q dependency:copy-dependencies -Dclassifier=javadoc -DoutputDirectory=lib
ls lib
jar=$(ls lib/uring4j-runtime-*-SNAPSHOT.jar | grep -v -- '-sources\|-javadoc')
unzip -Z1 lib/uring4j-runtime-*-sources.jar > sources.txt
unzip -Z1 lib/uring4j-runtime-*-javadoc.jar > javadoc.txt
for entry in io/uring4j/Sqe.java io/uring4j/Ring.java io/uring4j/kernel/Errno.java io/uring4j/os/Doctor.java; do
  grep -qx "$entry" sources.txt || { echo "consumer-check: sources jar lacks $entry" >&2; exit 1; }
done
for entry in io/uring4j/Sqe.html io/uring4j/Ring.html io/uring4j/kernel/Errno.html io/uring4j/os/Doctor.html; do
  grep -q "/$entry\$" javadoc.txt || { echo "consumer-check: javadoc jar lacks $entry" >&2; exit 1; }
done
echo "consumer-check: sources and javadoc hold generated and hand-written classes"

mvn_ -q compile
java="$URING4J_JDK/bin/java"
run() {  # runs the consumer; fails on any output to stderr (warnings included)
  echo "consumer-check: \$ java $*"
  "$java" "$@" 2>err.txt | tee out.txt
  if [ -s err.txt ]; then echo "consumer-check: stderr was not empty:" >&2; cat err.txt >&2; exit 1; fi
  grep -q "nop user_data 42 res 0" out.txt
}
run --enable-native-access=ALL-UNNAMED -cp "target/classes:$jar" demo.Main
run --module-path "$jar" --add-modules io.uring4j --enable-native-access=io.uring4j -cp target/classes demo.Main
echo "consumer-check: ok"

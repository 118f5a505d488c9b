# Shared by the workload scripts (source it). compare.sh exports:
#   QUICK      0 or 1 (1: short runs, smaller files)
#   RESULTS    the CSV to append rows "workload,implementation,metric,value,unit" to
#   JAVA       a JDK 25 java
#   BENCH_JAR  the shaded benchmarks jar (JMH main, drivers, report tools)
#   BENCH_TMP  a scratch directory for logs and intermediate files (results/raw)
#   RUNS, RUN  how many runs compare.sh makes, and which one this is (1..RUNS)
# A script run on its own gets defaults for all but RESULTS.

set -euo pipefail

: "${RESULTS:?RESULTS must name the CSV to append rows to}"
QUICK="${QUICK:-0}"
RUNS="${RUNS:-1}"
RUN="${RUN:-1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA="${JAVA:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java}"
BENCH_JAR="${BENCH_JAR:-$ROOT/benchmarks/target/benchmarks.jar}"
BENCH_TMP="${BENCH_TMP:-$ROOT/benchmarks/results/raw}"
mkdir -p "$BENCH_TMP"

# quick FULL_VALUE QUICK_VALUE: picks by $QUICK.
quick() { if [ "$QUICK" = 1 ]; then echo "$2"; else echo "$1"; fi; }

# row WORKLOAD IMPLEMENTATION METRIC VALUE UNIT [RUN]: appends one result and echoes it. RUN only
# from a script that repeats its measurements itself (see runs.sh); compare.sh numbers the others.
row() {
  if [ "$#" -lt 5 ] || [ "$#" -gt 6 ] || [ -z "$4" ]; then
    echo "row: expected WORKLOAD IMPLEMENTATION METRIC VALUE UNIT [RUN] with a value; got: $*" >&2
    return 1
  fi
  echo "$1,$2,$3,$4,$5${6:+,$6}" >> "$RESULTS"
  printf '  %-18s %-15s %-6s %14s %s%s\n' "$1" "$2" "$3" "$4" "$5" "${6:+ (run $6)}"
}

# driver_result CLASS ARGS...: runs a benchmarks-jar main class and prints its last RESULT line.
driver_result() {
  local class="$1"; shift
  local log="$BENCH_TMP/${class##*.}-$$-$RANDOM.log"
  "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" "$class" "$@" > "$log" 2>&1 || {
    echo "$class failed; its output:" >&2; cat "$log" >&2; return 1; }
  grep '^RESULT ' "$log" | tail -1
}

# result_field NAME LINE: the value of NAME= in a RESULT line.
result_field() { echo "$2" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }

# java_driver CLASS ARGS...: runs a benchmarks-jar main class and prints the value of iops= from its RESULT line.
java_driver() {
  local line
  line="$(driver_result "$@")" || return 1
  result_field iops "$line"
}

# fio_time SECONDS: a time for fio's runtime= and ramp_time=, in ms (fio reads "0.5" as 0 seconds).
fio_time() { awk -v s="$1" 'BEGIN { printf "%dms", s * 1000 }'; }

# fio_iops ARGS...: runs fio with terse output and prints the read IOPS (terse v3 field 8).
fio_iops() {
  local out
  out="$(fio --output-format=terse --terse-version=3 "$@")" || { echo "fio failed: $out" >&2; return 1; }
  echo "$out" | tail -1 | cut -d';' -f8
}

# ensure_file PATH BYTES: (re)creates PATH with BYTES of random data unless it already has that size.
ensure_file() {
  local path="$1" bytes="$2"
  if [ -f "$path" ] && [ "$(stat -c %s "$path")" = "$bytes" ]; then
    return 0
  fi
  echo "  creating $path ($((bytes >> 20)) MiB)"
  head -c "$bytes" /dev/urandom > "$path"
  sync "$path"
}

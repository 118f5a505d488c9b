#!/usr/bin/env bash
# NOP submit + reap, ns per NOP. Appends one set of rows per run (compare.sh may run it several
# times and take medians):
#   nop-batch{1,4,16,32,64,128,256}  uring4j (JMH NopBenchmark, ring with registered fd, -prof gc
#                                    for bytes allocated per op; the bulk calls Ring.reserve +
#                                    SqeBatch.next and Ring.drainTo) against c-raw (native/nop_raw.c:
#                                    no liburing, uring4j's exact flags, registered ring fd: the
#                                    floor) at every batch, and liburing-c (native/nop_bench.c like:
#                                    the same flags but NO_SQARRAY, which liburing 2.3 lacks, ring
#                                    fd registered) at batch 1, 32 and 128.
#   nop-per-entry-batch128           the same ring through the per-entry calls (nextSqe().nop()
#                                    .userData(i), drain(handler)) against the same liburing-c run.
#   nop-defaults-batch{1,32,128}     each side with its own defaults: uring4j Ring.open(256)
#                                    against liburing-c with no setup flags (nop_bench.c default).
# Everything runs pinned to one CPU (NOP_CPU, default 0; taskset), Java and C alike.
# QUICK=1: batch 1, 32 and 128 only, shorter runs, no nop-per-entry or nop-defaults rows (a smoke run under budget).
source "$(dirname "$0")/lib.sh"

raw="$BENCH_TMP/nop_raw"
lib="$BENCH_TMP/nop_bench"
gcc -O2 -Wall -o "$raw" "$ROOT/benchmarks/native/nop_raw.c"
gcc -O2 -Wall -o "$lib" "$ROOT/benchmarks/native/nop_bench.c" -luring
pin=()
if command -v taskset > /dev/null; then pin=(taskset -c "${NOP_CPU:-0}"); fi

batches=$(quick "1 4 16 32 64 128 256" "1 32 128")
compared="1 32 128"
jmh_opts=$(quick "-f 1 -wi 1 -w 1s -i 3 -r 1s" "-f 1 -wi 1 -w 1s -i 1 -r 1s")
warm=$(quick 0.3 0.2); secs=$(quick 1 0.5)

# jmh RING BATCHES TEMPLATE [PATH]: one JMH run over the batch methods, rows named from TEMPLATE;
# PATH is NopBenchmark's path parameter (batch: the bulk calls, the default; perEntry).
jmh() {
  local ring="$1" regex="$2" template="$3" path="${4:-batch}"
  local csv="$BENCH_TMP/nop-jmh-$ring-$path.csv" log="$BENCH_TMP/nop-jmh-$ring-$path.log"
  # shellcheck disable=SC2086
  "${pin[@]}" "$JAVA" -jar "$BENCH_JAR" "io.uring4j.bench.NopBenchmark.batch($regex)\$" -p ring="$ring" \
    -p path="$path" -prof gc $jmh_opts -rf csv -rff "$csv" > "$log" 2>&1 || { tail -40 "$log" >&2; exit 1; }
  "$JAVA" -cp "$BENCH_JAR" io.uring4j.bench.report.JmhRows "$csv" "$template" uring4j time,alloc |
    while IFS=, read -r w i m v u; do row "$w" "$i" "$m" "$v" "$u"; done
}

# c WORKLOAD IMPLEMENTATION BINARY BATCH [MODE]: one C run, one row; the value is kept in $last.
c() {
  local out
  out="$("${pin[@]}" "$3" "$4" "$warm" "$secs" ${5:+"$5"})"
  echo "$out" >> "$BENCH_TMP/nop-c.log"
  last="$(echo "$out" | sed -n 's/.*ns_per_op=\([0-9.]*\).*/\1/p')"
  row "$1" "$2" time "$last" ns/op
}
declare -A like=()

jmh registered "$(echo "$batches" | tr ' ' '|')" 'nop-{method}'
for b in $batches; do
  c "nop-batch$b" c-raw "$raw" "$b"
done
for b in $compared; do
  c "nop-batch$b" liburing-c "$lib" "$b" like
  like[$b]="$last"
done

[ "$QUICK" = 1 ] && exit 0
per_entry="128"
jmh registered "$(echo "$per_entry" | tr ' ' '|')" 'nop-per-entry-{method}' perEntry
for b in $per_entry; do
  row "nop-per-entry-batch$b" liburing-c time "${like[$b]}" ns/op # the liburing-c run of nop-batch$b
done
jmh default "$(echo "$compared" | tr ' ' '|')" 'nop-defaults-{method}'
for b in $compared; do
  c "nop-defaults-batch$b" liburing-c "$lib" "$b" default
done

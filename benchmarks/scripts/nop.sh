#!/usr/bin/env bash
# NOP submit + reap at batch 1, 32 and 128: uring4j (JMH NopBenchmark, ns/op, with -prof gc for
# bytes allocated per op) against liburing in C (native/nop_bench.c, same ring flags, same loop).
# The two run back to back for each batch, so that a change in background load between batches
# does not favour one side.
source "$(dirname "$0")/lib.sh"

bin="$BENCH_TMP/nop_bench"
gcc -O2 -Wall -o "$bin" "$ROOT/benchmarks/native/nop_bench.c" -luring

# JMH: quick = 1 fork x (2 s warm-up + 3 s measured); full = 2 forks x (6 s + 10 s).
# C: the same warm-up and measured time as one JMH fork (full: twice as long, like two forks).
jmh_opts=$(quick "-f 2 -wi 3 -w 2s -i 5 -r 2s" "-f 1 -wi 2 -w 1s -i 3 -r 1s")
warm=$(quick 6 2); secs=$(quick 20 3)
for b in 1 32 128; do
  jmh_csv="$BENCH_TMP/nop-jmh-batch$b.csv"
  # shellcheck disable=SC2086
  "$JAVA" -jar "$BENCH_JAR" "io.uring4j.bench.NopBenchmark.batch$b\$" -prof gc $jmh_opts \
    -rf csv -rff "$jmh_csv" > "$BENCH_TMP/nop-jmh-batch$b.log" 2>&1 ||
    { tail -40 "$BENCH_TMP/nop-jmh-batch$b.log" >&2; exit 1; }
  "$JAVA" -cp "$BENCH_JAR" io.uring4j.bench.report.JmhRows "$jmh_csv" 'nop-{method}' uring4j time,alloc |
    while IFS=, read -r w i m v u; do row "$w" "$i" "$m" "$v" "$u"; done

  out="$("$bin" "$b" "$warm" "$secs")"
  echo "$out" >> "$BENCH_TMP/nop-c.log"
  row "nop-batch$b" liburing-c time "$(echo "$out" | sed -n 's/.*ns_per_op=\([0-9.]*\).*/\1/p')" ns/op
done

#!/usr/bin/env bash
# uring4j's channels layer against the JDK: 4 KiB random reads from N virtual threads, page-cached
# (256 MiB file in /var/tmp, read once) and O_DIRECT (1 GiB file), with UringFileChannel,
# FileChannel and AsynchronousFileChannel (Future.get on each virtual thread). JMH
# ChannelScaleBenchmark; one row per figure: the median of its measured iterations.
# Figures: iops, cpu_us (process CPU per read, /proc/self/stat), carriers (largest virtual-thread
# carrier pool), jvm_threads (most JVM platform threads alive at once, JMH's and the JVM's own
# service threads included; uring4j's ring threads, the JDK's compensation and pool threads too).
# compare.sh: runs itself
# (each of the RUNS measured JMH iterations is one run: one JVM per combination, not RUNS of them;
# the per-read JMH figures below are RUNS separate one-fork JMH runs)
source "$(dirname "$0")/lib.sh"

threads=$(quick "1,1000,10000" "1000")
impls=$(quick "uring,jdk,jdkAsync" "uring,jdk")
secs=1
# The warm-up iteration is longer than the measured ones: 1 s of a fresh JVM is mostly JIT.
warmup_secs=$(quick 2 1)
iters="$RUNS"
log="$BENCH_TMP/channels-$$.log"
"$JAVA" -jar "$BENCH_JAR" ChannelScaleBenchmark -p threads="$threads" -p seconds="$secs" \
  -p warmupSeconds="$warmup_secs" -i "$iters" \
  -p impl="$impls" -p mode=cached,direct > "$log" 2>&1 || { echo "ChannelScaleBenchmark failed:" >&2; tail -50 "$log" >&2; exit 1; }

# RESULT lines: the first of each (impl, threads, mode) is the warmup iteration; the next ones are runs 1..RUNS.
grep '^RESULT ' "$log" | awk '
  function field(name,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } }
  {
    key = field("mode") "-" field("threads") "vt," field("impl")
    run = seen[key]++
    if (run == 0) next   # warmup
    split(key, p, ",")
    name = p[2] == "uring" ? "uring4j" : p[2] == "jdk" ? "filechannel" : "jdk-async"
    printf "channels-%s %s iops %.0f IOPS %d\n", p[1], name, field("iops"), run
    printf "channels-%s %s cpu_us %.3f us/read %d\n", p[1], name, field("cpuUsPerRead"), run
    printf "channels-%s %s carriers %d threads %d\n", p[1], name, field("carrierPool"), run
    printf "channels-%s %s jvm_threads %d threads %d\n", p[1], name, field("jvmThreads"), run
  }' | while read -r workload impl metric value unit run; do
  row "$workload" "$impl" "$metric" "$value" "$unit" "$run"
done

# Per-read cost and allocation of UringFileChannel on one platform thread (page-cached file):
# through the page-cache path and, with cacheFirst=false, through the ring.
jmh_opts="-f 1 -wi 2 -w 1s -i 1 -r 1s"  # JIT warm-up allocation stays out of B/op
for run in $(seq 1 "$RUNS"); do
  for path in cache ring; do
    jmh_csv="$BENCH_TMP/channels-read-$path.csv"
    extra=$([ "$path" = ring ] && echo "-jvmArgsAppend -Dio.uring4j.channels.cacheFirst=false" || true)
    "$JAVA" -jar "$BENCH_JAR" 'io.uring4j.bench.channels.ChannelReadBenchmark.uringFileChannel$' -p buffer=direct \
      -prof gc $jmh_opts $extra -rf csv -rff "$jmh_csv" > "$BENCH_TMP/channels-read-$path.log" 2>&1 ||
      { tail -40 "$BENCH_TMP/channels-read-$path.log" >&2; exit 1; }
    "$JAVA" -cp "$BENCH_JAR" io.uring4j.bench.report.JmhRows "$jmh_csv" "channels-read-$path" uring4j time,alloc |
      while IFS=, read -r w i m v u; do row "$w" "$i" "$m" "$v" "$u" "$run"; done
  done
done

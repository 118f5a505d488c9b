#!/usr/bin/env bash
# uring4j's channels layer against the JDK: 4 KiB random reads from N virtual threads, page-cached
# (256 MiB file in /var/tmp, read once) and O_DIRECT (1 GiB file), with UringFileChannel,
# FileChannel and AsynchronousFileChannel (Future.get on each virtual thread). JMH
# ChannelScaleBenchmark; one row per figure: the median of its measured iterations.
# Figures: iops, cpu_us (process CPU per read, /proc/self/stat), carriers (largest virtual-thread
# carrier pool), jvm_threads (most JVM platform threads alive at once, JMH's and the JVM's own
# service threads included; uring4j's ring threads, the JDK's compensation and pool threads too).
source "$(dirname "$0")/lib.sh"

threads=$(quick "1,64,1000,10000" "1,1000")
secs=$(quick 3 1)
iters=$(quick 3 1)
log="$BENCH_TMP/channels-$$.log"
"$JAVA" -jar "$BENCH_JAR" ChannelScaleBenchmark -p threads="$threads" -p seconds="$secs" -i "$iters" \
  -p impl=uring,jdk,jdkAsync -p mode=cached,direct > "$log" 2>&1 || { echo "ChannelScaleBenchmark failed:" >&2; tail -50 "$log" >&2; exit 1; }

# RESULT lines: the first of each (impl, threads, mode) is the warmup iteration.
grep '^RESULT ' "$log" | awk -v iters="$iters" '
  function field(name,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] } }
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    key = field("mode") "-" field("threads") "vt," field("impl")
    if (!(key in seen)) { seen[key] = 1; order[++k] = key; next }   # warmup
    iops[key] = iops[key] " " field("iops"); cpu[key] = cpu[key] " " field("cpuUsPerRead")
    car[key] = car[key] " " field("carrierPool"); thr[key] = thr[key] " " field("jvmThreads")
  }
  END {
    for (i = 1; i <= k; i++) {
      key = order[i]; split(key, p, ",")
      name = p[2] == "uring" ? "uring4j" : p[2] == "jdk" ? "filechannel" : "jdk-async"
      printf "channels-%s %s iops %.0f IOPS\n", p[1], name, median(iops[key])
      printf "channels-%s %s cpu_us %.3f us/read\n", p[1], name, median(cpu[key])
      printf "channels-%s %s carriers %d threads\n", p[1], name, median(car[key])
      printf "channels-%s %s jvm_threads %d threads\n", p[1], name, median(thr[key])
    }
  }' | while read -r workload impl metric value unit; do
  row "$workload" "$impl" "$metric" "$value" "$unit"
done

# Per-read cost and allocation of UringFileChannel on one platform thread (page-cached file):
# through the page-cache path and, with cacheFirst=false, through the ring.
jmh_opts=$(quick "-f 1 -wi 3 -w 1s -i 5 -r 1s" "-f 1 -wi 1 -w 1s -i 2 -r 1s")
for path in cache ring; do
  jmh_csv="$BENCH_TMP/channels-read-$path.csv"
  extra=$([ "$path" = ring ] && echo "-jvmArgsAppend -Dio.uring4j.channels.cacheFirst=false" || true)
  "$JAVA" -jar "$BENCH_JAR" 'io.uring4j.bench.channels.ChannelReadBenchmark.uringFileChannel$' -p buffer=direct \
    -prof gc $jmh_opts $extra -rf csv -rff "$jmh_csv" > "$BENCH_TMP/channels-read-$path.log" 2>&1 ||
    { tail -40 "$BENCH_TMP/channels-read-$path.log" >&2; exit 1; }
  "$JAVA" -cp "$BENCH_JAR" io.uring4j.bench.report.JmhRows "$jmh_csv" "channels-read-$path" uring4j time,alloc |
    while IFS=, read -r w i m v u; do row "$w" "$i" "$m" "$v" "$u"; done
done

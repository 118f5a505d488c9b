#!/usr/bin/env bash
# Buffered 4 KiB random reads of a file in /dev/shm (1 GiB; 256 MiB with QUICK=1), QD 64, one
# thread: uring4j (UringReadDriver) against fio's io_uring engine, and FileChannel positional
# reads on one thread and on one thread per core. Also records uring4j's bytes allocated per read
# from JMH ReadBenchmark.qd64 with -prof gc.
source "$(dirname "$0")/lib.sh"

size=$(quick $((1 << 30)) $((256 << 20)))
file="/dev/shm/uring4j-bench-read-$((size >> 20))m.dat"
warm=$(quick 5 1); secs=$(quick 15 3)
cores=$(nproc)
workload=read-tmpfs-qd64
ensure_file "$file" "$size"
trap '[ "${KEEP_FILES:-0}" = 1 ] || rm -f "$file"' EXIT

row $workload uring4j iops "$(java_driver io.uring4j.bench.file.UringReadDriver --file "$file" --qd 64 --bs 4096 \
  --warmup "$warm" --seconds "$secs")" IOPS
row $workload fio iops "$(fio_iops --name=read --filename="$file" --ioengine=io_uring --direct=0 --iodepth=64 \
  --rw=randread --bs=4k --numjobs=1 --norandommap --randrepeat=0 --time_based --ramp_time="$warm" \
  --runtime="$secs")" IOPS
row $workload filechannel iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$file" --bs 4096 \
  --threads 1 --warmup "$warm" --seconds "$secs")" IOPS
row $workload filechannel-mt iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$file" \
  --bs 4096 --threads "$cores" --warmup "$warm" --seconds "$secs")" IOPS

jmh_opts=$(quick "-f 1 -wi 3 -w 1s -i 5 -r 1s" "-f 1 -wi 1 -w 1s -i 2 -r 1s")
jmh_csv="$BENCH_TMP/read-jmh.csv"
# shellcheck disable=SC2086
"$JAVA" -jar "$BENCH_JAR" 'io.uring4j.bench.ReadBenchmark.qd64$' -p fs=tmpfs -prof gc $jmh_opts \
  -rf csv -rff "$jmh_csv" > "$BENCH_TMP/read-jmh.log" 2>&1 || { tail -40 "$BENCH_TMP/read-jmh.log" >&2; exit 1; }
"$JAVA" -cp "$BENCH_JAR" io.uring4j.bench.report.JmhRows "$jmh_csv" 'read-{fs}-{method}' uring4j alloc |
  while IFS=, read -r w i m v u; do row "$w" "$i" "$m" "$v" "$u"; done

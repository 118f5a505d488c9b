#!/usr/bin/env bash
# Buffered 4 KiB random reads, one set of rows per run (compare.sh may repeat it for medians):
#   read-qd{1,4,16,64,256}  a file on the disk's file system (/var/tmp, ext4), warm in the page
#                           cache (read whole right before every run: this VM's DAMON pages out
#                           page cache within seconds; fio gets --invalidate=0, as its default
#                           drops the file's cache first), so reads complete inline during the
#                           submit, one thread: uring4j
#                           (UringReadDriver, registered file and buffers) against fio io_uring at
#                           each queue depth; at QD 64 also FileChannel on one thread (filechannel)
#                           and uring4j's bytes allocated per read (JMH ReadBenchmark.qd64 -prof gc).
#   read-cold-qd64          the same file with its page cache dropped before each implementation
#                           (dd iflag=nocache: posix_fadvise DONTNEED), QD 64: uring4j, fio io_uring,
#                           FileChannel on 64 platform threads (filechannel-64t, the JDK's way to
#                           have 64 reads in flight) and on one.
#   read-tmpfs-qd64         a file in /dev/shm, QD 64: uring4j, fio, filechannel, filechannel-mt
#                           (one thread per core). tmpfs reads go to io-wq workers (BENCHMARKS.md).
# Sizes: 1 GiB page-cache and tmpfs files, 2 GiB cold file (QUICK=1: 256 MiB and 512 MiB).
source "$(dirname "$0")/lib.sh"

dir="${DIRECT_DIR:-/var/tmp}"
size=$(quick $((1 << 30)) $((256 << 20)))
cold_size=$(quick $((2 << 30)) $((512 << 20)))
warm=$(quick 0.5 0.5); secs=$(quick 2 1)
cold_warm=0.5; cold_secs=$(quick 2 1)
cores=$(nproc)
disk="$dir/uring4j-bench-disk-$((size >> 20))m.dat"
cold="$dir/uring4j-bench-cold-$((cold_size >> 20))m.dat"
shm="/dev/shm/uring4j-bench-read-$((size >> 20))m.dat"
ensure_file "$disk" "$size"
ensure_file "$cold" "$cold_size"
ensure_file "$shm" "$size"
trap '[ "${KEEP_FILES:-0}" = 1 ] || rm -f "$disk" "$cold" "$shm"' EXIT

uring=(--bs 4096 --fixed-files --fixed-buffers --random-hint)
fio_common=(--name=read --ioengine=io_uring --direct=0 --rw=randread --bs=4k --numjobs=1 --norandommap
  --randrepeat=0 --time_based)
evict() { dd if="$1" iflag=nocache count=0 status=none; }
warm() { cat "$1" > /dev/null; }

# ---- warm page cache, QD 1..256
for qd in $(quick "1 4 16 64 256" "64"); do
  w="read-qd$qd"
  warm "$disk"
  row "$w" uring4j iops "$(java_driver io.uring4j.bench.file.UringReadDriver --file "$disk" --qd "$qd" "${uring[@]}" \
    --warmup "$warm" --seconds "$secs")" IOPS
  warm "$disk"
  row "$w" fio iops "$(fio_iops "${fio_common[@]}" --invalidate=0 --filename="$disk" --iodepth="$qd" \
    --ramp_time="$warm" --runtime="$secs")" IOPS
done
warm "$disk"
row read-qd64 filechannel iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$disk" --bs 4096 \
  --threads 1 --warmup "$warm" --seconds "$secs")" IOPS

jmh_opts=$(quick "-f 1 -wi 2 -w 1s -i 3 -r 1s" "-f 1 -wi 1 -w 1s -i 1 -r 1s")
jmh_csv="$BENCH_TMP/read-jmh.csv"
# QUICK=1: the allocation row in the first run only (a JMH JVM costs ~5 s of the quick budget).
if [ "$QUICK" != 1 ] || [ "${RUN:-1}" = 1 ]; then
# shellcheck disable=SC2086
"$JAVA" -jar "$BENCH_JAR" 'io.uring4j.bench.ReadBenchmark.qd64$' -p fs=pagecache -prof gc $jmh_opts \
  -rf csv -rff "$jmh_csv" > "$BENCH_TMP/read-jmh.log" 2>&1 || { tail -40 "$BENCH_TMP/read-jmh.log" >&2; exit 1; }
"$JAVA" -cp "$BENCH_JAR" io.uring4j.bench.report.JmhRows "$jmh_csv" 'read-{method}' uring4j alloc |
  while IFS=, read -r w i m v u; do row "$w" "$i" "$m" "$v" "$u"; done
fi

# ---- cold cache, QD 64: the cache is dropped before every implementation
w=read-cold-qd64
evict "$cold"
row $w uring4j iops "$(java_driver io.uring4j.bench.file.UringReadDriver --file "$cold" --qd 64 "${uring[@]}" \
  --warmup "$cold_warm" --seconds "$cold_secs")" IOPS
evict "$cold"
row $w fio iops "$(fio_iops "${fio_common[@]}" --filename="$cold" --iodepth=64 --ramp_time="$cold_warm" \
  --runtime="$cold_secs")" IOPS
evict "$cold"
row $w filechannel-64t iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$cold" --bs 4096 \
  --threads 64 --warmup "$cold_warm" --seconds "$cold_secs")" IOPS
evict "$cold"
row $w filechannel iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$cold" --bs 4096 \
  --threads 1 --warmup "$cold_warm" --seconds "$cold_secs")" IOPS

# ---- tmpfs, QD 64
w=read-tmpfs-qd64
row $w uring4j iops "$(java_driver io.uring4j.bench.file.UringReadDriver --file "$shm" --qd 64 "${uring[@]}" \
  --warmup "$warm" --seconds "$secs")" IOPS
row $w fio iops "$(fio_iops "${fio_common[@]}" --invalidate=0 --filename="$shm" --iodepth=64 --ramp_time="$warm" \
  --runtime="$secs")" IOPS
row $w filechannel iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$shm" --bs 4096 \
  --threads 1 --warmup "$warm" --seconds "$secs")" IOPS
[ "$QUICK" = 1 ] && exit 0  # QUICK=1: tmpfs against fio and one FileChannel thread only
row $w filechannel-mt iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$shm" --bs 4096 \
  --threads "$cores" --warmup "$warm" --seconds "$secs")" IOPS

#!/usr/bin/env bash
# Buffered 4 KiB random reads, one set of rows per run (compare.sh may repeat it for medians).
# One file on the disk's file system (/var/tmp, ext4: 2 GiB, QUICK=1 512 MiB) serves the warm
# and the cold rows, and its first half is copied to /dev/shm for the tmpfs rows:
#   read-qd{1,4,16,64,256}  the file's first half (every reader, fio too, is limited to it:
#                           --size), warm in the page cache (read right before every run: this
#                           VM's DAMON pages out page cache within seconds; fio gets
#                           --invalidate=0, as its default drops the file's cache first), so reads
#                           complete inline during the submit, one thread: uring4j
#                           (UringReadDriver, registered file and buffers) against fio io_uring at
#                           each queue depth; at QD 64 also FileChannel on one thread (filechannel)
#                           and uring4j's bytes allocated per read (the driver's thread over its
#                           timed window after a 2 s warm-up, ThreadMXBean).
#   read-cold-qd64          the whole file with its page cache dropped before each implementation
#                           (dd iflag=nocache: posix_fadvise DONTNEED), QD 64, the same warm-up
#                           (fio's ramp_time) and duration for all: uring4j (one ring, one thread,
#                           POSIX_FADV_RANDOM as fio), fio io_uring, FileChannel on 64 platform
#                           threads (filechannel-64t, the JDK's way to have 64 reads in flight)
#                           and on one, in reverse order in even runs. The disk is the limit
#                           here (BENCHMARKS.md).
#   read-tmpfs-qd64         a file in /dev/shm, QD 64: uring4j, fio, filechannel, filechannel-mt
#                           (one thread per core). tmpfs reads go to io-wq workers (BENCHMARKS.md).
source "$(dirname "$0")/lib.sh"

dir="${DIRECT_DIR:-/var/tmp}"
cold_size=$(quick $((2 << 30)) $((512 << 20)))
size=$((cold_size / 2))
# Warm rows: the drivers warm up for the JIT (fio, in C, needs none: reads complete inline from
# the start); page-cache reads run at ~0.5-1 M/s, so 1.5 s is ~1 M reads.
warm=$(quick 0.5 0.5); secs=$(quick 1.5 1)
cold_warm=0.5; cold_secs=$(quick 2 1)
cores=$(nproc)
file="$dir/uring4j-bench-read-$((cold_size >> 20))m.dat"
shm="/dev/shm/uring4j-bench-read-$((size >> 20))m.dat"
ensure_file "$file" "$cold_size"
warm() { dd if="$file" of=/dev/null bs=1M count=$((size >> 20)) status=none; }
if [ ! -f "$shm" ] || [ "$(stat -c %s "$shm")" != "$size" ]; then
  warm
  dd if="$file" of="$shm" bs=1M count=$((size >> 20)) status=none
fi
trap '[ "${KEEP_FILES:-0}" = 1 ] || rm -f "$file" "$shm"' EXIT

uring=(--bs 4096 --fixed-files --fixed-buffers --random-hint)
fio_common=(--name=read --ioengine=io_uring --direct=0 --rw=randread --bs=4k --numjobs=1 --norandommap
  --randrepeat=0 --time_based)
evict() { dd if="$file" iflag=nocache count=0 status=none; }

# ---- warm page cache, QD 1..256
for qd in $(quick "1 4 16 64 256" "64"); do
  w="read-qd$qd"
  warm
  # At QD 64 a 2 s warm-up, so that the JIT is done before the allocation row's window (after
  # 0.5 s, C2 is still compiling and the window shows ~0.15-0.19 B/read; after 2 s, ~0.0003).
  result="$(driver_result io.uring4j.bench.file.UringReadDriver --file "$file" --size "$size" --qd "$qd" \
    "${uring[@]}" --warmup "$([ "$qd" = 64 ] && echo 2 || echo "$warm")" --seconds "$secs")"
  row "$w" uring4j iops "$(result_field iops "$result")" IOPS
  [ "$qd" != 64 ] || row "$w" uring4j alloc "$(result_field alloc_bytes_per_op "$result")" B/op
  warm
  row "$w" fio iops "$(fio_iops "${fio_common[@]}" --invalidate=0 --filename="$file" --size="$size" \
    --iodepth="$qd" --runtime="$(fio_time "$secs")")" IOPS
done
warm  # FileChannel at QD 64 gets uring4j's 2 s warm-up too
row read-qd64 filechannel iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$file" \
  --size "$size" --bs 4096 --threads 1 --warmup 2 --seconds "$secs")" IOPS

# ---- cold cache, QD 64: the cache is dropped before every implementation. The disk drifts within
# a run, so the order is reversed in even runs.
cold=(--warmup "$cold_warm" --seconds "$cold_secs")
cold_uring() {
  row read-cold-qd64 uring4j iops "$(java_driver io.uring4j.bench.file.UringReadDriver --file "$file" --qd 64 \
    "${uring[@]}" "${cold[@]}")" IOPS
}
cold_fio() {
  row read-cold-qd64 fio iops "$(fio_iops "${fio_common[@]}" --filename="$file" --iodepth=64 \
    --ramp_time="$(fio_time "$cold_warm")" --runtime="$(fio_time "$cold_secs")")" IOPS
}
cold_fc64() {
  row read-cold-qd64 filechannel-64t iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$file" \
    --bs 4096 --threads 64 "${cold[@]}")" IOPS
}
cold_fc1() {
  row read-cold-qd64 filechannel iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$file" \
    --bs 4096 --threads 1 "${cold[@]}")" IOPS
}
order="uring fio fc64 fc1"
[ $((RUN % 2)) = 1 ] || order="fc1 fc64 fio uring"
for impl in $order; do
  evict
  "cold_$impl"
done

# ---- tmpfs, QD 64
w=read-tmpfs-qd64
row $w uring4j iops "$(java_driver io.uring4j.bench.file.UringReadDriver --file "$shm" --qd 64 "${uring[@]}" \
  --warmup "$warm" --seconds "$secs")" IOPS
row $w fio iops "$(fio_iops "${fio_common[@]}" --invalidate=0 --filename="$shm" --iodepth=64 \
  --runtime="$(fio_time "$secs")")" IOPS
row $w filechannel iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$shm" --bs 4096 \
  --threads 1 --warmup "$warm" --seconds "$secs")" IOPS
[ "$QUICK" = 1 ] && exit 0  # QUICK=1: tmpfs against fio and one FileChannel thread only
row $w filechannel-mt iops "$(java_driver io.uring4j.bench.file.FileChannelReadDriver --file "$shm" --bs 4096 \
  --threads "$cores" --warmup "$warm" --seconds "$secs")" IOPS

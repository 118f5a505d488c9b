#!/usr/bin/env bash
# O_DIRECT 4 KiB random reads of a file on the disk (DIRECT_DIR, default /var/tmp; read.sh's file:
# 2 GiB, 512 MiB with QUICK=1), QD 64, one thread: uring4j (UringReadDriver --direct with
# page-aligned registered buffers and a registered file: no page pinning per read) against fio
# --direct=1 as it comes (fio) and with its registered buffers and files (fio-fixed: --fixedbufs
# --registerfiles). All wait for one completion per io_uring_enter (fio's default
# iodepth_batch_complete_min=1) and have the same warm-up (fio's ramp_time) and duration. The
# virtual disk is the limit and drifts within a run, so the order alternates between runs
# (uring4j first in odd runs, last in even ones). One set of rows per run.
source "$(dirname "$0")/lib.sh"

size=$(quick $((2 << 30)) $((512 << 20)))
file="${DIRECT_DIR:-/var/tmp}/uring4j-bench-read-$((size >> 20))m.dat"
warm=$(quick 0.5 0.5); secs=$(quick 3 1)
workload=read-direct-qd64
ensure_file "$file" "$size"
trap '[ "${KEEP_FILES:-0}" = 1 ] || rm -f "$file"' EXIT
fio_common=(--name=read --filename="$file" --ioengine=io_uring --direct=1 --iodepth=64 --rw=randread --bs=4k
  --numjobs=1 --norandommap --randrepeat=0 --time_based --ramp_time="$(fio_time "$warm")"
  --runtime="$(fio_time "$secs")")

uring4j() {
  row $workload uring4j iops "$(java_driver io.uring4j.bench.file.UringReadDriver --file "$file" --qd 64 --bs 4096 \
    --direct --fixed-files --fixed-buffers --warmup "$warm" --seconds "$secs")" IOPS
}
[ $((RUN % 2)) = 0 ] || uring4j
row $workload fio iops "$(fio_iops "${fio_common[@]}")" IOPS
row $workload fio-fixed iops "$(fio_iops "${fio_common[@]}" --fixedbufs --registerfiles)" IOPS
[ $((RUN % 2)) = 1 ] || uring4j

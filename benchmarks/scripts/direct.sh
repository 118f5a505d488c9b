#!/usr/bin/env bash
# O_DIRECT 4 KiB random reads of a file on the disk (/var/tmp; 1 GiB, 256 MiB with QUICK=1),
# QD 64, one thread: uring4j (UringReadDriver --direct, page-aligned buffers) against fio --direct=1.
source "$(dirname "$0")/lib.sh"

size=$(quick $((1 << 30)) $((256 << 20)))
file="${DIRECT_DIR:-/var/tmp}/uring4j-bench-direct-$((size >> 20))m.dat"
warm=$(quick 5 1); secs=$(quick 15 3)
workload=read-direct-qd64
ensure_file "$file" "$size"
trap '[ "${KEEP_FILES:-0}" = 1 ] || rm -f "$file"' EXIT

row $workload uring4j iops "$(java_driver io.uring4j.bench.file.UringReadDriver --file "$file" --qd 64 --bs 4096 \
  --direct --warmup "$warm" --seconds "$secs")" IOPS
row $workload fio iops "$(fio_iops --name=read --filename="$file" --ioengine=io_uring --direct=1 --iodepth=64 \
  --rw=randread --bs=4k --numjobs=1 --norandommap --randrepeat=0 --time_based --ramp_time="$warm" \
  --runtime="$secs")" IOPS

#!/usr/bin/env bash
# O_DIRECT 4 KiB random reads of a file on the disk (DIRECT_DIR, default /var/tmp; 1 GiB, 256 MiB
# with QUICK=1; the same file as read.sh's page-cache workload), QD 64, one thread: uring4j
# (UringReadDriver --direct with page-aligned registered buffers and a registered file: no page
# pinning per read) against fio --direct=1 as it comes (fio) and with its registered buffers and
# files (fio-fixed: --fixedbufs --registerfiles). One set of rows per run.
source "$(dirname "$0")/lib.sh"

size=$(quick $((1 << 30)) $((256 << 20)))
file="${DIRECT_DIR:-/var/tmp}/uring4j-bench-disk-$((size >> 20))m.dat"
warm=$(quick 1 0.5); secs=$(quick 3 1)
workload=read-direct-qd64
ensure_file "$file" "$size"
trap '[ "${KEEP_FILES:-0}" = 1 ] || rm -f "$file"' EXIT
fio_common=(--name=read --filename="$file" --ioengine=io_uring --direct=1 --iodepth=64 --rw=randread --bs=4k
  --numjobs=1 --norandommap --randrepeat=0 --time_based --ramp_time="$warm" --runtime="$secs")

row $workload uring4j iops "$(java_driver io.uring4j.bench.file.UringReadDriver --file "$file" --qd 64 --bs 4096 \
  --direct --fixed-files --fixed-buffers --warmup "$warm" --seconds "$secs")" IOPS
row $workload fio iops "$(fio_iops "${fio_common[@]}")" IOPS
row $workload fio-fixed iops "$(fio_iops "${fio_common[@]}" --fixedbufs --registerfiles)" IOPS

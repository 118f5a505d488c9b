#!/usr/bin/env bash
# O_DIRECT 4 KiB random reads of a file on the disk (DIRECT_DIR, default /var/tmp; read.sh's file:
# 2 GiB, 512 MiB with QUICK=1), QD 64, one thread: uring4j (UringReadDriver --direct with
# page-aligned registered buffers and a registered file: no page pinning per read) against fio
# --direct=1 as it comes (fio) and with its registered buffers and files (fio-fixed: --fixedbufs
# --registerfiles). All wait for one completion per io_uring_enter (fio's default
# iodepth_batch_complete_min=1) and have the same warm-up (fio's ramp_time) and duration.
# The virtual disk is the limit and swings between ~30k and ~77k IOPS from one half second to
# the next (fio's IOPS log), so each implementation is measured in three 1 s slices, in the order
# uring4j fio fio-fixed, fio-fixed fio uring4j, uring4j fio fio-fixed (QUICK=1: two 0.5 s
# slices), and its row is the mean of its slices: a dip of the disk then lands on all of them
# alike. One set of rows per run.
source "$(dirname "$0")/lib.sh"

size=$(quick $((2 << 30)) $((512 << 20)))
file="${DIRECT_DIR:-/var/tmp}/uring4j-bench-read-$((size >> 20))m.dat"
warm=0.5; secs=$(quick 1 0.5)
workload=read-direct-qd64
ensure_file "$file" "$size"
trap '[ "${KEEP_FILES:-0}" = 1 ] || rm -f "$file"' EXIT
fio_common=(--name=read --filename="$file" --ioengine=io_uring --direct=1 --iodepth=64 --rw=randread --bs=4k
  --numjobs=1 --norandommap --randrepeat=0 --time_based --ramp_time="$(fio_time "$warm")"
  --runtime="$(fio_time "$secs")")

declare -A iops=()
slice() {
  local v
  case "$1" in
    uring4j) v="$(java_driver io.uring4j.bench.file.UringReadDriver --file "$file" --qd 64 --bs 4096 --direct \
      --fixed-files --fixed-buffers --warmup "$warm" --seconds "$secs")" ;;
    fio) v="$(fio_iops "${fio_common[@]}")" ;;
    fio-fixed) v="$(fio_iops "${fio_common[@]}" --fixedbufs --registerfiles)" ;;
  esac
  [ -n "$v" ] || { echo "direct.sh: no IOPS from $1" >&2; return 1; }
  iops[$1]="${iops[$1]:-} $v"
}
for impl in uring4j fio fio-fixed fio-fixed fio uring4j $(quick "uring4j fio fio-fixed" ""); do
  slice "$impl"
done
for impl in uring4j fio fio-fixed; do
  echo "  $impl slices:${iops[$impl]}"
  # shellcheck disable=SC2086
  row $workload "$impl" iops "$(echo ${iops[$impl]} | awk '{ for (i = 1; i <= NF; i++) s += $i; printf "%.0f", s / NF }')" IOPS
done

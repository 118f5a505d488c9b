#!/usr/bin/env bash
# Side-by-side comparison of uring4j with liburing (C), fio, FileChannel and the network
# references (Netty io_uring and epoll, NIO), every figure the median of several runs.
#
# Usage: benchmarks/compare.sh [options]
#   --quick                one short run, 256 MiB files (a smoke run, under 3 minutes, noisy)
#   --runs N               repetitions of every workload script (default 3, --quick 1); the table shows the
#                          median with min-max, the charts draw the min-max as whiskers or bands
#   --only NAME[,NAME]     run only these scripts (nop, read, direct, channels, net)
#   --server-threads N     HTTP server threads (event loops / rings) (default: half the cores)
#   --client-threads N     wrk threads (default: the cores left over, at least 1)
#   --server-cpus LIST     taskset CPU list for the server, e.g. 0-7 (default: not pinned)
#   --client-cpus LIST     taskset CPU list for wrk, e.g. 8-15 (default: not pinned)
#   --connections N        wrk connections of the http-plaintext row (default 64)
#   --scale-connections L  the http-c<N> family, comma-separated (default 64,256,1024,4096;
#                          --quick: 64,1024)
#   --impls L              HTTP servers, comma-separated (default uring4j,netty-io_uring,
#                          netty-epoll,nio; --quick: uring4j,netty-io_uring; also uring4j-msgring)
# Environment: SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; KEEP_FILES=1 keeps the
# benchmark files; DIRECT_DIR sets where the O_DIRECT file goes (default /var/tmp).
#
# It installs what is missing (gcc, liburing-dev, fio) with apt-get, selects a JDK 25, builds the
# project, then runs the scripts RUNS times over (run 1 of every script, then run 2, ...) so that
# a change in background load spreads over all of them. Rows "workload,implementation,metric,
# value,unit,run" go to benchmarks/results/latest.csv; then it prints the table and the targets
# and draws one PNG chart per workload family into benchmarks/results/. Time budget per script
# (BUDGET below, checked and printed at the end): full run under 15 min, --quick under 3 min.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

ARGS="$*"
QUICK=0
RUNS=""
ONLY=""
cores=$(nproc)
NET_SERVER_THREADS=""; NET_CLIENT_THREADS=""; NET_SERVER_CPUS=""; NET_CLIENT_CPUS=""
NET_CONNECTIONS=64; NET_SCALE_CONNECTIONS=""; NET_IMPLS="${NET_IMPLS:-}"
need() { [ "$#" -ge 2 ] && [ -n "$2" ] || { echo "compare.sh: $1 needs a value (try --help)" >&2; exit 2; }; }
number() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: $1 must be a whole number >= 1; was '$2'" >&2; exit 2; }; }
while [ "$#" -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --runs) need "$@"; number "$1" "$2"; RUNS="$2"; shift ;;
    --only) need "$@"; ONLY="${2//,/ }"; shift ;;
    --server-threads) need "$@"; number "$1" "$2"; NET_SERVER_THREADS="$2"; shift ;;
    --client-threads) need "$@"; number "$1" "$2"; NET_CLIENT_THREADS="$2"; shift ;;
    --server-cpus) need "$@"; NET_SERVER_CPUS="$2"; shift ;;
    --client-cpus) need "$@"; NET_CLIENT_CPUS="$2"; shift ;;
    --connections) need "$@"; number "$1" "$2"; NET_CONNECTIONS="$2"; shift ;;
    --scale-connections) need "$@"; NET_SCALE_CONNECTIONS="${2//,/ }"; shift ;;
    --impls) need "$@"; NET_IMPLS="${2//,/ }"; shift ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
# --quick is a smoke run: one run unless --runs says otherwise; figures worth quoting come from
# the full run (3 runs, medians).
[ -n "$RUNS" ] || RUNS=$([ "$QUICK" = 1 ] && echo 1 || echo 3)
[ -n "$NET_SERVER_THREADS" ] || NET_SERVER_THREADS=$(( cores / 2 > 0 ? cores / 2 : 1 ))
[ -n "$NET_CLIENT_THREADS" ] || NET_CLIENT_THREADS=$(( cores - NET_SERVER_THREADS > 0 ? cores - NET_SERVER_THREADS : 1 ))
SCRIPTS="nop read direct channels net"
if [ -n "$ONLY" ]; then
  for name in $ONLY; do
    [[ " $SCRIPTS " == *" $name "* ]] || { echo "compare.sh: --only: no script '$name' (one of: $SCRIPTS)" >&2; exit 2; }
  done
  SCRIPTS="$ONLY"
fi
# Seconds each script may take, "FULL QUICK": FULL over 3 runs, QUICK for the one run of --quick;
# scaled by --runs, and compare.sh reports any overrun.
declare -A BUDGET=([nop]="230 20" [read]="170 30" [direct]="60 10" [channels]="135 40" [net]="330 30")

started=$(date +%s)
OUT="$ROOT/benchmarks/results"
BENCH_TMP="$OUT/raw"
RESULTS="$OUT/latest.csv"
mkdir -p "$BENCH_TMP"

# ---- tools
missing=()
command -v gcc > /dev/null || missing+=(gcc)
[ -f /usr/include/liburing.h ] || missing+=(liburing-dev)
command -v fio > /dev/null || missing+=(fio)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "compare.sh: missing ${missing[*]}; run as root or install them: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "== installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > "$BENCH_TMP/apt.log" 2>&1 ||
    { cat "$BENCH_TMP/apt.log" >&2; exit 1; }
fi

# ---- JDK 25 (as .ci/run selects it)
if [ -z "${JAVA_HOME:-}" ] || ! "${JAVA_HOME}/bin/java" -version 2>&1 | grep -q '"25'; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/jdk-25*; do
    if [ -x "$d/bin/java" ]; then export JAVA_HOME="$d"; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || ! "${JAVA_HOME}/bin/java" -version 2>&1 | grep -q '"25'; then
  echo "compare.sh: no JDK 25 found under /usr/lib/jvm; install Temurin 25 and set JAVA_HOME" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
JAVA="$JAVA_HOME/bin/java"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"

# ---- build
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$BENCH_JAR" ]; then
  echo "== building (./mvnw -B -ntp -q package -DskipTests)"
  ./mvnw -B -ntp -q package -DskipTests
fi

# ---- machine
{
  echo "cores:    $cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))"
  echo "memory:   $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel:   $(uname -r)"
  echo "jdk:      $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
  echo "liburing: $(dpkg-query -W -f='${Version}' liburing-dev 2>/dev/null || echo unknown)"
  echo "fio:      $(fio --version)"
  echo "gcc:      $(gcc -dumpfullversion)"
  echo "http:     server threads $NET_SERVER_THREADS (cpus ${NET_SERVER_CPUS:-any}), wrk threads $NET_CLIENT_THREADS (cpus ${NET_CLIENT_CPUS:-any})"
  echo "runs:     $RUNS$([ "$QUICK" = 1 ] && echo ' (quick)')"
  echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
  echo "command:  benchmarks/compare.sh $ARGS"
} | tee "$OUT/machine.txt"

# ---- workloads
source "$ROOT/benchmarks/scripts/runs.sh"
echo "workload,implementation,metric,value,unit,run" > "$RESULTS"
export QUICK RUNS JAVA BENCH_JAR BENCH_TMP
export NET_SERVER_THREADS NET_CLIENT_THREADS NET_SERVER_CPUS NET_CLIENT_CPUS NET_CONNECTIONS NET_SCALE_CONNECTIONS NET_IMPLS
user_keep="${KEEP_FILES:-0}"
declare -A took=() failed_runs=()
for run in $(seq 1 "$RUNS"); do
  # Files made in run 1 serve every run; they go (unless KEEP_FILES=1) after the last.
  export KEEP_FILES=1  # scripts share files (read.sh and direct.sh): removed once, after the last run
  for name in $SCRIPTS; do
    script="$ROOT/benchmarks/scripts/$name.sh"
    if [ ! -f "$script" ]; then
      [ "$run" -gt 1 ] || echo "== $name: skipped (no scripts/$name.sh)"
      continue
    fi
    if runs_itself "$script" && [ "$run" -gt 1 ]; then
      continue
    fi
    echo "== $name (run $run of $RUNS$(runs_itself "$script" && echo ', all runs in one go'))"
    t0=$(date +%s)
    if run_script "$script" "$run" "$RESULTS"; then
      echo "   $name took $(( $(date +%s) - t0 )) s"
    else
      echo "   $name FAILED after $(( $(date +%s) - t0 )) s" >&2
      failed_runs[$name]="${failed_runs[$name]:-}${failed_runs[$name]:+ }$run"
    fi
    took[$name]=$(( ${took[$name]:-0} + $(date +%s) - t0 ))
  done
done
# The benchmark files the scripts made (uring4j-bench-*), kept across runs, go now unless asked.
if [ "$user_keep" != 1 ]; then
  rm -f "${DIRECT_DIR:-/var/tmp}"/uring4j-bench-*.dat /dev/shm/uring4j-bench-*.dat
fi

# ---- report
echo
"$JAVA" -cp "$BENCH_JAR" io.uring4j.bench.report.Report "$RESULTS" "$OUT" "$BENCH_TMP/latest.md"
echo
echo "time per script (all runs) against its budget:"
for name in $SCRIPTS; do
  [ -n "${took[$name]:-}" ] || continue
  read -r full quick <<< "${BUDGET[$name]:-0 0}"
  budget=$([ "$QUICK" = 1 ] && echo "$quick" || echo "$full")
  budget=$(( budget * RUNS / ($QUICK == 1 ? 1 : 3) ))  # full budgets are for 3 runs, quick ones for 1
  printf '  %-9s %5d s (budget %d s)%s\n' "$name" "${took[$name]}" "$budget" \
    "$([ "${took[$name]}" -gt "$budget" ] && echo '  OVER BUDGET')"
done
echo "results: $RESULTS (Markdown: $BENCH_TMP/latest.md); total $(( $(date +%s) - started )) s"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (after the run)" | tee -a "$OUT/machine.txt"
if [ "${#failed_runs[@]}" -gt 0 ]; then
  for name in "${!failed_runs[@]}"; do echo "compare.sh: $name failed in run(s) ${failed_runs[$name]}" >&2; done
  exit 1
fi

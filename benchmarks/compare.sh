#!/usr/bin/env bash
# Side-by-side comparison of uring4j with liburing (C), fio, FileChannel and, when
# scripts/net.sh is present, the network references (Netty, NIO).
#
# Usage: benchmarks/compare.sh [--quick]
#   --quick     short runs and 256 MiB files (a smoke run: a few minutes, noisy numbers)
# Environment: SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; KEEP_FILES=1 keeps the
# benchmark files; DIRECT_DIR sets where the O_DIRECT file goes (default /var/tmp).
#
# It installs what is missing (gcc, liburing-dev, fio) with apt-get, selects a JDK 25, builds the
# project, then runs scripts/nop.sh, read.sh, direct.sh and net.sh one after another. Each script
# gets QUICK, RESULTS, JAVA, BENCH_JAR and BENCH_TMP (see scripts/lib.sh) and appends rows
# "workload,implementation,metric,value,unit" to $RESULTS = benchmarks/results/latest.csv.
# Finally it prints the table with ratios uring4j / reference and the targets, and draws one PNG
# bar chart per workload family into benchmarks/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
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
  echo "== building (mvn -B -ntp -q package -DskipTests)"
  mvn -B -ntp -q package -DskipTests
fi

# ---- machine
{
  echo "cores:    $(nproc) ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))"
  echo "memory:   $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel:   $(uname -r)"
  echo "jdk:      $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
  echo "liburing: $(dpkg-query -W -f='${Version}' liburing-dev 2>/dev/null || echo unknown)"
  echo "fio:      $(fio --version)"
  echo "gcc:      $(gcc -dumpfullversion)"
  echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
  echo "command:  benchmarks/compare.sh $*"
} | tee "$OUT/machine.txt"

# ---- workloads
echo "workload,implementation,metric,value,unit" > "$RESULTS"
export QUICK RESULTS JAVA BENCH_JAR BENCH_TMP
failed=()
for name in nop read direct channels net; do
  script="$ROOT/benchmarks/scripts/$name.sh"
  if [ ! -f "$script" ]; then
    echo "== $name: skipped (no scripts/$name.sh)"
    continue
  fi
  echo "== $name"
  t0=$(date +%s)
  if bash "$script"; then
    echo "   $name took $(( $(date +%s) - t0 )) s"
  else
    echo "   $name FAILED after $(( $(date +%s) - t0 )) s" >&2
    failed+=("$name")
  fi
done

# ---- report
echo
"$JAVA" -cp "$BENCH_JAR" io.uring4j.bench.report.Report "$RESULTS" "$OUT" "$BENCH_TMP/latest.md"
echo
echo "results: $RESULTS (Markdown: $BENCH_TMP/latest.md); total $(( $(date +%s) - started )) s"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "compare.sh: failed workloads: ${failed[*]}" >&2
  exit 1
fi

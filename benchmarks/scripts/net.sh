#!/usr/bin/env bash
# HTTP/1.1 plaintext on loopback: four "hello" servers, each with ONE server thread on
# 127.0.0.1, driven in turn by wrk with 64 keep-alive connections.
#   uring4j          io.uring4j.bench.net.UringHttpServer: one ring, multishot accept, multishot
#                    recv from a provided-buffer ring, send, close
#   netty-io_uring   Netty 4.2 (HttpServerCodec) on IoUringIoHandler, 1 event loop
#   netty-epoll      Netty 4.2 (HttpServerCodec) on EpollIoHandler, 1 event loop
#   nio              plain java.nio Selector, 1 thread
# Rows: requests_per_sec (wrk's Requests/sec) and server_cpu, the server process's CPU time
# (user + system, all its threads, from /proc) during the measured run divided by the requests
# wrk completed, in ns per request. On 2 cores one wrk thread saturates its core at about 200k
# req/s, before any of these servers does, so requests_per_sec mostly measures wrk; server_cpu
# is the figure that tells the servers apart.
# Every server must first pass a curl check (body exactly "hello") and HttpCheck (responses byte
# for byte, keep-alive, pipelined, half-close); a server that fails, or a wrk run with socket
# errors or non-2xx answers, makes the script exit 1 (the other servers are still measured).
#
# Environment (compare.sh sets the first four; run alone, defaults apply):
#   QUICK=1      warm-up 2 s, measured 3 s (default: 5 s and 10 s)
#   RESULTS      CSV to append "http-plaintext,<impl>,requests_per_sec,<value>,req/s" and
#                "http-plaintext,<impl>,server_cpu,<value>,ns/op" rows to
#                (default benchmarks/results/raw/net.csv, which git ignores)
#   JAVA         a JDK 25 java;  BENCH_JAR  the shaded benchmarks jar;  BENCH_TMP  logs
#   NET_PIN=1    pin the server to CPUs 1.. and wrk to CPU 0 (default: no pinning)
#   NET_IMPLS    which servers, space-separated (default: all four)
#
# Pinning is off by default because it made things worse here. On this 2-core machine, shared
# with other builds, two pinned 10 s runs gave Netty io_uring 59k then 205k req/s and uring4j
# 168k then 81k, while three unpinned runs stayed between 176k and 267k for every server: a
# pinned process cannot move away from a core that a build thread takes, and the server's JIT
# and GC threads share its one core. All four servers are measured the same way either way.
# Netty gets --sun-misc-unsafe-memory-access=allow: on JDK 24+ Netty 4.2 turns off its Unsafe
# fast paths unless that is given; every server gets the same JVM flags.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
QUICK="${QUICK:-0}"
JAVA="${JAVA:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java}"
BENCH_JAR="${BENCH_JAR:-$ROOT/benchmarks/target/benchmarks.jar}"
BENCH_TMP="${BENCH_TMP:-$ROOT/benchmarks/results/raw}"
RESULTS="${RESULTS:-$BENCH_TMP/net.csv}"
IMPLS="${NET_IMPLS:-uring4j netty-io_uring netty-epoll nio}"
mkdir -p "$BENCH_TMP" "$(dirname "$RESULTS")"

if [ "$QUICK" = 1 ]; then warmup=2s; duration=3s; else warmup=5s; duration=10s; fi
connections=64
start_timeout=30   # seconds for a server to print "listening on"

fail() { echo "net.sh: $*" >&2; exit 1; }

[ -f "$BENCH_JAR" ] || fail "no $BENCH_JAR; build it first (mvn -B -ntp -q package -DskipTests)"
"$JAVA" -version 2>&1 | grep -q '"25' || fail "$JAVA is not a JDK 25"

# ---- tools
missing=()
command -v wrk > /dev/null || missing+=(wrk)
command -v curl > /dev/null || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "missing ${missing[*]}; install them: apt-get install ${missing[*]}"
  echo "  installing ${missing[*]}"
  apt-get update -qq > "$BENCH_TMP/net-apt.log" 2>&1 || { cat "$BENCH_TMP/net-apt.log" >&2; fail "apt-get update failed"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >> "$BENCH_TMP/net-apt.log" 2>&1 ||
    { cat "$BENCH_TMP/net-apt.log" >&2; fail "apt-get install ${missing[*]} failed"; }
fi

server_pin=()
client_pin=()
cpus=$(nproc)
if [ "${NET_PIN:-0}" = 1 ] && [ "$cpus" -ge 2 ] && command -v taskset > /dev/null; then
  server_pin=(taskset -c "1-$((cpus - 1))")
  client_pin=(taskset -c 0)
fi
echo "  wrk -t1 -c$connections: warm-up $warmup, measured $duration; pinning: ${server_pin[*]:-none} (server), ${client_pin[*]:-none} (wrk)"

clk_tck=$(getconf CLK_TCK)
# cpu_ticks PID: user + system time of the process and all its threads, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# row WORKLOAD IMPLEMENTATION METRIC VALUE UNIT: appends one result and echoes it.
row() {
  echo "$1,$2,$3,$4,$5" >> "$RESULTS"
  printf '  %-18s %-15s %-16s %14s %s\n' "$@"
}

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2> /dev/null || true
    wait "$SERVER_PID" 2> /dev/null || true
    SERVER_PID=""
  fi
}
trap stop_server EXIT

# start_server IMPL LOG: starts the server in the background, sets SERVER_PID and PORT.
start_server() {
  local impl="$1" log="$2"
  : > "$log"  # exists before the background job opens it, for the polling below
  "${server_pin[@]}" "$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Xms256m -Xmx256m -cp "$BENCH_JAR" io.uring4j.bench.net.HttpServerMain "$impl" > "$log" 2>&1 &
  SERVER_PID=$!
  PORT=""
  local waited=0
  while [ -z "$PORT" ]; do
    if ! kill -0 "$SERVER_PID" 2> /dev/null; then
      wait "$SERVER_PID" 2> /dev/null || true
      SERVER_PID=""
      cat "$log" >&2
      return 1
    fi
    PORT=$(sed -n 's/^listening on \([0-9][0-9]*\)$/\1/p' "$log")
    if [ -z "$PORT" ]; then
      [ "$waited" -lt $((start_timeout * 5)) ] || { cat "$log" >&2; return 1; }
      sleep 0.2
      waited=$((waited + 1))
    fi
  done
}

# check_server IMPL: the body over curl, then HttpCheck (bytes, keep-alive, pipelining, half-close).
check_server() {
  local impl="$1" body
  body=$(curl -s --max-time 5 "http://127.0.0.1:$PORT/") || { echo "net.sh: $impl: curl failed on port $PORT" >&2; return 1; }
  if [ "$body" != "hello" ]; then
    echo "net.sh: $impl: curl got body '$body', expected 'hello'" >&2
    return 1
  fi
  timeout 30 "$JAVA" -cp "$BENCH_JAR" io.uring4j.bench.net.HttpCheck "$PORT" > /dev/null ||
    { echo "net.sh: $impl: HttpCheck failed on port $PORT" >&2; return 1; }
}

# run_wrk DURATION OUT: one wrk run against the current server; fails on socket errors or non-2xx.
run_wrk() {
  local secs="$1" out="$2" limit
  limit=$(( ${secs%s} + 30 ))
  timeout "$limit" "${client_pin[@]}" wrk -t1 -c"$connections" -d"$secs" "http://127.0.0.1:$PORT/" > "$out" 2>&1 ||
    { cat "$out" >&2; return 1; }
  if grep -q 'Non-2xx' "$out"; then cat "$out" >&2; return 1; fi
  if grep 'Socket errors' "$out" | grep -Eq 'connect [1-9]|read [1-9]|write [1-9]'; then cat "$out" >&2; return 1; fi
  if grep -q 'Socket errors' "$out"; then echo "  warning: $(grep 'Socket errors' "$out")" >&2; fi
}

failed=()
for impl in $IMPLS; do
  log="$BENCH_TMP/net-$impl-server.log"
  if ! start_server "$impl" "$log"; then
    echo "net.sh: $impl: the server did not start (log: $log)" >&2
    failed+=("$impl"); continue
  fi
  if ! check_server "$impl"; then
    stop_server; failed+=("$impl"); continue
  fi
  if ! run_wrk "$warmup" "$BENCH_TMP/net-$impl-warmup.txt"; then
    echo "net.sh: $impl: wrk failed or saw errors" >&2
    stop_server; failed+=("$impl"); continue
  fi
  ticks0=$(cpu_ticks "$SERVER_PID")
  if ! run_wrk "$duration" "$BENCH_TMP/net-$impl-wrk.txt"; then
    echo "net.sh: $impl: wrk failed or saw errors" >&2
    stop_server; failed+=("$impl"); continue
  fi
  ticks1=$(cpu_ticks "$SERVER_PID")
  # The server must still be healthy after the load.
  if ! kill -0 "$SERVER_PID" 2> /dev/null || ! check_server "$impl"; then
    echo "net.sh: $impl: the server failed after the load (log: $log)" >&2
    stop_server; failed+=("$impl"); continue
  fi
  stop_server
  out="$BENCH_TMP/net-$impl-wrk.txt"
  rps=$(sed -n 's/^Requests\/sec:[[:space:]]*\([0-9.][0-9.]*\).*/\1/p' "$out")
  requests=$(sed -n 's/^[[:space:]]*\([0-9][0-9]*\) requests in .*/\1/p' "$out")
  if [ -z "$rps" ] || [ -z "$requests" ] || [ "$requests" = 0 ]; then
    cat "$out" >&2; echo "net.sh: $impl: no result in wrk's output" >&2; failed+=("$impl"); continue
  fi
  cpu_ns=$(awk -v t=$((ticks1 - ticks0)) -v hz="$clk_tck" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e9 / n }')
  row http-plaintext "$impl" requests_per_sec "$rps" req/s
  row http-plaintext "$impl" server_cpu "$cpu_ns" ns/op
done

if [ "${#failed[@]}" -gt 0 ]; then
  fail "failed: ${failed[*]}"
fi

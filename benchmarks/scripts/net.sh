#!/usr/bin/env bash
# HTTP/1.1 plaintext on loopback: four "hello" servers with N server threads on 127.0.0.1, each
# driven in turn by wrk with keep-alive connections.
#   uring4j          io.uring4j.bench.net.UringHttpServer: N rings on N threads, each with its own
#                    SO_REUSEPORT listener (the kernel spreads connections); per ring multishot
#                    accept, multishot recv from a provided-buffer ring, send, close
#   netty-io_uring   Netty 4.2 (HttpServerCodec) on IoUringIoHandler, N event loops
#   netty-epoll      Netty 4.2 (HttpServerCodec) on EpollIoHandler, N event loops
#   nio              plain java.nio, N Selector threads, each with its own SO_REUSEPORT listener
# Rows, per connection count C of the scaling family: http-cC requests_per_sec (wrk's
# Requests/sec) and http-cC server_cpu, the server process's CPU time (user + system, all its
# threads, from /proc/PID/stat) over the measured run divided by the requests wrk completed, in
# ns per request. http-plaintext is the same pair at --connections (taken from the family when
# the family has that count). Per server one JVM: warm-up at --connections, then for each count
# a 1 s wrk warm-up (new connections) and the measured run. wrk's own CPU (cores busy on
# average) and the server's go to $BENCH_TMP/net-cpu.txt: when wrk's threads are busy the whole
# time, the client is the bottleneck and requests/s measures wrk, not the server.
# Every server must first pass a curl check (body exactly "hello") and, in run 1, HttpCheck
# (bytes, keep-alive, pipelining, half-close); after the load curl again. A failing server, or a
# wrk run with socket errors or non-2xx answers, makes the script exit 1 (the others still run).
#
# Options (compare.sh passes its own as NET_* variables; these flags override them):
#   --server-threads N   server threads / event loops / rings   (NET_SERVER_THREADS, default 1)
#   --client-threads N   wrk -t                                 (NET_CLIENT_THREADS, default 1)
#   --server-cpus LIST   taskset -c for the server              (NET_SERVER_CPUS, default none)
#   --client-cpus LIST   taskset -c for wrk                     (NET_CLIENT_CPUS, default none)
#   --connections N      the http-plaintext count               (NET_CONNECTIONS, default 64)
#   --scale-connections "A B ..."  the family (NET_SCALE_CONNECTIONS, default 64 256 1024 4096;
#                        QUICK=1: 64 1024)
#   --impls "A B ..."    servers (NET_IMPLS, default all four; QUICK=1: uring4j netty-io_uring)
# Environment: QUICK=1 (warm-up 1 s, measured 2 s; default 2 s and 5 s), RESULTS (default
# benchmarks/results/raw/net.csv), JAVA, BENCH_JAR, BENCH_TMP; NET_SERVER_JVM_OPTS adds JVM options
# to every server (for experiments); NET_PIN=1 is the old shorthand for server on CPUs 1.., wrk on
# CPU 0.
# Pinning is off by default: on this 2-core machine, shared with builds, pinned runs swung by 3x
# (a pinned process cannot leave a core a build thread takes; the server's JIT and GC threads
# share its cores); unpinned runs stayed within ~1.5x. On a quiet larger machine pin both.
# Netty gets --sun-misc-unsafe-memory-access=allow (Netty 4.2 turns its Unsafe paths off on JDK
# 24+ without it); every server gets the same JVM flags.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
QUICK="${QUICK:-0}"
RUN="${RUN:-1}"
JAVA="${JAVA:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java}"
BENCH_JAR="${BENCH_JAR:-$ROOT/benchmarks/target/benchmarks.jar}"
BENCH_TMP="${BENCH_TMP:-$ROOT/benchmarks/results/raw}"
RESULTS="${RESULTS:-$BENCH_TMP/net.csv}"
server_threads="${NET_SERVER_THREADS:-1}"
client_threads="${NET_CLIENT_THREADS:-1}"
server_cpus="${NET_SERVER_CPUS:-}"
client_cpus="${NET_CLIENT_CPUS:-}"
connections="${NET_CONNECTIONS:-64}"
if [ "$QUICK" = 1 ]; then
  scale="${NET_SCALE_CONNECTIONS:-64 1024}"; impls="${NET_IMPLS:-uring4j netty-io_uring}"; warmup=1; duration=2
else
  scale="${NET_SCALE_CONNECTIONS:-64 256 1024 4096}"; impls="${NET_IMPLS:-uring4j netty-io_uring netty-epoll nio}"
  warmup=2; duration=5
fi
fail() { echo "net.sh: $*" >&2; exit 1; }
while [ "$#" -gt 0 ]; do
  [ "$#" -ge 2 ] || fail "$1 needs a value"
  case "$1" in
    --server-threads) server_threads="$2" ;;
    --client-threads) client_threads="$2" ;;
    --server-cpus) server_cpus="$2" ;;
    --client-cpus) client_cpus="$2" ;;
    --connections) connections="$2" ;;
    --scale-connections) scale="${2//,/ }" ;;
    --impls) impls="${2//,/ }" ;;
    *) fail "unknown option '$1' (see the comment at the top of $0)" ;;
  esac
  shift 2
done
for n in "$server_threads" "$client_threads" "$connections" $scale; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || fail "thread and connection counts must be whole numbers >= 1; got '$n'"
done
for c in "$connections" $scale; do
  [ "$c" -ge "$client_threads" ] || fail "connections ($c) must be at least the client threads ($client_threads)"
done
if [ "${NET_PIN:-0}" = 1 ] && [ -z "$server_cpus$client_cpus" ] && [ "$(nproc)" -ge 2 ]; then
  server_cpus="1-$(( $(nproc) - 1 ))"; client_cpus=0
fi
start_timeout=30   # seconds for a server to print "listening on"
mkdir -p "$BENCH_TMP" "$(dirname "$RESULTS")"
[ -f "$BENCH_JAR" ] || fail "no $BENCH_JAR; build it first (./mvnw -B -ntp -q package -DskipTests)"
"$JAVA" -version 2>&1 | grep -q '"25' || fail "$JAVA is not a JDK 25"
source "$ROOT/benchmarks/scripts/net-lib.sh"
ensure_tools

server_pin=(); client_pin=()
[ -z "$server_cpus" ] || server_pin=(taskset -c "$server_cpus")
[ -z "$client_cpus" ] || client_pin=(taskset -c "$client_cpus")
# The measured counts: the family, plus the http-plaintext count when the family lacks it.
counts="$scale"
[[ " $scale " == *" $connections "* ]] || counts="$scale $connections"
echo "  run $RUN: server threads $server_threads (cpus ${server_cpus:-any}), wrk -t$client_threads (cpus ${client_cpus:-any});" \
  "connections: $counts; warm-up ${warmup}s, measured ${duration}s each"
[ "$RUN" != 1 ] || : > "$BENCH_TMP/net-cpu.txt"
echo "# run $RUN $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$BENCH_TMP/net-cpu.txt"

failed=()
for impl in $impls; do
  log="$BENCH_TMP/net-$impl-server.log"
  if ! start_server "$impl" "$log"; then
    echo "net.sh: $impl: the server did not start (log: $log)" >&2
    failed+=("$impl"); continue
  fi
  if ! check_server "$impl" "$([ "$RUN" = 1 ] && echo full || echo curl)"; then
    stop_server; failed+=("$impl"); continue
  fi
  ok=1
  run_wrk "$connections" "$warmup" "$BENCH_TMP/net-$impl-warmup.txt" || ok=0
  for c in $counts; do
    [ "$ok" = 1 ] || break
    out="$BENCH_TMP/net-$impl-c$c-wrk.txt"
    if [ "$c" != "$connections" ]; then run_wrk "$c" 1 "$BENCH_TMP/net-$impl-c$c-warm.txt" || { ok=0; break; }; fi
    ticks0=$(cpu_ticks "$SERVER_PID")
    run_wrk "$c" "$duration" "$out" || { ok=0; break; }
    ticks1=$(cpu_ticks "$SERVER_PID")
    measure_row "$impl" "$c" "$out" $((ticks1 - ticks0)) || { ok=0; break; }
  done
  if [ "$ok" = 0 ]; then
    echo "net.sh: $impl: wrk failed or saw errors" >&2
    stop_server; failed+=("$impl"); continue
  fi
  # The server must still be healthy after the load.
  if ! kill -0 "$SERVER_PID" 2> /dev/null || ! check_server "$impl" curl; then
    echo "net.sh: $impl: the server failed after the load (log: $log)" >&2
    stop_server; failed+=("$impl"); continue
  fi
  stop_server
done

if [ "${#failed[@]}" -gt 0 ]; then
  fail "failed: ${failed[*]}"
fi

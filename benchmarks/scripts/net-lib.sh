# Helpers of net.sh (source it after net.sh has set its variables): tools, server start, checks,
# wrk runs and the rows. Uses JAVA, BENCH_JAR, BENCH_TMP, RESULTS, server_threads, client_threads,
# server_pin, client_pin, scale, connections and duration from net.sh.

clk_tck=$(getconf CLK_TCK)

ensure_tools() {
  local missing=()
  command -v wrk > /dev/null || missing+=(wrk)
  command -v curl > /dev/null || missing+=(curl)
  command -v taskset > /dev/null || missing+=(util-linux)
  [ "${#missing[@]}" -gt 0 ] || return 0
  [ "$(id -u)" = 0 ] || fail "missing ${missing[*]}; install them: apt-get install ${missing[*]}"
  echo "  installing ${missing[*]}"
  apt-get update -qq > "$BENCH_TMP/net-apt.log" 2>&1 || { cat "$BENCH_TMP/net-apt.log" >&2; fail "apt-get update failed"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >> "$BENCH_TMP/net-apt.log" 2>&1 ||
    { cat "$BENCH_TMP/net-apt.log" >&2; fail "apt-get install ${missing[*]} failed"; }
}

# cpu_ticks PID: user + system time of the process and all its threads, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# row WORKLOAD IMPLEMENTATION METRIC VALUE UNIT: appends one result and echoes it.
row() {
  echo "$1,$2,$3,$4,$5" >> "$RESULTS"
  printf '  %-16s %-15s %-16s %14s %s\n' "$@"
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
  local impl="$1" log="$2" waited=0
  : > "$log"  # exists before the background job opens it, for the polling below
  # shellcheck disable=SC2086  # NET_SERVER_JVM_OPTS: extra JVM options for every server, split on spaces
  "${server_pin[@]}" "$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Xms512m -Xmx512m ${NET_SERVER_JVM_OPTS:-} -cp "$BENCH_JAR" io.uring4j.bench.net.HttpServerMain "$impl" 0 "$server_threads" > "$log" 2>&1 &
  SERVER_PID=$!
  PORT=""
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

# check_server IMPL full|curl: the body over curl; with "full" also HttpCheck (bytes, keep-alive,
# pipelining, half-close).
check_server() {
  local impl="$1" how="$2" body
  body=$(curl -s --max-time 5 "http://127.0.0.1:$PORT/") || { echo "net.sh: $impl: curl failed on port $PORT" >&2; return 1; }
  if [ "$body" != "hello" ]; then
    echo "net.sh: $impl: curl got body '$body', expected 'hello'" >&2
    return 1
  fi
  [ "$how" = full ] || return 0
  timeout 30 "$JAVA" -cp "$BENCH_JAR" io.uring4j.bench.net.HttpCheck "$PORT" > /dev/null ||
    { echo "net.sh: $impl: HttpCheck failed on port $PORT" >&2; return 1; }
}

# run_wrk CONNECTIONS SECONDS OUT: one wrk run against the current server; fails on socket errors
# or non-2xx. wrk runs under a shell that appends its CPU time afterwards ("client_ticks N":
# the shell's reaped children, i.e. wrk, user + system).
run_wrk() {
  local c="$1" secs="$2" out="$3"
  timeout $((secs + 30)) "${client_pin[@]}" bash -c 'wrk "$@"; s=$?; echo "client_ticks $(awk "{ print \$16 + \$17 }" /proc/$$/stat)"; exit $s' \
    wrk -t"$client_threads" -c"$c" -d"${secs}s" "http://127.0.0.1:$PORT/" > "$out" 2>&1 || { cat "$out" >&2; return 1; }
  if grep -q 'Non-2xx' "$out"; then cat "$out" >&2; return 1; fi
  if grep 'Socket errors' "$out" | grep -Eq 'connect [1-9]|read [1-9]|write [1-9]'; then cat "$out" >&2; return 1; fi
  if grep -q 'Socket errors' "$out"; then echo "  warning: $(grep 'Socket errors' "$out")" >&2; fi
}

# measure_row IMPL C WRK_OUT SERVER_TICKS: the rows of one measured run (http-cC, and
# http-plaintext when C is --connections), and the CPU line in net-cpu.txt.
measure_row() {
  local impl="$1" c="$2" out="$3" ticks="$4" rps requests client cpu_ns
  rps=$(sed -n 's/^Requests\/sec:[[:space:]]*\([0-9.][0-9.]*\).*/\1/p' "$out")
  requests=$(sed -n 's/^[[:space:]]*\([0-9][0-9]*\) requests in .*/\1/p' "$out")
  client=$(sed -n 's/^client_ticks \([0-9][0-9]*\)$/\1/p' "$out")
  if [ -z "$rps" ] || [ -z "$requests" ] || [ "$requests" = 0 ]; then
    cat "$out" >&2; echo "net.sh: $impl: no result in wrk's output" >&2; return 1
  fi
  cpu_ns=$(awk -v t="$ticks" -v hz="$clk_tck" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e9 / n }')
  if [[ " $scale " == *" $c "* ]]; then
    row "http-c$c" "$impl" requests_per_sec "$rps" req/s
    row "http-c$c" "$impl" server_cpu "$cpu_ns" ns/op
  fi
  if [ "$c" = "$connections" ]; then
    row http-plaintext "$impl" requests_per_sec "$rps" req/s
    row http-plaintext "$impl" server_cpu "$cpu_ns" ns/op
  fi
  awk -v impl="$impl" -v c="$c" -v s="$ticks" -v w="${client:-0}" -v hz="$clk_tck" -v d="$duration" -v rps="$rps" \
    'BEGIN { printf "  %-15s c=%-5d %9.0f req/s  server %.2f cores  wrk %.2f cores\n", impl, c, rps, s / hz / d, w / hz / d }' |
    tee -a "$BENCH_TMP/net-cpu.txt"
}

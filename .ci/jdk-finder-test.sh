#!/usr/bin/env bash
# Tests ./mvnw and ./uring4j's JDK discovery (.mvn/find-jdk.sh) in fake environments: fake JDK
# homes (a release file, and bin/java and bin/javac scripts that print their version), a fake
# `mvn` that records how it was called, a fake `java` 17 first on PATH, an empty HOME and
# URING4J_JDK_ROOTS pointing at fake roots. Prints 'N passed, N failed'; exits 1 on any failure.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

fake_jdk() {  # fake_jdk DIR VERSION [jre]: a JDK home whose java reports VERSION
  mkdir -p "$1/bin"
  echo "JAVA_VERSION=\"$2\"" > "$1/release"
  printf '#!/bin/sh\necho "openjdk version \\"%s\\" 2025-09-16" >&2\n' "$2" > "$1/bin/java"
  chmod +x "$1/bin/java"
  if [ "${3:-}" != jre ]; then cp "$1/bin/java" "$1/bin/javac"; fi
}

# A fake default `java` 17 and a fake `mvn` that records JAVA_HOME, the first java on PATH, args.
mkdir -p "$work/bin" "$work/home" "$work/empty"
fake_jdk "$work/jdk17" 17.0.15
ln -s "$work/jdk17/bin/java" "$work/bin/java"
cat > "$work/bin/mvn" <<'MVN'
#!/bin/sh
{ echo "JAVA_HOME=$JAVA_HOME"; echo "java=$(command -v java)"; echo "args=$*"; } > "$MVN_RECORD"
MVN
chmod +x "$work/bin/mvn"

# run NAME EXPECTED_STATUS SCRIPT [env assignments...] -- ARGS: runs the script in the fake world.
run() {
  local name=$1 expected=$2 script=$3; shift 3
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
  rm -f "$work/record" "$work/stderr"
  env -i HOME="$work/home" PATH="$work/bin:/usr/bin:/bin" MVN_RECORD="$work/record" \
    URING4J_JDK_ROOTS="$work/empty" "${envs[@]}" "$repo/$script" "$@" \
    > "$work/stdout" 2> "$work/stderr"
  status=$?
  if [ "$status" -ne "$expected" ]; then
    fail "$name: exit status $status, expected $expected; stderr: $(cat "$work/stderr")"; return 1
  fi
}
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
expect_record() {  # expect_record NAME LINE...: the fake mvn saw exactly these lines
  local name=$1; shift
  local want; want=$(printf '%s\n' "$@")
  if [ "$(cat "$work/record" 2>/dev/null)" = "$want" ]; then pass "$name"
  else fail "$name: mvn saw [$(cat "$work/record" 2>/dev/null)], expected [$want]"; fi
}

# 1. No JDK 25 anywhere: one message naming what was found and how to install one; mvn not run.
fake_jdk "$work/roots/jvm/java-17-openjdk-amd64" 17.0.15
fake_jdk "$work/roots/jvm/temurin-25-jre" 25.0.1 jre
if run "no JDK 25" 1 mvnw JAVA_HOME="$work/jdk17" URING4J_JDK_ROOTS="$work/roots/jvm" -- -B verify; then
  if [ -e "$work/record" ]; then fail "no JDK 25: mvn ran anyway"
  elif [ "$(grep -c '^uring4j needs a JDK 25 or newer' "$work/stderr")" -ne 1 ] \
      || ! grep -q "JAVA_HOME: $work/jdk17" "$work/stderr" \
      || ! grep -q 'java on PATH: .*jdk17, version 17' "$work/stderr" \
      || ! grep -q 'sudo apt-get install temurin-25-jdk' "$work/stderr" \
      || ! grep -q 'sdk install java 25-tem' "$work/stderr" \
      || [ -s "$work/stdout" ]; then
    fail "no JDK 25: message not as expected: $(cat "$work/stderr")"
  else pass "no JDK 25: one message with the install commands, mvn not run"; fi
fi
cp "$work/stderr" "$work/mvnw-message"
if run "no JDK 25 (launcher)" 1 uring4j JAVA_HOME="$work/jdk17" URING4J_JDK_ROOTS="$work/roots/jvm" -- cat README.md; then
  if cmp -s "$work/stderr" "$work/mvnw-message" && [ ! -s "$work/stdout" ]; then
    pass "no JDK 25 (launcher): the same one message"
  else fail "no JDK 25 (launcher): $(cat "$work/stderr")"; fi
fi

# 2. JAVA_HOME is 17, a JDK 25 sits in a root: found, exported, first on PATH, args unchanged.
fake_jdk "$work/roots/jvm/temurin-25-jdk-amd64" 25.0.1
if run "JDK 25 in a root" 0 mvnw JAVA_HOME="$work/jdk17" URING4J_JDK_ROOTS="$work/roots/jvm" -- -B -ntp verify; then
  expect_record "JDK 25 in a root: mvn runs on it with the arguments unchanged" \
    "JAVA_HOME=$work/roots/jvm/temurin-25-jdk-amd64" "java=$work/roots/jvm/temurin-25-jdk-amd64/bin/java" "args=-B -ntp verify"
fi

# 3. No JAVA_HOME at all, default roots: SDKMAN!'s JDK 25 under HOME comes before the system's.
fake_jdk "$work/home/.sdkman/candidates/java/25.0.1-tem" 25.0.1
if run "SDKMAN! JDK" 0 mvnw URING4J_JDK_ROOTS= -- -q package; then
  expect_record "no JAVA_HOME: SDKMAN!'s JDK 25 under HOME is found" \
    "JAVA_HOME=$work/home/.sdkman/candidates/java/25.0.1-tem" "java=$work/home/.sdkman/candidates/java/25.0.1-tem/bin/java" "args=-q package"
fi

# 4. JAVA_HOME already names a newer JDK: it wins over the roots.
fake_jdk "$work/jdk26" 26-ea
if run "JAVA_HOME 26" 0 mvnw JAVA_HOME="$work/jdk26" URING4J_JDK_ROOTS="$work/roots/jvm" -- -v; then
  expect_record "JAVA_HOME at a JDK 26 is kept" "JAVA_HOME=$work/jdk26" "java=$work/jdk26/bin/java" "args=-v"
fi

echo "jdk-finder: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

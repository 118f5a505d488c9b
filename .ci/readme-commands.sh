#!/usr/bin/env bash
# Runs every command of README.md exactly as written, in order, the way a newcomer would: in a
# clean copy of this checkout (tracked and untracked files, nothing .gitignore'd, so no target/),
# with JAVA_HOME unset and no JDK 25 on PATH, so the README's commands must find their JDK alone.
# A command is a line of a fenced block whose info string is `sh`; other blocks (```java,
# ```console, ...) are only shown. `--list` prints the commands and runs nothing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/.mvn/find-jdk.sh"

commands() {  # one command a line; a trailing backslash joins the next line
  awk '/^```sh[[:space:]]*$/ { inside = 1; next }
       /^```/               { inside = 0; next }
       inside && !/^[[:space:]]*(#|$)/ {
         line = line $0
         if (sub(/\\$/, "", line)) next
         print line; line = "" }' "$repo/README.md"
}

if [ "${1:-}" = --list ]; then commands; exit 0; fi
mapfile -t cmds < <(commands)
if [ "${#cmds[@]}" -eq 0 ]; then echo "readme-commands: README.md has no \`\`\`sh block" >&2; exit 1; fi

# PATH less every directory whose java is a JDK 25 or newer: the default java of a fresh machine.
clean_path=""
IFS=: read -ra dirs <<< "$PATH"
for dir in "${dirs[@]}"; do
  if [ -x "$dir/java" ] && jdk_fits "$(dirname "$(dirname "$(readlink -f "$dir/java")")")"; then continue; fi
  clean_path=${clean_path:+$clean_path:}$dir
done

copy=$(mktemp -d)/uring4j
trap 'rm -rf "$(dirname "$copy")"' EXIT
mkdir -p "$copy"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard \
  | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$copy"
echo "readme-commands: ${#cmds[@]} commands in $copy; java on PATH: $(PATH=$clean_path command -v java || echo none)" \
  "($(PATH=$clean_path java -version 2>&1 | head -1 || true))"

for cmd in "${cmds[@]}"; do
  echo "readme-commands: \$ $cmd"
  start=$SECONDS
  if ! (cd "$copy" && env -u JAVA_HOME PATH="$clean_path" timeout 1500 bash -c "$cmd"); then
    echo "readme-commands: FAILED after $((SECONDS - start)) s: $cmd" >&2
    exit 1
  fi
  echo; echo "readme-commands: ok in $((SECONDS - start)) s: $cmd"
done

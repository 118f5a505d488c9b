# Sourced by ./mvnw and ./uring4j: finds a JDK 25 or newer so that nobody has to export anything.
# find_jdk sets URING4J_JDK to its home, or prints one message saying how to install one and
# returns 1. Looked at, in order: $JAVA_HOME, the `java` on PATH, then every directory under
# $URING4J_JDK_ROOTS (default: SDKMAN!, IntelliJ's ~/.jdks, asdf and mise under HOME, then the
# usual places of Debian/Ubuntu/Fedora packages and unpacked tarballs).

URING4J_JDK_MIN=25

# The feature version of the JDK at $1 ("25"), or nothing when $1 is no JDK (a JRE lacks javac).
jdk_major() {
  local home=$1 version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -r "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
  fi
  echo "$version"
}

jdk_fits() {
  local major
  major=$(jdk_major "$1")
  [ -n "$major" ] && [ "$major" -ge "$URING4J_JDK_MIN" ]
}

find_jdk() {
  local candidate on_path="" root
  if [ -n "${JAVA_HOME:-}" ] && jdk_fits "$JAVA_HOME"; then URING4J_JDK=$JAVA_HOME; return 0; fi
  if command -v java >/dev/null 2>&1; then
    on_path=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if jdk_fits "$on_path"; then URING4J_JDK=$on_path; return 0; fi
  fi
  # A user's own installs first: they were chosen on purpose.
  local user=${HOME:-/nonexistent}
  local roots=${URING4J_JDK_ROOTS:-$user/.sdkman/candidates/java $user/.jdks $user/.asdf/installs/java $user/.local/share/mise/installs/java /usr/lib/jvm /usr/java /usr/local/java /opt/java /opt}
  for root in $roots; do
    for candidate in "$root"/*; do
      [ -d "$candidate" ] || continue
      if jdk_fits "$candidate"; then URING4J_JDK=$candidate; return 0; fi
    done
  done
  {
    echo "uring4j needs a JDK $URING4J_JDK_MIN or newer and found none (JAVA_HOME: ${JAVA_HOME:-unset};" \
      "java on PATH: ${on_path:-none}, version $( [ -n "$on_path" ] && jdk_major "$on_path" || echo '-' );" \
      "searched: $roots)."
    echo "  Install one, then run this command again (nothing to export):"
    echo "    Debian/Ubuntu: add Adoptium's apt repository (https://adoptium.net/installation/linux/), then: sudo apt-get install temurin-25-jdk"
    echo "    Any Linux, with SDKMAN!: sdk install java 25-tem"
    echo "  Or set JAVA_HOME to a JDK 25 you already have elsewhere."
  } >&2
  return 1
}

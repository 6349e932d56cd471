# Sourced by bin/* and .ci/run: points JAVA_HOME at a JDK 21+ (NiFi 2 needs it).
# Honours a JAVA_HOME that is already 21+, else picks the newest Temurin/OpenJDK 21+ under /usr/lib/jvm.
java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
ottimate_find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
        return 0
    fi
    local best="" best_major=0 candidate major
    for candidate in /usr/lib/jvm/temurin-* /usr/lib/jvm/*; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate")
        [ -n "$major" ] || continue
        if [ "$major" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
            best="$candidate"; best_major="$major"
        fi
    done
    if [ -z "$best" ]; then
        echo "error: no JDK 21 or newer found (NiFi 2 needs Java 21+). Install one under /usr/lib/jvm (e.g. Temurin 21) or set JAVA_HOME to it." >&2
        return 1
    fi
    export JAVA_HOME="$best"
}
ottimate_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every build: allow it quietly there
if [ "$(java_major "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
    case " ${MAVEN_OPTS:-} " in
        *sun-misc-unsafe-memory-access*) ;;
        *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
fi

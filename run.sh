#!/usr/bin/env bash
# Brings the whole contacts platform up on this machine, without Docker:
# a real Kafka broker (KRaft) and mongo-java-server (H2 file) with their data in ./data,
# plus the four services. Builds first when a jar is missing or a source is newer than it.
# Ctrl-C (or SIGTERM) stops everything; the next start keeps all data.
# Ports (override with env): KAFKA_PORT=9092 KAFKA_CONTROLLER_PORT=9093 MONGO_PORT=27017
# CONTACT_SERVICE_PORT=8081 IMPORT_SERVICE_PORT=8082 DNC_SERVICE_PORT=8083 RESOLVER_SERVICE_PORT=8084;
# DATA_DIR=data; STACK_HEAP (the broker + store JVM's -Xmx). A port that is taken stops it before anything starts (exit 1, naming the port and
# its variable); so does a stack that fails to start, after stopping what did start.
# With the stack up, ./try-it.sh (second terminal) runs the README's "Try it" flow and checks it.
set -euo pipefail
cd "$(dirname "$0")"

modules=(local-stack contact-service import-service dnc-service variable-resolver-service dialer-simulator)
needs_build=false
for module in "${modules[@]}"; do
  jar=$(ls "$module"/target/"$module"-*-exec.jar 2>/dev/null | head -n 1 || true)
  if [ -z "$jar" ]; then
    needs_build=true
    break
  fi
  if [ -n "$(find "$module" schemas service-support pom.xml -newer "$jar" -type f \
        \( -name '*.java' -o -name '*.avsc' -o -name '*.yml' -o -name '*.xml' -o -name '*.imports' \) \
        -not -path '*/target/*' -print -quit)" ]; then
    needs_build=true
    break
  fi
done
if [ "$needs_build" = true ]; then
  echo "Building (mvn -DskipTests package) ..."
  mvn -B -q -DskipTests package
fi

# The stack JVM holds the broker and the store (docs/operations.md "Sizing" explains the figure);
# STACK_HEAP overrides it. An OutOfMemoryError sends it SIGTERM: the bounded stop that also stops
# the services (-XX:+ExitOnOutOfMemoryError would skip that and leave them running alone).
exec java -XX:+UseSerialGC -Xmx"${STACK_HEAP:-6g}" -XX:OnOutOfMemoryError="kill -TERM %p" -jar "$(ls local-stack/target/local-stack-*-exec.jar | head -n 1)"

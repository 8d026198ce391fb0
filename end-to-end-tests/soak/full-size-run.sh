#!/usr/bin/env bash
# The soak suite's full-size run: ./run.sh on its DEFAULT settings (heap sizes and all; only the ports
# and the data directory are moved so it cannot collide with another stack), one workspace (demo),
#   1. import ROWS contacts (distinct valid US numbers, 10 realistic columns),
#   2. export every contact (rows counted, the failure marker looked for),
#   3. one free-text search (its total and time),
#   4. a second ROWS-row import of the SAME numbers with changed names and emails (ROWS updates),
# then prints wall times, rows/s, counts and the peak RSS (VmHWM) of every stack JVM, and whether
# any log holds an OutOfMemoryError. A stall (no row done for STALL_SECONDS) stops the run.
#
# Usage (from the checkout root, jars built: mvn -B -DskipTests package):
#   end-to-end-tests/soak/full-size-run.sh [ROWS=1000000]
# Environment: SOAK_PORT_BASE (28000: ports BASE..BASE+13), SOAK_WORK (a new temp dir; holds the CSVs,
# the export, the stack's data and logs; deleted at the end unless SOAK_KEEP=1), STALL_SECONDS (300),
# PLATFORM_START_TIMEOUT_SECONDS (passed on to the stack).
# Needs bash, awk, curl. Limits: the figures depend on the machine (and on whatever else it runs).
set -euo pipefail
cd "$(dirname "$0")/../.."

ROWS=${1:-1000000}
BASE=${SOAK_PORT_BASE:-28000}
WORK=${SOAK_WORK:-$(mktemp -d /tmp/soak-full-XXXXXX)}
STALL_SECONDS=${STALL_SECONDS:-300}
KEY=demo-key
mkdir -p "$WORK"

export KAFKA_PORT=$((BASE)) KAFKA_CONTROLLER_PORT=$((BASE + 1)) MONGO_PORT=$((BASE + 2))
export CONTACT_SERVICE_PORT=$((BASE + 3)) IMPORT_SERVICE_PORT=$((BASE + 4)) DNC_SERVICE_PORT=$((BASE + 5))
export RESOLVER_SERVICE_PORT=$((BASE + 6)) CONSOLE_PORT=$((BASE + 7))
export CONTACT_SERVICE_MANAGEMENT_PORT=$((BASE + 8)) IMPORT_SERVICE_MANAGEMENT_PORT=$((BASE + 9))
export DNC_SERVICE_MANAGEMENT_PORT=$((BASE + 10)) RESOLVER_SERVICE_MANAGEMENT_PORT=$((BASE + 11))
export DATA_DIR="$WORK/data"
CONTACTS="http://127.0.0.1:$CONTACT_SERVICE_PORT"
IMPORTS="http://127.0.0.1:$IMPORT_SERVICE_PORT"

say() { printf '[soak-full] %s\n' "$*"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }
json() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p" | head -n 1; }

# every JVM of the stack: run.sh's java (broker + store) and its children (services, console)
stack_pids() {
  local pids=("$STACK_PID") next
  for p in "${pids[@]}"; do
    for next in $(pgrep -P "$p" 2>/dev/null || true); do pids+=("$next"); done
  done
  echo "${pids[@]}"
}
memory() {
  for pid in $(stack_pids); do
    [ -r "/proc/$pid/status" ] || continue
    local name
    name=$(tr '\0' ' ' < "/proc/$pid/cmdline" | grep -o '[a-z-]*-[0-9.]*-SNAPSHOT-exec.jar' | sed 's/-[0-9.]*-SNAPSHOT-exec.jar//')
    awk -v n="${name:-?}" '/VmHWM|VmRSS/ { v[$1] = $2 } END { printf "  %-26s peak RSS %5.0f MB, now %5.0f MB\n", n, v["VmHWM:"] / 1024, v["VmRSS:"] / 1024 }' "/proc/$pid/status"
  done
}

STACK_PID=
stop_stack() {
  if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill -TERM "$STACK_PID"
    wait "$STACK_PID" 2>/dev/null || true
  fi
  if [ "${SOAK_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap stop_stack EXIT

generate() { # $1 file, $2 variant (names and emails differ between variants; numbers do not)
  awk -v rows="$ROWS" -v variant="$2" 'BEGIN {
    split("Ada Grace Alan Katherine Dorothy Edsger Barbara Donald Frances Margaret", first, " ")
    split("Lovelace Hopper Turing Johnson Vaughan Dijkstra Liskov Knuth Allen Hamilton", last, " ")
    split("212 312 415 617 646 702 713 718 805 206", areas, " ")
    print "Customer Id,First Name,Last Name,Email,Phone,Company,Country,Tags"
    for (i = 0; i < rows; i++) {
      local = int(i / 10)
      f = first[(i + variant) % 10 + 1]; l = last[int(i / 7 + variant) % 10 + 1]
      printf "C%d,%s,%s,%s.%d.v%d@example.com,(%s) %d-%04d,Company %d,US,\"lead;wave-%d\"\n", i, f, l, tolower(f), i, variant,
        areas[i % 10 + 1], 200 + int(local / 10000), local % 10000, i % 5000, i % 3
    }
  }' > "$1"
}

import() { # $1 file, $2 duplicate policy; prints the finished job's JSON; fails on a stall
  local started id body done last_done last_change status
  started=$(curl -sS -H "Authorization: Bearer $KEY" -F "file=@$1;type=text/csv" \
    -F 'options={"duplicatePolicy":"'"$2"'","mapping":{"Customer Id":"external_id","First Name":"first_name","Last Name":"last_name","Email":"email","Phone":"phone","Company":"company","Country":"country","Tags":"tags"}};type=application/json' \
    "$IMPORTS/v1/imports")
  id=$(echo "$started" | json importId)
  [ -n "$id" ] || { say "import refused: $started" >&2; return 1; }
  last_done=-1; last_change=$(date +%s)
  while :; do
    kill -0 "$STACK_PID" 2>/dev/null || { say "the stack died during the import (see $WORK/stack.log)" >&2; return 1; }
    body=$(curl -sS -H "Authorization: Bearer $KEY" "$IMPORTS/v1/imports/$id") || { sleep 2; continue; }
    status=$(echo "$body" | json status)
    done=$(echo "$body" | json doneRows)
    case "$status" in COMPLETED|FAILED|CANCELLED) echo "$body"; return 0 ;; esac
    if [ "${done:-0}" != "$last_done" ]; then last_done=${done:-0}; last_change=$(date +%s); fi
    if (( $(date +%s) - last_change > STALL_SECONDS )); then
      say "STALL: no row done for ${STALL_SECONDS} s at $last_done rows: $body" >&2
      return 1
    fi
    sleep 2
  done
}

say "rows $ROWS, work dir $WORK, ports $BASE-$((BASE + 11)), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
generate "$WORK/first.csv" 0
generate "$WORK/second.csv" 1
say "CSVs generated: $(du -m "$WORK/first.csv" | cut -f1) MB each"

t=$(now)
./run.sh > "$WORK/stack.log" 2>&1 &
STACK_PID=$!
until grep -q "Contacts platform is up" "$WORK/stack.log"; do
  kill -0 "$STACK_PID" 2>/dev/null || { say "the stack did not start:"; tail -n 30 "$WORK/stack.log"; exit 1; }
  sleep 2
done
say "stack up in $(secs "$t" "$(now)") s (./run.sh, STACK_HEAP=${STACK_HEAP:-unset: the default})"

t=$(now); first=$(import "$WORK/first.csv" MERGE) || exit 1; t1=$(now)
say "import 1: $(echo "$first" | json status), created $(echo "$first" | json created), updated $(echo "$first" | json updated), $(echo "$first" | grep -o '"rejected":{[^}]*}') in $(secs "$t" "$t1") s = $(rate "$ROWS" "$t" "$t1") rows/s"
memory

t=$(now)
code=$(curl -sS -o "$WORK/export.csv" -w '%{http_code}' -H "Authorization: Bearer $KEY" "$CONTACTS/v1/contacts/export" || echo "curl-failed")
t1=$(now)
exported=$(($(wc -l < "$WORK/export.csv") - 1))
failed=$(grep -c '^#EXPORT FAILED' "$WORK/export.csv" || true)
say "export: HTTP $code, $exported rows, failure marker ${failed}, $(du -m "$WORK/export.csv" | cut -f1) MB in $(secs "$t" "$t1") s = $(rate "$exported" "$t" "$t1") rows/s"
rm -f "$WORK/export.csv"
memory

t=$(now)
search=$(curl -sS -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"search":"Grace Lovelace","pageSize":20}' "$CONTACTS/v1/contacts/search")
t1=$(now)
say "search \"Grace Lovelace\": total $(echo "$search" | json total) in $(secs "$t" "$t1") s"

t=$(now); second=$(import "$WORK/second.csv" OVERWRITE) || exit 1; t1=$(now)
say "import 2 (same numbers, new names/emails, OVERWRITE): $(echo "$second" | json status), created $(echo "$second" | json created), updated $(echo "$second" | json updated), unchanged $(echo "$second" | json unchanged), $(echo "$second" | grep -o '"rejected":{[^}]*}') in $(secs "$t" "$t1") s = $(rate "$ROWS" "$t" "$t1") rows/s"

total=$(curl -sS -H "Authorization: Bearer $KEY" "$CONTACTS/v1/contacts?pageSize=1" | json total)
say "contacts in the workspace: $total (expected $ROWS)"
say "peak memory of the stack JVMs:"
memory
oom=$( (grep -l OutOfMemoryError "$WORK/stack.log" "$DATA_DIR"/logs/*.log 2>/dev/null || true) | wc -l)
say "logs with an OutOfMemoryError: $oom; data dir $(du -sm "$DATA_DIR" | cut -f1) MB"
[ "$total" = "$ROWS" ] && [ "$exported" = "$ROWS" ] && [ "$oom" = 0 ] && [ "$failed" = 0 ] \
  && [ "$(echo "$first" | json status)" = COMPLETED ] && [ "$(echo "$second" | json status)" = COMPLETED ]
say "PASSED"

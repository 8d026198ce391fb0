#!/usr/bin/env bash
# The README's "Try it" flow, executable and checked: against a stack started by ./run.sh it imports
# a small CSV, reads the contacts, defines a custom field and sets it, saves a dynamic segment,
# puts a number on the DNC list, configures a campaign, previews the answers, plays the dialer
# (one READY, one BLOCKED_DNC) and asks for the readiness of the import. Every step prints its
# command (the README shows the same lines) and the fields of the answer that matter, checks the
# HTTP status and those fields, and stops with "expected ... got ..." and a non-zero exit otherwise.
#
# Runs again and again on the same stack: phone numbers, field, segment and campaign names derive
# from a run id (TRY_IT_RUN, default random 1000-9999, so never the 555-01xx numbers of the other
# README examples; numbers the stack knows already are skipped).
# Needs bash, curl and java (for the dialer simulator; built by ./run.sh). No jq.
#
# Environment (defaults in brackets; the ports are the ones ./run.sh honours):
#   CONTACTS_URL [http://localhost:$CONTACT_SERVICE_PORT, 8081]  IMPORTS_URL [..$IMPORT_SERVICE_PORT, 8082]
#   DNC_URL [..$DNC_SERVICE_PORT, 8083]  RESOLVER_URL [..$RESOLVER_SERVICE_PORT, 8084]
#   KAFKA_BOOTSTRAP_SERVERS [localhost:$KAFKA_PORT, 9092]  API_KEY [demo-key]  WORKSPACE [demo]
#   DIALER_JAR [dialer-simulator/target/dialer-simulator-*-exec.jar]  TRY_IT_RUN [random 1000-9999]
#   TRY_IT_WAIT_SECONDS [60]: how long to wait for asynchronous results (import, read models, report)
set -uo pipefail
cd "$(dirname "$0")"

CONTACTS_URL=${CONTACTS_URL:-http://localhost:${CONTACT_SERVICE_PORT:-8081}}
IMPORTS_URL=${IMPORTS_URL:-http://localhost:${IMPORT_SERVICE_PORT:-8082}}
DNC_URL=${DNC_URL:-http://localhost:${DNC_SERVICE_PORT:-8083}}
RESOLVER_URL=${RESOLVER_URL:-http://localhost:${RESOLVER_SERVICE_PORT:-8084}}
KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-localhost:${KAFKA_PORT:-9092}}
API_KEY=${API_KEY:-demo-key}
WORKSPACE=${WORKSPACE:-demo}
WAIT_SECONDS=${TRY_IT_WAIT_SECONDS:-60}
DIALER_JAR=${DIALER_JAR:-$(ls dialer-simulator/target/dialer-simulator-*-exec.jar 2>/dev/null | head -n 1)}

# ---------------------------------------------------------------------------------------------
# helpers: run a command read from a here-document (printed verbatim), keep its body and status,
# pick JSON fields with sed, check them
# ---------------------------------------------------------------------------------------------
BODY=''
STATUS=''
CMD=''

fail() {
  echo "FAILED: $*" >&2
  echo "  command: $CMD" >&2
  echo "  answer:  ${BODY:0:2000}" >&2
  [[ $STATUS == 000 ]] && echo "  (no HTTP answer: is the stack up? ./run.sh; URLs: $CONTACTS_URL $IMPORTS_URL $DNC_URL $RESOLVER_URL)" >&2
  exit 1
}

# run the command once: curl commands get the HTTP status appended (-w), anything else its exit code
execute() {
  local out
  if [[ $CMD == curl\ * ]]; then
    out=$(eval "$CMD -w '\n%{http_code}'" 2>&1)
    STATUS=${out##*$'\n'}
    BODY=${out%$'\n'*}
  else
    out=$(eval "$CMD" 2>&1)
    STATUS=$?
    BODY=$out
  fi
}

# step: print and run the command on stdin once
step() {
  CMD=$(cat)
  echo "\$ $CMD"
  execute
}

# poll FIELD VALUE: print the command on stdin, run it until FIELD is VALUE (or the wait is over)
poll() {
  CMD=$(cat)
  echo "\$ $CMD"
  local deadline=$((SECONDS + WAIT_SECONDS))
  while :; do
    execute
    [[ $(field "$1") == "$2" ]] && return 0
    ((SECONDS >= deadline)) && return 0
    sleep 0.5
  done
}

# field NAME: the first value of "NAME" in BODY (strings unquoted; numbers, true/false/null as is)
field() {
  local raw
  raw=$(printf '%s' "$BODY" | tr -d '\n' | grep -o "\"$1\" *: *\(\"\([^\"\\\\]\|\\\\.\)*\"\|[^,}\" ]*\)" | head -n 1 \
        | sed "s/^\"$1\" *: *//")
  raw=${raw#\"}
  printf '%s' "${raw%\"}"
}

expect_status() {
  [[ $STATUS == "$1" ]] || fail "expected status $1, got $STATUS"
}

# expect NAME VALUE...: each field has that value
expect() {
  while (($#)); do
    local got
    got=$(field "$1")
    [[ $got == "$2" ]] || fail "expected $1=$2, got $1=${got:-<absent>}"
    shift 2
  done
}

# expect_contains TEXT...: the answer contains each text
expect_contains() {
  for text in "$@"; do
    [[ $BODY == *"$text"* ]] || fail "expected the answer to contain $text"
  done
}

# show NAME...: the abbreviated answer (these fields)
show() {
  local line="  ->"
  [[ -n $STATUS ]] && line+=" [$STATUS]"
  for name in "$@"; do
    line+=" $name=$(field "$name")"
  done
  echo "$line"
}

title() {
  echo
  echo "## $*"
}

[[ -n $DIALER_JAR && -f $DIALER_JAR ]] || { echo "dialer simulator jar not found (build with ./run.sh or mvn -DskipTests package, or set DIALER_JAR)" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# per-run names and numbers: Ada (Los Angeles) will be callable, Grace (New York) goes on the DNC list
# ---------------------------------------------------------------------------------------------
known() {
  [[ $(curl -s -H "Authorization: Bearer $API_KEY" "$CONTACTS_URL/v1/contacts?phone=%2B1$1") == *'"phone":"+1'"$1"'"'* ]]
}
RUN=${TRY_IT_RUN:-}
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  [[ -n $RUN ]] || RUN=$((1000 + RANDOM % 9000))
  if known "415555$RUN" || known "212555$RUN"; then
    [[ -n ${TRY_IT_RUN:-} ]] && { echo "run $RUN was used on this stack already: pick another TRY_IT_RUN" >&2; exit 1; }
    RUN=''
  else
    break
  fi
done
[[ -n $RUN ]] || { echo "no unused run id found" >&2; exit 1; }
ADA_PHONE="(415) 555-$RUN"
GRACE_PHONE="212-555-$RUN"
FIELD="plan_$RUN"
CAMPAIGN="spring-promo-$RUN"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "run $RUN: Ada $ADA_PHONE, Grace $GRACE_PHONE, custom field $FIELD, campaign $CAMPAIGN"

# ---------------------------------------------------------------------------------------------
title "1. Import a 2-row CSV for the campaign"
# ---------------------------------------------------------------------------------------------
step <<'EOF'
printf 'phone,first_name,company\n%s,Ada,Analytical Engines\n%s,Grace,Compilers Inc\n' "$ADA_PHONE" "$GRACE_PHONE" > "$TMP/leads.csv"
EOF
expect_status 0
step <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" -F "file=@$TMP/leads.csv" -F "options={\"campaignId\":\"$CAMPAIGN\"};type=application/json" "$IMPORTS_URL/v1/imports"
EOF
expect_status 202
expect status QUEUED
IMPORT_ID=$(field importId)
[[ -n $IMPORT_ID ]] || fail "expected an importId"
show importId status
poll status COMPLETED <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" "$IMPORTS_URL/v1/imports/$IMPORT_ID"
EOF
expect_status 200
expect status COMPLETED totalRows 2 created 2 campaignId "$CAMPAIGN"
show status totalRows created updated campaignId

# ---------------------------------------------------------------------------------------------
title "2. List and get the contacts (any phone format)"
# ---------------------------------------------------------------------------------------------
step <<'EOF'
curl -s -G -H "Authorization: Bearer $API_KEY" --data-urlencode "phone=$ADA_PHONE" "$CONTACTS_URL/v1/contacts"
EOF
expect_status 200
expect phone "+1415555$RUN" firstName Ada timezone America/Los_Angeles
ADA_ID=$(field id)
show id phone firstName timezone
step <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" "$CONTACTS_URL/v1/contacts/$ADA_ID"
EOF
expect_status 200
expect id "$ADA_ID" company "Analytical Engines" version 1
show id firstName company version
step <<'EOF'
curl -s -H "Authorization: Bearer demo2-key" "$CONTACTS_URL/v1/contacts/$ADA_ID"
EOF
expect_status 404
show status title

# ---------------------------------------------------------------------------------------------
title "3. Define a custom field and set it on Ada"
# ---------------------------------------------------------------------------------------------
step <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' -d '{"key":"'"$FIELD"'","label":"Plan","type":"ENUM","allowedValues":["gold","silver"],"owner":"sales-ops"}' "$CONTACTS_URL/v1/custom-fields"
EOF
expect_status 201
expect key "$FIELD" type ENUM
show key type
step <<'EOF'
curl -s -X PATCH -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' -d '{"cf:'"$FIELD"'":"gold"}' "$CONTACTS_URL/v1/contacts/$ADA_ID"
EOF
expect_status 200
expect "$FIELD" gold version 2
show "$FIELD" version

# ---------------------------------------------------------------------------------------------
title "4. Save a dynamic segment (gold plan, not on the DNC list) and count it"
# ---------------------------------------------------------------------------------------------
step <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' -d '{"name":"Gold '"$RUN"'","type":"DYNAMIC","filter":{"all":[{"field":"cf:'"$FIELD"'","op":"eq","value":"gold"},{"field":"dnc","op":"eq","value":false}]}}' "$CONTACTS_URL/v1/segments"
EOF
expect_status 201
expect type DYNAMIC
SEGMENT_ID=$(field id)
show id name type
step <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" "$CONTACTS_URL/v1/segments/$SEGMENT_ID/count"
EOF
expect_status 200
expect segmentId "$SEGMENT_ID" count 1
show count

# ---------------------------------------------------------------------------------------------
title "5. Put Grace's number on the Do-Not-Call list"
# ---------------------------------------------------------------------------------------------
step <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' -d '{"phone":"'"$GRACE_PHONE"'","reason":"asked not to be called"}' "$DNC_URL/v1/dnc"
EOF
expect_status 201
expect phone "+1212555$RUN" scope WORKSPACE active true
show phone scope active

# ---------------------------------------------------------------------------------------------
title "6. Configure the campaign: calling window, a contact field, the custom field, a static offer"
# ---------------------------------------------------------------------------------------------
step <<'EOF'
curl -s -X PUT -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' -d '{"callingWindow":{"days":["MON","TUE","WED","THU","FRI","SAT","SUN"],"start":"00:00","end":"24:00"},"variables":[{"name":"first_name","binding":"contact.first_name","required":true},{"name":"plan","binding":"cf.'"$FIELD"'","default":"standard"},{"name":"offer","binding":"static","value":"20% off"}]}' "$RESOLVER_URL/v1/campaigns/$CAMPAIGN/config"
EOF
expect_status 200
expect campaignId "$CAMPAIGN" start 00:00 end 24:00
expect_contains '"binding":"cf.'"$FIELD"'"' '"value":"20% off"'
show campaignId start end

# ---------------------------------------------------------------------------------------------
title "7. Preview the answers (publishes nothing; waits until the resolver has seen the changes)"
# ---------------------------------------------------------------------------------------------
poll plan gold <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' -d '{"campaignId":"'"$CAMPAIGN"'","phone":"'"$ADA_PHONE"'","runtimeVariables":{"agent_name":"Ava"}}' "$RESOLVER_URL/v1/resolve"
EOF
expect_status 200
expect status READY contactId "$ADA_ID" first_name Ada plan gold offer "20% off" agent_name Ava
expect_contains '{"name":"plan","layer":"CONTACT"' '{"name":"offer","layer":"STATIC"' '{"name":"agent_name","layer":"RUNTIME"'
show status first_name plan offer agent_name
poll status BLOCKED_DNC <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' -d '{"campaignId":"'"$CAMPAIGN"'","phone":"'"$GRACE_PHONE"'"}' "$RESOLVER_URL/v1/resolve"
EOF
expect_status 200
expect status BLOCKED_DNC phoneE164 "+1212555$RUN"
show status reason

# ---------------------------------------------------------------------------------------------
title "8. Be the dialer: publish call-starts on Kafka, read the agent-variables answers (exit 0 READY, 3 blocked)"
# ---------------------------------------------------------------------------------------------
step <<'EOF'
java -jar "$DIALER_JAR" --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" --workspace "$WORKSPACE" --campaign "$CAMPAIGN" --phone "$ADA_PHONE" --call-id "call-$RUN-1"
EOF
expect_status 0
expect callId "call-$RUN-1" status READY first_name Ada plan gold offer "20% off"
show status first_name plan offer
step <<'EOF'
java -jar "$DIALER_JAR" --bootstrap-servers "$KAFKA_BOOTSTRAP_SERVERS" --workspace "$WORKSPACE" --campaign "$CAMPAIGN" --phone "$GRACE_PHONE" --call-id "call-$RUN-2"
EOF
expect_status 3
expect callId "call-$RUN-2" status BLOCKED_DNC
show status reason

# ---------------------------------------------------------------------------------------------
title "9. Readiness of the imported audience (202, then poll the report)"
# ---------------------------------------------------------------------------------------------
step <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' -d '{"importId":"'"$IMPORT_ID"'","sampleSize":1}' "$RESOLVER_URL/v1/campaigns/$CAMPAIGN/readiness"
EOF
expect_status 202
REPORT_ID=$(field reportId)
[[ -n $REPORT_ID ]] || fail "expected a reportId"
show reportId status
poll status COMPLETED <<'EOF'
curl -s -H "Authorization: Bearer $API_KEY" "$RESOLVER_URL/v1/campaigns/$CAMPAIGN/readiness/$REPORT_ID"
EOF
expect_status 200
expect status COMPLETED members 2 READY 1 BLOCKED_DNC 1
show status members READY BLOCKED_DNC

echo
echo "try-it: all steps passed (run $RUN)"

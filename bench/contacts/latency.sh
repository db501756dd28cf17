#!/bin/sh
# Latency of the contacts API on the demo data (ADR 0040): starts the packaged jar in demo mode on
# a free port with a throw-away data folder, waits for Maya's email and X contacts, then times 20
# sequential calls (after 3 warm-up calls) of each endpoint and prints median and max.
# Usage: mvn -B -ntp -q -DskipTests package && bench/contacts/latency.sh [port]
set -eu
port=${1:-18767}
data=$(mktemp -d)
base=http://127.0.0.1:$port
SWITCHBOARD_ADMIN_PASSWORD=bench java -jar target/switchboard.jar --demo --data "$data/data" --http-port "$port" >"$data/out.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
ids=""
for i in $(seq 1 90); do
  ids=$(curl -s -u admin:bench "$base/api/conversations?limit=50&q=NW-48213" 2>/dev/null | python3 -c '
import sys, json
items = json.load(sys.stdin)["items"]
by = {c["channel"]: c["contact"]["id"] for c in items if "Maya" in (c["contact"]["name"] or "")}
print(by["email"], by["x"]) if "email" in by and "x" in by else print("")' 2>/dev/null || true)
  [ -n "$ids" ] && break
  sleep 1
done
[ -n "$ids" ] || { echo "demo data did not arrive" >&2; exit 1; }
set -- $ids
time_url() {
  for i in 1 2 3; do curl -s -o /dev/null -u admin:bench "$base$1"; done
  for i in $(seq 1 20); do curl -s -o /dev/null -w '%{time_total}\n' -u admin:bench "$base$1"; done | sort -n |
    awk -v u="$1" '{a[NR]=$1} END {printf "%-40s median %6.1f ms  max %6.1f ms\n", u, (a[10]+a[11])/2*1000, a[NR]*1000}'
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
time_url "/api/contacts/$1/suggestions"
time_url "/api/contacts/$2/suggestions"
time_url "/api/contacts/$1"

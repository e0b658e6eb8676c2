#!/usr/bin/env bash
# Times `glance-push ping` against the lower bound, one plain `ssh HOST hostname` per node in
# parallel (ControlMaster off), for 1, 10 and 30 lab nodes. Prints median/min/max of RUNS runs.
#   benchmarks/ping.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$REPO"
RUNS=${1:-5}
swift-build -c release --product glance-push >/dev/null
BIN=$(swift-build -c release --show-bin-path)/glance-push
scripts/lab up 30 >/dev/null
LAB=$GLANCE_PUSH_LAB

inventory_of() {
  local n=$1 file="$LAB/bench-$1.ini"
  { echo "[nodes]"; for i in $(seq 1 "$n"); do echo "node$i ansible_host=127.0.0.$((10 + i))"; done
    echo "[all:vars]"; echo "ansible_ssh_private_key_file=$LAB/client_key"
    echo "ansible_ssh_common_args='-o UserKnownHostsFile=$LAB/known_hosts'"; } > "$file"
  echo "$file"
}

ssh_loop() {
  local n=$1
  for i in $(seq 1 "$n"); do
    ssh -o ControlMaster=no -o ControlPath=none -o BatchMode=yes -o UserKnownHostsFile="$LAB/known_hosts" \
        -i "$LAB/client_key" root@127.0.0.$((10 + i)) hostname >/dev/null &
  done
  wait
}

seconds() { local start=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $start" | bc -l; }
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.3f  min %.3f  max %.3f", a[int((NR+1)/2)], a[1], a[NR]}'; }

printf "%-6s %-14s %s\n" nodes tool "seconds over $RUNS runs"
for n in 1 10 30; do
  inv=$(inventory_of "$n")
  gp=$(for _ in $(seq 1 "$RUNS"); do seconds "$BIN" ping -i "$inv" --forks 30; done | stats)
  sh=$(for _ in $(seq 1 "$RUNS"); do seconds ssh_loop "$n"; done | stats)
  printf "%-6s %-14s %s\n" "$n" glance-push "$gp"
  printf "%-6s %-14s %s\n" "$n" "ssh loop" "$sh"
done

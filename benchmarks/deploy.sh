#!/usr/bin/env bash
# Times `glance-push deploy` of playbooks/lab.yml on 1, 3 and 10 lab nodes running real
# glance-api: noop (converged), and change (workers flips 1<->2, glance-api restarts and must be
# healthy), next to a plain parallel `ssh` loop doing the same reads (the lower bound of noop).
# Also prints glance-push's peak RSS. Usage: benchmarks/deploy.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$REPO"
RUNS=${1:-3}
swift-build -c release --product glance-push >/dev/null
BIN=$(swift-build -c release --show-bin-path)/glance-push
scripts/lab up 10 >/dev/null
LAB=$GLANCE_PUSH_LAB
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

inventory_of() {
  { echo "[controllers]"; for i in $(seq 1 "$1"); do echo "node$i ansible_host=127.0.0.$((10 + i))"; done
    echo "[all:vars]"; echo "ansible_ssh_private_key_file=$LAB/client_key"
    echo "ansible_ssh_common_args='-o UserKnownHostsFile=$LAB/known_hosts'"; } > "$WORK/inv-$1.ini"
  echo "$WORK/inv-$1.ini"
}
sed 's/workers: 1/workers: 2/' playbooks/lab.yml > "$WORK/lab-2.yml"
cp playbooks/lab.yml "$WORK/lab-1.yml"

ssh_reads() {
  for i in $(seq 1 "$1"); do
    ssh -o ControlMaster=no -o ControlPath=none -o BatchMode=yes -o UserKnownHostsFile="$LAB/known_hosts" \
      -i "$LAB/client_key" root@127.0.0.$((10 + i)) \
      'cat /etc/glance/glance-api.conf /etc/glance/glance-cache.conf /etc/glance/glance-image-import.conf >/dev/null;
       dpkg-query -W glance-api >/dev/null; service glance-api status >/dev/null' &
  done
  wait
}

seconds() { local start=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $start" | bc -l; }
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %6.2f  min %6.2f  max %6.2f", a[int((NR+1)/2)], a[1], a[NR]}'; }

printf "%-5s %-8s %-16s %s\n" nodes scenario tool "seconds over $RUNS runs"
for n in 1 3 10; do
  inv=$(inventory_of "$n")
  "$BIN" deploy -i "$inv" -p "$WORK/lab-1.yml" --forks 30 >/dev/null 2>&1 || true
  printf "%-5s %-8s %-16s %s\n" "$n" noop glance-push "$(for _ in $(seq 1 "$RUNS"); do seconds "$BIN" deploy -i "$inv" -p "$WORK/lab-1.yml" --forks 30; done | stats)"
  printf "%-5s %-8s %-16s %s\n" "$n" noop "ssh reads" "$(for _ in $(seq 1 "$RUNS"); do seconds ssh_reads "$n"; done | stats)"
  change=$(for r in $(seq 1 "$RUNS"); do
    seconds "$BIN" deploy -i "$inv" -p "$book" --forks 30
  done | stats)
  printf "%-5s %-8s %-16s %s\n" "$n" change glance-push "$change"
  "$BIN" deploy -i "$inv" -p "$WORK/lab-1.yml" --forks 30 >/dev/null 2>&1 || true
done
/usr/bin/time -f '%M' -o "$WORK/rss" "$BIN" deploy -i "$(inventory_of 10)" -p "$WORK/lab-1.yml" --forks 30 >/dev/null 2>&1
echo "peak RSS of a 10-node noop deploy: $(cat "$WORK/rss") KiB"

#!/usr/bin/env bash
# Times the offline `glance-push plan` of playbooks/site.yml for 3 and 1,000 controllers
# (targets: under 0.2 s and under 1 s). Usage: benchmarks/plan.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$REPO"
RUNS=${1:-5}
swift-build -c release --product glance-push >/dev/null
BIN=$(swift-build -c release --show-bin-path)/glance-push
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp playbooks/secrets.example.yml "$WORK/secrets.yml"
chmod 600 "$WORK/secrets.yml"
cat > "$WORK/big.ini" <<INI
[controllers]
ctl[0001:1000].example.net

[controllers:vars]
ansible_processor_vcpus=16

[databases]
db1.example.net ansible_host=10.0.0.21
INI
seconds() { local start=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $start" | bc -l; }
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.3f  min %.3f  max %.3f", a[int((NR+1)/2)], a[1], a[NR]}'; }
for inventory in inventories/prod.ini "$WORK/big.ini"; do
  hosts=$("$BIN" inventory -i "$inventory" --list | grep -c '"ctl' || true)
  result=$(for _ in $(seq 1 "$RUNS"); do seconds "$BIN" plan -i "$inventory" -p playbooks/site.yml --secrets "$WORK/secrets.yml"; done | stats)
  lines=$("$BIN" plan -i "$inventory" -p playbooks/site.yml --secrets "$WORK/secrets.yml" | wc -l)
  printf "plan %5s controllers (+1 db): %s s  (%s lines)\n" "$((hosts / 2))" "$result" "$lines"
done

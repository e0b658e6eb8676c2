#!/usr/bin/env bash
# Times `glance-push inventory -i FILE --list` on an inventory holding one host range,
# `ctl[1:N]`, for each N given (default 8000 16000 32000 64000; target: 64,000 hosts in well
# under 1 s). Loading should grow linearly with N. With ansible-inventory on PATH it is timed
# on the same files as a yardstick.
# Usage: [GLANCE_PUSH=BINARY] benchmarks/inventory-range.sh [RUNS] [N ...]
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$REPO"
RUNS=${1:-5}
shift || true
[ $# -gt 0 ] || set -- 8000 16000 32000 64000
if [ -n "${GLANCE_PUSH:-}" ]; then
  BIN=$GLANCE_PUSH # another build to compare, e.g. an earlier commit's
else
  swift-build -c release --product glance-push >/dev/null
  BIN=$(swift-build -c release --show-bin-path)/glance-push
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Wall seconds of one run, from GNU time; the command's own output is thrown away.
seconds() { /usr/bin/time -f %e -o "$WORK/time" "$@" >/dev/null && cat "$WORK/time"; }
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %7.3f  min %7.3f  max %7.3f", a[int((NR+1)/2)], a[1], a[NR]}'; }
measure() { for _ in $(seq 1 "$RUNS"); do seconds "$@"; done | stats; }

for hosts in "$@"; do
  inventory="$WORK/range-$hosts.ini"
  printf '[controllers]\nctl[1:%s]\n\n[controllers:vars]\nansible_user=root\n' "$hosts" >"$inventory"
  listed=$("$BIN" inventory -i "$inventory" --list | grep -c '"ctl[0-9]*": {' || true)
  [ "$listed" -eq "$hosts" ] || { echo "expected $hosts hosts in --list, got $listed" >&2; exit 1; }
  printf "glance-push       %6s hosts: %s s\n" "$hosts" "$(measure "$BIN" inventory -i "$inventory" --list)"
  if command -v ansible-inventory >/dev/null; then
    printf "ansible-inventory %6s hosts: %s s\n" "$hosts" \
      "$(cd "$WORK" && ANSIBLE_INVENTORY_ENABLED=ini measure ansible-inventory -i "$inventory" --list)"
  fi
done

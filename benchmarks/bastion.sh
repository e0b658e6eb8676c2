#!/usr/bin/env bash
# glance-push through one bastion against the same deploy without it, on the lab's controllers
# behind the bastion (scripts/lab bastion: nodes in namespace gp-behind, bastion in gp-bastion).
#
#   benchmarks/bastion.sh [--first 71] [--nodes 30] [--targets 100] [--target-forks N] [--runs 3]
#                         [--scenarios noop,change,ping,noop-many]
#
# Scenarios, on nodes FIRST..FIRST+NODES-1 (all started behind the bastion):
#   noop      converged deploy of playbooks/lab.yml (+ the flipped key): nothing changes
#   change    show_image_direct_url flips True<->False each run: the file is written, glance-api
#             restarts and must answer /versions (the deploy's health check) on every node
#   ping      `glance-push ping` of TARGETS inventory hosts spread over the nodes (several names
#             per node), --forks N (default TARGETS: all at once)
#   noop-many a noop deploy of those TARGETS hosts (a converged host is only looked at, no lock)
# Routes:
#   direct    glance-push run inside the bastion's namespace (ip netns exec gp-bastion), where the
#             controllers are one hop away: the same network path minus SSH through the bastion
#   bastion   glance-push on this machine with `-J root@10.250.0.2`
# (Commit ed35caa also had an `ssh -W`-per-target transport, GLANCE_PUSH_JUMP_TRANSPORT=ssh-w,
# --transports channel,ssh-w; it lost and was removed: see the README's Benchmarks.)
# A run counts only if glance-push exits 0 and, for noop/change, every node's glance-api.conf
# holds the expected value and its glance-api pid changed (change) or not (noop). Prints
# median/min/max seconds per scenario and route, and bastion/direct ratios. Logs and results.tsv
# in $GLANCE_PUSH_LAB/bench-bastion.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$REPO"

FIRST=71 NODES=30 TARGETS=100 TARGET_FORKS="" RUNS=3 SCENARIOS=noop,change,ping,noop-many
while [ $# -gt 0 ]; do
  case "$1" in
    --first) FIRST=$2; shift 2 ;;
    --nodes) NODES=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --target-forks) TARGET_FORKS=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) sed -n '5,6p' "$0" >&2; exit 1 ;;
  esac
done
TARGET_FORKS=${TARGET_FORKS:-$TARGETS}
has() { [[ ",$SCENARIOS," == *",$1,"* ]]; }
[ "$(id -u)" = 0 ] || { echo "bastion bench: must run as root (the lab)" >&2; exit 1; }
LAB=$GLANCE_PUSH_LAB
WORK=$LAB/bench-bastion
mkdir -p "$WORK/logs"
: > "$WORK/results.tsv"
NODE_LIST=$(seq "$FIRST" $((FIRST + NODES - 1)))
# shellcheck disable=SC2086
scripts/lab bastion up $NODE_LIST >/dev/null
swift-build -c release --scratch-path .build-bench --product glance-push >"$WORK/logs/build.log" 2>&1 \
  || { cat "$WORK/logs/build.log" >&2; exit 1; }
BIN=$REPO/.build-bench/release/glance-push
KNOWN=$LAB/bastion/known_hosts

# inventory ROUTE COUNT: COUNT hosts over the nodes (host h on node FIRST + h % NODES).
inventory() {
  local route=$1 count=$2 file="$WORK/$1-$2.ini" h node
  { echo "[controllers]"
    for h in $(seq 0 $((count - 1))); do
      node=$((FIRST + h % NODES))
      if [ "$count" = "$NODES" ]; then echo "node$node ansible_host=10.251.0.$node"
      else echo "t$h ansible_host=10.251.0.$node"; fi
    done
    echo "[all:vars]"
    echo "ansible_user=root"
    echo "ansible_ssh_private_key_file=$LAB/client_key"
    if [ "$route" = direct ]; then echo "ansible_ssh_common_args='-o UserKnownHostsFile=$KNOWN'"
    else echo "ansible_ssh_common_args='-J root@10.250.0.2 -o UserKnownHostsFile=$KNOWN'"; fi
  } > "$file"
  echo "$file"
}

book() {  # book VALUE [setup]: playbooks/lab.yml with show_image_direct_url VALUE; sync_db false but for setup
  local file="$WORK/book-$1${2:+-setup}.yml" extra="      show_image_direct_url: $1"
  [ -n "${2:-}" ] || extra+="\n      sync_db: false"
  awk -v extra="$extra" '{ print } /^    glance::api:$/ { print extra }' playbooks/lab.yml > "$file"
  echo "$file"
}

# run ROUTE ARGS...: glance-push from where ROUTE starts.
run() {
  local route=$1; shift
  if [ "$route" = direct ]; then ip netns exec gp-bastion "$BIN" "$@"; else "$BIN" "$@"; fi
}

conf() { echo "$LAB/nodes/node$1/root/etc/glance/glance-api.conf"; }
pids() { local i; for i in $NODE_LIST; do cat "$LAB/nodes/node$i/root/run/glance/glance-api.pid" 2>/dev/null || echo -; done; }
value_everywhere() {  # every node's glance-api.conf says show_image_direct_url = $1
  local i want; want="show_image_direct_url = $([ "$1" = true ] && echo True || echo False)"
  for i in $NODE_LIST; do grep -qx "$want" "$(conf "$i")" || return 1; done
}

# timed SCENARIO ROUTE CHECK ARGS...: one run; records seconds or FAILED.
timed() {
  local scenario=$1 route=$2 check=$3; shift 3
  local label=$route log start end status=0 before
  log="$WORK/logs/$scenario-$label.log"
  before=$(pids)
  start=$(date +%s.%N)
  run "$route" "$@" >>"$log" 2>&1 || status=$?
  end=$(date +%s.%N)
  if [ "$status" = 0 ] && eval "$check"; then
    printf '%s\t%s\t%s\n' "$scenario" "$label" "$(echo "$end - $start" | bc -l)" >> "$WORK/results.tsv"
  else
    printf '%s\t%s\tFAILED\n' "$scenario" "$label" >> "$WORK/results.tsv"
    echo "bastion bench: $scenario $label failed (exit $status; see $log)" >&2
  fi
}

nodes_inv_direct=$(inventory direct "$NODES") nodes_inv_bastion=$(inventory bastion "$NODES")
many_direct=$(inventory direct "$TARGETS") many_bastion=$(inventory bastion "$TARGETS")
value=false
run bastion deploy -i "$nodes_inv_bastion" -p "$(book "$value" setup)" --forks "$NODES" >"$WORK/logs/setup.log" 2>&1 \
  || run bastion deploy -i "$nodes_inv_bastion" -p "$(book "$value" setup)" --forks "$NODES" >>"$WORK/logs/setup.log" 2>&1
for r in $(seq 1 "$RUNS"); do
  for route in direct bastion; do
    inv=$nodes_inv_direct; [ "$route" = bastion ] && inv=$nodes_inv_bastion
    many=$many_direct; [ "$route" = bastion ] && many=$many_bastion
    has noop && timed noop "$route" '[ "$(pids)" = "$before" ] && value_everywhere $value' \
      deploy -i "$inv" -p "$(book "$value")" --forks "$NODES"
    if has change; then
      value=$([ "$value" = true ] && echo false || echo true)
      timed change "$route" '! pids | grep -qx -- - && [ -z "$(comm -12 <(echo "$before" | sort) <(pids | sort))" ] && value_everywhere $value' \
        deploy -i "$inv" -p "$(book "$value")" --forks "$NODES"
    fi
    has ping && timed ping "$route" true ping -i "$many" --forks "$TARGET_FORKS"
    has noop-many && timed noop-many "$route" '[ "$(pids)" = "$before" ]' \
      deploy -i "$many" -p "$(book "$value")" --forks "$TARGET_FORKS"
  done
done

python3 - "$WORK/results.tsv" <<'PY'
import collections, statistics, sys
rows = collections.defaultdict(list)
order = []
for line in open(sys.argv[1]):
    scenario, label, seconds = line.rstrip("\n").split("\t")
    if (scenario, label) not in rows: order.append((scenario, label))
    rows[(scenario, label)].append(seconds)
print(f"{'scenario':10} {'route':8} {'runs':>5} {'median':>8} {'min':>8} {'max':>8} {'x direct':>9}")
for scenario, label in order:
    values = rows[(scenario, label)]
    good = sorted(float(v) for v in values if v != "FAILED")
    if not good:
        print(f"{scenario:10} {label:8} {0:>2}/{len(values):<2} all failed"); continue
    median = statistics.median(good)
    direct = [float(v) for v in rows.get((scenario, "direct"), []) if v != "FAILED"]
    ratio = f"{median / statistics.median(direct):.2f}" if direct and label != "direct" else ""
    print(f"{scenario:10} {label:8} {len(good):>2}/{len(values):<2} {median:8.2f} {good[0]:8.2f} {good[-1]:8.2f} {ratio:>9}")
PY
grep -q FAILED "$WORK/results.tsv" && exit 2 || exit 0

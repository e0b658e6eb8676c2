#!/usr/bin/env bash
# Compares glance-push with a lower bound, ansible-core and pyinfra on lab nodes (scripts/lab).
#
#   benchmarks/compare.sh [--sizes 1,10,30] [--sshd-sizes 100,200] [--rolling-nodes 10]
#                         [--first 1] [--runs 3] [--rolling-runs R] [--slow 100] [--tools LIST]
#                         [--scenarios LIST] [--append] [--quick]
#
# --quick: a before/after check in a few minutes: glance-push and the lower bounds only, sizes 1,10,
# sshd-sizes 30, rolling on 3 nodes, 3 runs; any option given beside it still wins.
#
# Scenarios, each on nodes FIRST..FIRST+N-1:
#   noop     the deploy is already converged (nothing may restart: the glance-api pid must not change)
#   change   show_image_direct_url in glance-api.conf flips True<->False each run: the file is
#            written on every node, glance-api restarts and answers 200 on /versions again
#   rolling  glance-api restarted one node at a time, each healthy (/versions 200) before the
#            next, on --rolling-nodes nodes: glance-push `restart --rolling --batch 1`, ansible
#            `serial: 1` (restart + uri wait), pyinfra `--serial`, the lower bound one ssh per node
#            in turn (the glance-api pid must change on every node; the files stay as they are)
#   rolling-lb   rolling on --rolling-nodes nodes behind the lab's HAProxy (scripts/lab haproxy,
#            127.0.0.7:9292; balancer host node100 reaching its runtime API socket over SSH), with
#            glance-loadgen (Sources/glance-loadgen) sending 40 requests/s of GET /versions,
#            GET /v2/images and the download of a 64 KiB image (`scripts/lab haproxy image`, exact
#            bytes) through it during each run: wall time and failed requests. Per node in turn,
#            each tool drains it on the balancer, waits until its sessions (scur) end, restarts
#            glance-api, waits for /versions, sets it ready and waits until HAProxy sees it UP:
#            glance-push `restart --rolling --batch 1 -p` a playbook with the play's load_balancer;
#            ansible-fast benchmarks/ansible/fast-restart-lb.yml (`serial: 1`, socat tasks delegated
#            to the balancer: community.general.haproxy is not in ansible-core, and PyPI has it only
#            inside the whole `ansible` package); pyinfra `--serial` with BENCH_LB (python.call
#            running benchmarks/haproxy/step.sh on the balancer over ssh); the lower bound one ssh to
#            the balancer (step.sh drain), one to the node, one to the balancer (step.sh ready).
#            ansible-default is not run here. Any failed request fails the run's check.
# --sizes are nodes running a real glance-api; --sshd-sizes run noop and change with
# `manage_service: false` (files only, nothing restarts), for fleets too big to run glance-api.
# A tool whose first run of a scenario takes over --slow seconds (ansible at 30 and 100 nodes) is
# not run again there: its row says 1/1 (0 runs everything --runs times; the whole default run
# then takes over two hours on 2 cores, against 70 minutes).
# Give an empty list ('') to skip a group; --rolling-nodes 0 skips rolling. --append adds to the
# results of the previous invocation (results.tsv) instead of starting anew: the table shows both.
#
# Tools (--tools, comma-separated; all by default):
#   glance-push      `glance-push deploy` of playbooks/lab.yml plus the flipped key, sync_db false
#   lower-bound      one plain `ssh` per node in parallel (ControlMaster off) sending one script
#                    that reads the files, package and service state, writes what differs
#                    (temp file + mv) and, if written, restarts glance-api and polls /versions
#   lower-tight      noop only, the tight lower bound: one plain `ssh` per node running
#                    `sha256sum -c` of the managed files against hashes known here and a
#                    dpkg-query (nothing travels back); the table's "x tight" column divides by it
#   ansible-fast     benchmarks/ansible/fast.yml + fast.cfg: forks N, pipelining, ControlPersist,
#                    no facts, free strategy
#   ansible-default  benchmarks/ansible/default.yml + default.cfg: ansible-core's defaults
#   pyinfra          benchmarks/pyinfra/deploy.py with --parallel N
# Every tool writes byte-identical files: the ansible/pyinfra Jinja templates are made from the
# files glance-push wrote on the first node (bind_host and the flipped key become variables).
#
# A run counts only if the tool exited 0 and then, on every node, glance-api.conf holds the new
# value, and (glance-api nodes) the glance-api pid changed (change, rolling) or did not (noop) and
# /versions answers 200. The table gives median/min/max seconds of the counted runs, the ratio of
# each median to the lower bound's, and glance-push's peak RSS (/usr/bin/time %M, max over runs).
#
# Needs root and the lab; installs ansible-core 2.19.14 and pyinfra into a venv under the lab
# directory (or with pip --break-system-packages), builds glance-push (release, scratch path
# .build-bench), starts the nodes it needs (`scripts/lab up`, idempotent; never stops any).
# Logs, inventories, templates and results.tsv go to $GLANCE_PUSH_LAB/bench-compare.
# Exit status: 0 all runs passed their checks, 2 some run failed (the table says which), 1 setup.
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$REPO"

SIZES=- SSHD_SIZES=- ROLLING_NODES=- FIRST=1 RUNS=3 ROLLING_RUNS="" SLOW=100 TOOLS=- QUICK=""
SCENARIOS=noop,change,rolling APPEND=""
LB_NODE=100 FRONTEND=127.0.0.7
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --sshd-sizes) SSHD_SIZES=$2; shift 2 ;;
    --rolling-nodes) ROLLING_NODES=$2; shift 2 ;;
    --first) FIRST=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --rolling-runs) ROLLING_RUNS=$2; shift 2 ;;
    --slow) SLOW=$2; shift 2 ;;
    --tools) TOOLS=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --append) APPEND=1; shift ;;
    --quick) QUICK=1; shift ;;
    -h|--help) usage ;;
    *) echo "compare: unknown option $1" >&2; usage ;;
  esac
done
# Defaults, or --quick's, for what was not given ('' given stays '': that group is skipped).
if [ -n "$QUICK" ]; then defaults=(1,10 30 3 glance-push,lower-bound,lower-tight)
else defaults=(1,10,30 100,200 10 glance-push,lower-bound,lower-tight,ansible-fast,ansible-default,pyinfra); fi
[ "$SIZES" != - ] || SIZES=${defaults[0]}
[ "$SSHD_SIZES" != - ] || SSHD_SIZES=${defaults[1]}
[ "$ROLLING_NODES" != - ] || ROLLING_NODES=${defaults[2]}
[ "$TOOLS" != - ] || TOOLS=${defaults[3]}
ROLLING_RUNS=${ROLLING_RUNS:-$RUNS}
for number in "$FIRST" "$RUNS" "$ROLLING_RUNS" "$ROLLING_NODES" "$SLOW" ${SIZES//,/ } ${SSHD_SIZES//,/ }; do
  [[ "$number" =~ ^[0-9]+$ ]] || { echo "compare: '$number' is not a number" >&2; exit 1; }
done
has() { [[ ",$1," == *",$2,"* ]]; }

LAB=$GLANCE_PUSH_LAB
WORK=$LAB/bench-compare
VENV=$LAB/bench-venv
mkdir -p "$WORK/logs" "$WORK/lb" "$WORK/state" "$WORK/templates" "$WORK/cp"
[ -n "$APPEND" ] || : > "$WORK/results.tsv"
say() { echo "compare: $*" >&2; }

# --- what the tools need -------------------------------------------------------------------
install_python_tools() {
  local wanted=("ansible-core==2.19.14" pyinfra)
  if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV" 2>/dev/null || rm -rf "$VENV"; fi
  if [ -x "$VENV/bin/python" ]; then
    "$VENV/bin/python" -c 'import ansible, pyinfra' 2>/dev/null || "$VENV/bin/pip" install -q "${wanted[@]}"
    ANSIBLE_PLAYBOOK=$VENV/bin/ansible-playbook PYINFRA=$VENV/bin/pyinfra
  else
    python3 -c 'import ansible, pyinfra' 2>/dev/null || python3 -m pip install -q "${wanted[@]}" 2>/dev/null \
      || python3 -m pip install -q --break-system-packages "${wanted[@]}"
    ANSIBLE_PLAYBOOK=$(command -v ansible-playbook) PYINFRA=$(command -v pyinfra)
  fi
}
[ "$(id -u)" = 0 ] || { say "must run as root (the lab)"; exit 1; }
command -v bc >/dev/null && [ -x /usr/bin/time ] && command -v curl >/dev/null || scripts/setup
install_python_tools
say "building glance-push"
for product in glance-push glance-loadgen; do
  swift-build -c release --scratch-path .build-bench --product "$product" >"$WORK/logs/build-$product.log" 2>&1 \
    || { cat "$WORK/logs/build-$product.log" >&2; exit 1; }
done
LOADGEN=$REPO/.build-bench/release/glance-loadgen
BIN=$REPO/.build-bench/release/glance-push
largest=$(printf '%s\n' ${SIZES//,/ } ${SSHD_SIZES//,/ } "$ROLLING_NODES" | sort -n | tail -1)
scripts/lab up $((FIRST + largest - 1)) >/dev/null

# --- nodes, inventories, playbooks ---------------------------------------------------------
address() { echo "127.0.0.$((10 + $1))"; }
nodes_of() { seq "$FIRST" $((FIRST + $1 - 1)); }
SSH=(ssh -o ControlMaster=no -o ControlPath=none -o BatchMode=yes -o "UserKnownHostsFile=$LAB/known_hosts"
     -i "$LAB/client_key")

# inventory_of N [BALANCER_IP KNOWN_HOSTS]: the controllers, and with a balancer [loadbalancers] lb1.
inventory_of() {
  local file="$WORK/inv-$1${2:+-lb}.ini" i
  { echo "[controllers]"
    for i in $(nodes_of "$1"); do echo "node$i ansible_host=$(address "$i")"; done
    [ -z "${2:-}" ] || printf '[loadbalancers]\nlb1 ansible_host=%s\n' "$2"
    echo "[all:vars]"
    echo "ansible_user=root"
    echo "ansible_ssh_private_key_file=$LAB/client_key"
    echo "ansible_ssh_common_args='-o UserKnownHostsFile=${3:-$LAB/known_hosts}'"; } > "$file"
  echo "$file"
}
addresses_of() { local i; for i in $(nodes_of "$1"); do address "$i"; done | paste -sd, -; }

# book MODE VALUE [setup]: playbooks/lab.yml with show_image_direct_url VALUE; sync_db false
# except for the setup deploy (a fresh node needs its sqlite schema); sshd mode: manage_service false.
book() {
  local mode=$1 value=$2 setup=${3:-} file="$WORK/book-$1-$2${3:+-setup}.yml" extra
  extra="      show_image_direct_url: $value"
  [ -n "$setup" ] || extra+="\\n      sync_db: false"
  [ "$mode" = sshd ] && extra+="\\n      manage_service: false"
  awk -v extra="$extra" '{ print } /^    glance::api:$/ { print extra }' playbooks/lab.yml > "$file"
  grep -q "show_image_direct_url: $value" "$file" || { say "cannot add the key to playbooks/lab.yml"; exit 1; }
  echo "$file"
}
rendered() { [ "$1" = true ] && echo True || echo False; }
other() { [ "$1" = true ] && echo false || echo true; }

# The managed files (path owner group mode) as glance-push plans them for this playbook.
managed_files() {
  "$BIN" plan -i "$(inventory_of 1)" -p "$(book glance false)" --host "node$FIRST" \
    | awk '$1 == "file" { split($3, who, ":"); print $2, who[1], who[2], $4 }'
}

# Templates from what glance-push wrote on the first node (value false), and vars.json per value.
make_templates() {
  local path owner group mode name ip
  ip=$(address "$FIRST")
  : > "$WORK/files.txt"
  while read -r path owner group mode; do
    name=$(basename "$path").j2
    "${SSH[@]}" "root@$ip" "cat $path" > "$WORK/templates/$name"
    grep -q '{{\|{%\|{#' "$WORK/templates/$name" && { say "$path holds Jinja markers"; exit 1; }
    sed -i -e "s/^bind_host = ${ip//./\\.}\$/bind_host = {{ ansible_host }}/" \
           -e 's/^show_image_direct_url = False$/show_image_direct_url = {{ flip }}/' "$WORK/templates/$name"
    echo "$path $owner $group $mode $name" >> "$WORK/files.txt"
  done < <(managed_files)
  grep -q '^show_image_direct_url = {{ flip }}$' "$WORK/templates/glance-api.conf.j2" \
    || { say "glance-api.conf on node$FIRST has no 'show_image_direct_url = False'"; exit 1; }
  local value service serial
  for value in true false; do for service in true false; do for serial in 0 1; do
    python3 - "$WORK" "$(rendered "$value")" "$service" "$serial" > "$WORK/vars-$value-$service-$serial.json" <<'PY'
import json, sys
work, flip, service, serial = sys.argv[1:]
files = []
for line in open(work + "/files.txt"):
    path, owner, group, mode, template = line.split()
    files.append({"path": path, "owner": owner, "group": group, "mode": "0" + mode, "template": template})
out = {"template_dir": work + "/templates", "glance_files": files, "flip": flip, "manage_service": service == "true"}
if serial == "1":
    out["serial_batch"] = 1
print(json.dumps(out))
PY
  done; done; done
}

# Lower-bound scripts per node and value: what glance-push's deploy does on a node, in one shell.
# PART is "all" (write what differs; if anything did, restart + health) or "restart" (restart + health).
lower_bound_script() {
  local i=$1 value=$2 mode=$3 part=$4 ip path owner group fmode name n=0
  ip=$(address "$i")
  echo "set -e"
  if [ "$part" != restart ]; then
    echo 't=$(mktemp -d); trap '\''rm -rf "$t"'\'' EXIT; changed=0'
    while read -r path owner group fmode name; do
      echo "base64 -d > \"\$t/$n\" <<'B64'"
      sed -e "s/{{ ansible_host }}/$ip/" -e "s/{{ flip }}/$(rendered "$value")/" "$WORK/templates/$name" | base64
      echo "B64"
      echo "if ! cmp -s \"\$t/$n\" $path; then install -o $owner -g $group -m $fmode \"\$t/$n\" $path.bench-tmp" \
           "&& mv -f $path.bench-tmp $path; changed=1; fi"
      n=$((n + 1))
    done < "$WORK/files.txt"
    echo "dpkg-query -W -f='\${Status}' glance-api | grep -q 'install ok installed' \\"
    echo "  || DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 glance-api >/dev/null"
    echo "service glance-api status >/dev/null 2>&1 || true"
    [ "$mode" = sshd ] && return
    echo '[ $changed = 1 ] || exit 0'
  fi
  echo "service glance-api restart >/dev/null"
  echo "for _ in \$(seq 1 480); do curl -sf -o /dev/null http://$ip:9292/versions && exit 0; sleep 0.25; done; exit 1"
}
# The tight lower bound of a noop: one plain ssh per node checking the managed files against the
# sha256 known here (sha256sum -c) and the package with dpkg-query; no file travels.
lower_tight_script() {
  local i=$1 value=$2 ip path owner group fmode name
  ip=$(address "$i")
  echo "sha256sum -c --quiet --status <<'SUMS'"
  while read -r path owner group fmode name; do
    echo "$(sed -e "s/{{ ansible_host }}/$ip/" -e "s/{{ flip }}/$(rendered "$value")/" "$WORK/templates/$name" | sha256sum | cut -c1-64)  $path"
  done < "$WORK/files.txt"
  echo "SUMS"
  echo "dpkg-query -W -f='\${Status}' glance-api | grep -q 'install ok installed'"
}
lower_tight() {  # N VALUE MODE
  local n=$1 value=$2 i failed=0 pids=()
  for i in $(nodes_of "$n"); do "${SSH[@]}" "root@$(address "$i")" sh -s < "$WORK/lb/tight-$value-$i.sh" & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i" || failed=1; done
  return $failed
}
prepare_lower_tight() {  # N VALUE
  local i
  for i in $(nodes_of "$1"); do lower_tight_script "$i" "$2" > "$WORK/lb/tight-$2-$i.sh"; done
}
prepare_lower_bound() {  # N VALUE MODE
  local i part
  for i in $(nodes_of "$1"); do
    for part in all restart; do lower_bound_script "$i" "$2" "$3" "$part" > "$WORK/lb/$3-$2-$i-$part.sh"; done
  done
}
lower_bound() {  # N VALUE MODE SCENARIO
  local n=$1 value=$2 mode=$3 scenario=$4 i failed=0 pids=()
  if [ "$scenario" = rolling ]; then
    for i in $(nodes_of "$n"); do
      "${SSH[@]}" "root@$(address "$i")" bash -s < "$WORK/lb/$mode-$value-$i-restart.sh" || return 1
    done
    return 0
  fi
  for i in $(nodes_of "$n"); do "${SSH[@]}" "root@$(address "$i")" bash -s < "$WORK/lb/$mode-$value-$i-all.sh" & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i" || failed=1; done
  return $failed
}

# --- rolling-lb: HAProxy in front, node100 as the balancer host ------------------------------
LB_SOCK=$LAB/haproxy/admin.sock
LB_IP=$(address "$LB_NODE")
LB_KNOWN=$WORK/known_hosts.lb
SSH_LB=(ssh -o ControlMaster=no -o ControlPath=none -o BatchMode=yes -o "UserKnownHostsFile=$LB_KNOWN"
        -i "$LAB/client_key")
lb_inventory() { inventory_of "$1" "$LB_IP" "$LB_KNOWN"; }
# lb_book VALUE: the rolling book with serial 1 and the play's load_balancer.
lb_book() {
  local file="$WORK/book-lb-$1.yml"
  awk -v sock="$LB_SOCK" '{ print } /^- hosts: controllers$/ {
      print "  serial: 1"; print "  load_balancer:"; print "    hosts: loadbalancers"
      print "    backend: glance_api"; print "    socket: " sock; print "    drain_timeout: 60"; print "    up_timeout: 60" }' \
    "$(book glance "$1")" > "$file"
  grep -q '^  load_balancer:$' "$file" || { say "cannot add load_balancer to the play"; exit 1; }
  echo "$file"
}
# haproxy_up N: HAProxy in front of the N nodes, every server UP (30 s at most).
haproxy_up() {
  local n=$1 up
  scripts/lab up-nodes "$LB_NODE" >/dev/null
  cat "$LAB/known_hosts" "$LAB/known_hosts.full" > "$LB_KNOWN"
  scripts/lab haproxy up $(nodes_of "$n") >/dev/null
  LB_IMAGE=$(scripts/lab haproxy image $(nodes_of "$n"))
  for _ in $(seq 1 150); do
    up=$(scripts/lab haproxy status | awk '$2 == "glance_api" && $6 == 2' | wc -l)
    [ "$up" = "$n" ] && return 0
    sleep 0.2
  done
  say "HAProxy never saw the $n nodes UP"; exit 1
}
lower_bound_lb() {  # N VALUE
  local i
  for i in $(nodes_of "$1"); do
    "${SSH_LB[@]}" "root@$LB_IP" sh -s -- drain "$LB_SOCK" glance_api "node$i" < benchmarks/haproxy/step.sh || return 1
    "${SSH[@]}" "root@$(address "$i")" bash -s < "$WORK/lb/glance-$2-$i-restart.sh" || return 1
    "${SSH_LB[@]}" "root@$LB_IP" sh -s -- ready "$LB_SOCK" glance_api "node$i" < benchmarks/haproxy/step.sh || return 1
  done
}
# lb_pyinfra_vars N: BENCH_LB for benchmarks/pyinfra/deploy.py.
lb_pyinfra_vars() {
  local i servers=""
  for i in $(nodes_of "$1"); do servers+="${servers:+, }\"$(address "$i")\": \"node$i\""; done
  echo "{\"address\": \"$LB_IP\", \"socket\": \"$LB_SOCK\", \"known_hosts\": \"$LB_KNOWN\", \"servers\": {$servers}}"
}

# --- one timed run of one tool ----------------------------------------------------------------
RSS_FILE=$WORK/state/rss
run_tool() {  # TOOL N MODE VALUE SCENARIO
  local tool=$1 n=$2 mode=$3 value=$4 scenario=$5 inv vars service=true serial=0 play=""
  inv=$(inventory_of "$n")
  [ "$mode" = sshd ] && service=false
  [ "$scenario" = rolling ] && serial=1 play=-restart
  [ "$scenario" = rolling-lb ] && serial=1
  vars=$WORK/vars-$value-$service-$serial.json
  if [ "$scenario" = rolling-lb ]; then
    case "$tool" in
      glance-push)
        /usr/bin/time -f %M -o "$RSS_FILE" "$BIN" restart -i "$(lb_inventory "$n")" -p "$(lb_book "$value")" --limit controllers \
          --rolling --batch 1 --forks "$n" ;;
      lower-bound) lower_bound_lb "$n" "$value" ;;
      ansible-fast)
        ANSIBLE_CONFIG=benchmarks/ansible/fast.cfg ANSIBLE_SSH_CONTROL_PATH_DIR=$WORK/cp \
          "$ANSIBLE_PLAYBOOK" -i "$(lb_inventory "$n")" -f "$n" -e "lb_socket=$LB_SOCK" benchmarks/ansible/fast-restart-lb.yml ;;
      pyinfra)
        BENCH_HOSTS=$(addresses_of "$n") BENCH_VARS=$vars BENCH_RESTART_ONLY=1 BENCH_LB=$(lb_pyinfra_vars "$n") \
          "$PYINFRA" -y --parallel "$n" --serial benchmarks/pyinfra/inventory.py benchmarks/pyinfra/deploy.py ;;
      *) say "rolling-lb $tool: not measured (ansible-fast and pyinfra are)"; return 1 ;;
    esac
    return
  fi
  case "$tool" in
    glance-push)
      if [ "$scenario" = rolling ]; then
        /usr/bin/time -f %M -o "$RSS_FILE" "$BIN" restart -i "$inv" --rolling --batch 1 --forks "$n"
      else
        /usr/bin/time -f %M -o "$RSS_FILE" "$BIN" deploy -i "$inv" -p "$(book "$mode" "$value")" --forks "$n"
      fi ;;
    lower-bound) lower_bound "$n" "$value" "$mode" "$scenario" ;;
    lower-tight) lower_tight "$n" "$value" ;;
    ansible-fast)
      ANSIBLE_CONFIG=benchmarks/ansible/fast.cfg ANSIBLE_SSH_CONTROL_PATH_DIR=$WORK/cp \
        "$ANSIBLE_PLAYBOOK" -i "$inv" -f "$n" -e "@$vars" "benchmarks/ansible/fast$play.yml" ;;
    ansible-default)
      ANSIBLE_CONFIG=benchmarks/ansible/default.cfg "$ANSIBLE_PLAYBOOK" -i "$inv" -e "@$vars" "benchmarks/ansible/default$play.yml" ;;
    pyinfra)
      local serial_flag=()
      [ "$scenario" = rolling ] && serial_flag=(--serial)
      BENCH_HOSTS=$(addresses_of "$n") BENCH_VARS=$vars BENCH_RESTART_ONLY=$serial "$PYINFRA" -y --parallel "$n" \
        "${serial_flag[@]}" benchmarks/pyinfra/inventory.py benchmarks/pyinfra/deploy.py ;;
    *) say "unknown tool $tool"; return 1 ;;
  esac
}

# Node state: "COUNT PID HTTP" per node (COUNT = lines with the value in glance-api.conf).
snapshot() {  # N VALUE DIR
  local i pids=()
  mkdir -p "$3"
  for i in $(nodes_of "$1"); do
    "${SSH[@]}" "root@$(address "$i")" \
      "echo \$(grep -c '^show_image_direct_url = $(rendered "$2")\$' /etc/glance/glance-api.conf)" \
      "\$(cat /run/glance/glance-api.pid 2>/dev/null || echo none)" \
      "\$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 http://$(address "$i"):9292/versions)" \
      > "$3/$i" 2>/dev/null & pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
}
# verify N VALUE MODE PIDS(changed|same): prints what is wrong, returns 1 if anything is.
verify() {
  local n=$1 value=$2 mode=$3 pids=$4 i count pid http old wrong=0
  snapshot "$n" "$value" "$WORK/state/after"
  for i in $(nodes_of "$n"); do
    read -r count pid http < "$WORK/state/after/$i" || true
    read -r _ old _ < "$WORK/state/before/$i" || true
    [ "$count" = 1 ] || { echo "node$i: glance-api.conf does not hold show_image_direct_url = $(rendered "$value")"; wrong=1; }
    [ "$mode" = sshd ] && continue
    [ "$http" = 200 ] || { echo "node$i: /versions answered '$http'"; wrong=1; }
    if [ "$pids" = changed ] && [ "$pid" = "$old" ]; then echo "node$i: glance-api was not restarted (pid $pid)"; wrong=1; fi
    if [ "$pids" = same ] && [ "$pid" != "$old" ]; then echo "node$i: glance-api restarted in a noop ($old -> $pid)"; wrong=1; fi
  done
  return $wrong
}

FAILED=0
VALUE=false
# converge N MODE: untimed, glance-push brings the nodes to VALUE (and a fresh node its schema).
converge() {
  "$BIN" deploy -i "$(inventory_of "$1")" -p "$(book "$2" "$VALUE" setup)" --forks "$1" \
    > "$WORK/logs/converge-$2-$1.log" 2>&1 || { say "converging $1 nodes failed (see $WORK/logs/converge-$2-$1.log)"; exit 1; }
}
# uniform N MODE: untimed, the lower bound writes its whole files where they differ. glance-push
# edits keys in place and leaves other lines alone, so a node that kept lines of earlier tests
# would make the lower bound's first noop a change: after this every tool starts from the same bytes.
uniform() {
  prepare_lower_bound "$1" "$VALUE" "$2"
  lower_bound "$1" "$VALUE" "$2" noop > "$WORK/logs/uniform-$2-$1.log" 2>&1 \
    || { say "making $1 nodes uniform failed (see $WORK/logs/uniform-$2-$1.log)"; exit 1; }
}
# measure SCENARIO TOOL N MODE RUNS
measure() {
  local scenario=$1 tool=$2 n=$3 mode=$4 runs=$5 r start seconds times="" peak=0 ok=0 log pids=changed value problems
  local loadgen failed="" lost
  [ "$scenario" = noop ] && pids=same
  [ "$tool" = lower-tight ] && [ "$scenario" != noop ] && return 0
  [ "$tool" = lower-bound ] && for value in true false; do prepare_lower_bound "$n" "$value" "$mode"; done
  [ "$tool" = lower-tight ] && for value in true false; do prepare_lower_tight "$n" "$value"; done
  for r in $(seq 1 "$runs"); do
    [ "$scenario" = change ] && VALUE=$(other "$VALUE")
    log=$WORK/logs/$scenario-$mode-$n-$tool-$r.log
    snapshot "$n" "$VALUE" "$WORK/state/before"
    if [ "$scenario" = rolling-lb ]; then
      "$LOADGEN" --host "$FRONTEND" --port 9292 --rate 40 --workers 4 --seconds 3600 \
        --request /versions='"versions"' --request /v2/images='"images"' --download "$LB_IMAGE=$LAB/haproxy/image.bin" \
        > "$WORK/state/loadgen" 2> "$log.loadgen" & loadgen=$!
      sleep 0.5
    fi
    start=$(date +%s.%N)
    if run_tool "$tool" "$n" "$mode" "$VALUE" "$scenario" > "$log" 2>&1; then
      seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
      if [ "$scenario" = rolling-lb ]; then
        sleep 0.5; kill -TERM "$loadgen"; wait "$loadgen" || { say "glance-loadgen failed (see $log.loadgen)"; exit 1; }
        lost=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' "$WORK/state/loadgen")
        [ -n "$lost" ] || { say "glance-loadgen printed no summary"; exit 1; }
        failed+="${failed:+,}$lost"
        echo "load: $(cat "$WORK/state/loadgen")" >> "$log"
      fi
      if [ "${lost:-0}" != 0 ]; then
        say "$scenario $n $tool run $r: $lost requests failed through HAProxy (see $log)"; FAILED=1
      elif problems=$(verify "$n" "$VALUE" "$mode" "$pids"); then
        times+="${times:+,}$(printf '%.2f' "$seconds")"; ok=$((ok + 1))
      else
        say "$scenario $n $tool run $r: check failed: $(echo "$problems" | head -3 | paste -sd';' -)"; FAILED=1
        echo "$problems" >> "$log"; converge "$n" "$mode"
      fi
    else
      say "$scenario $n $tool run $r: exit status $? (see $log)"; FAILED=1
      if [ "$scenario" = rolling-lb ]; then kill -TERM "$loadgen"; wait "$loadgen" || true; haproxy_up "$n"; fi
      converge "$n" "$mode"
    fi
    if [ "$tool" = glance-push ] && [ -s "$RSS_FILE" ]; then
      peak=$(( $(tail -1 "$RSS_FILE") > peak ? $(tail -1 "$RSS_FILE") : peak )); rm -f "$RSS_FILE"
    fi
    if [ "$r" = 1 ] && [ "$SLOW" -gt 0 ] && [ "$ok" = 1 ] && [ "$(echo "$seconds > $SLOW" | bc -l)" = 1 ]; then
      runs=1; break
    fi
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$n" "$mode" "$tool" "${times:--}" "$ok/$runs" "$peak" "${failed:--}" \
    >> "$WORK/results.tsv"
  say "$scenario $mode $n $tool: ${times:-no run passed} s"
}

run_sizes() {  # MODE SIZES
  local mode=$1 n tool scenario
  for n in ${2//,/ }; do
    converge "$n" "$mode"
    [ -s "$WORK/files.txt" ] || make_templates
    uniform "$n" "$mode"
    for scenario in noop change; do
      has "$SCENARIOS" "$scenario" || continue
      for tool in ${TOOLS//,/ }; do measure "$scenario" "$tool" "$n" "$mode" "$RUNS"; done
    done
  done
}

: > "$WORK/files.txt"
say "work directory $WORK"
run_sizes glance "$SIZES"
run_sizes sshd "$SSHD_SIZES"
if has "$SCENARIOS" rolling && [ "$ROLLING_NODES" -gt 0 ]; then
  converge "$ROLLING_NODES" glance
  [ -s "$WORK/files.txt" ] || make_templates
  uniform "$ROLLING_NODES" glance
  for tool in ${TOOLS//,/ }; do measure rolling "$tool" "$ROLLING_NODES" glance "$ROLLING_RUNS"; done
fi
if has "$SCENARIOS" rolling-lb && [ "$ROLLING_NODES" -gt 0 ]; then
  converge "$ROLLING_NODES" glance
  [ -s "$WORK/files.txt" ] || make_templates
  uniform "$ROLLING_NODES" glance
  haproxy_up "$ROLLING_NODES"
  for value in true false; do prepare_lower_bound "$ROLLING_NODES" "$value" glance; done
  for tool in ${TOOLS//,/ }; do
    case "$tool" in
      ansible-default) say "rolling-lb ansible-default: not measured (ansible-fast is)" ;;
      *) measure rolling-lb "$tool" "$ROLLING_NODES" glance "$ROLLING_RUNS" ;;
    esac
  done
  scripts/lab haproxy down >/dev/null
fi

# --- the table ----------------------------------------------------------------------------------
{
  echo "glance-push $(git rev-parse --short HEAD 2>/dev/null), ansible-core $("$ANSIBLE_PLAYBOOK" --version | sed -n '1s/.*core \([0-9.]*\).*/\1/p'), pyinfra $("$PYINFRA" --version | awk '{print $NF}' | tr -d v), OpenSSH $(ssh -V 2>&1 | cut -d, -f1 | cut -d_ -f2)"
  echo "runs $RUNS (rolling $ROLLING_RUNS; once if the first took over $SLOW s); nodes from node$FIRST; glance = real glance-api, sshd = manage_service false"
  python3 - "$WORK/results.tsv" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
medians = {}
rows = [row + ["-"] * (8 - len(row)) for row in rows]
for scenario, n, mode, tool, times, ok, peak, failed in rows:
    values = [float(t) for t in times.split(",")] if times != "-" else []
    medians[(scenario, n, mode, tool)] = statistics.median(values) if values else None
print(f"{'scenario':<11}{'nodes':>5} {'mode':<7}{'tool':<16}{'median':>8}{'min':>8}{'max':>8}{'x lower':>9}{'x tight':>9}{'ok':>6}{'peak RSS':>10}{'failed':>8}")
for scenario, n, mode, tool, times, ok, peak, failed in rows:
    values = [float(t) for t in times.split(",")] if times != "-" else []
    bound = medians.get((scenario, n, mode, "lower-bound"))
    median = medians[(scenario, n, mode, tool)]
    cells = [f"{median:8.2f}", f"{min(values):8.2f}", f"{max(values):8.2f}"] if values else [f"{'FAILED':>8}", f"{'-':>8}", f"{'-':>8}"]
    ratio = f"{median / bound:9.2f}" if median is not None and bound else f"{'-':>9}"
    tight = medians.get((scenario, n, mode, "lower-tight"))
    tight_ratio = f"{median / tight:9.2f}" if median is not None and tight else f"{'-':>9}"
    rss = f"{int(peak) / 1024:7.1f} MiB" if tool == "glance-push" and int(peak) > 0 else ""
    lost = failed if scenario == "rolling-lb" else ""
    print(f"{scenario:<11}{n:>5} {mode:<7}{tool:<16}{''.join(cells)}{ratio}{tight_ratio}{ok:>6}{rss:>11}{lost:>8}")
PY
} | tee "$WORK/table.txt"
exit $((FAILED * 2))

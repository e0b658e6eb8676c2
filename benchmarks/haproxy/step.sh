#!/bin/sh
# On a balancer host, one step of a zero-downtime restart through HAProxy's runtime API, for the
# lower bound and pyinfra rows of compare.sh's rolling-lb (ssh BALANCER sh -s -- STEP … < step.sh):
#   drain SOCKET BACKEND SERVER   set the server to drain, wait until its sessions (scur) are 0
#   ready SOCKET BACKEND SERVER   set it ready, wait until HAProxy's own check sees it UP
# Each wait is 60 s at most (then exit 1).
set -eu
step=$1 socket=$2 backend=$3 server=$4
runtime() { echo "$1" | socat -t 5 stdio "UNIX-CONNECT:$socket"; }
# field N of the server's line in `show stat` (5 scur, 18 status)
field() { runtime "show stat" | awk -F, -v b="$backend" -v s="$server" -v f="$1" '$1 == b && $2 == s { print $f }'; }
case $step in
  drain) state=drain column=5 want=0 ;;
  ready) state=ready column=18 want=UP ;;
  *) echo "step.sh: unknown step $step" >&2; exit 2 ;;
esac
runtime "set server $backend/$server state $state" >/dev/null
for _ in $(seq 1 600); do
  [ "$(field $column)" = "$want" ] && exit 0
  sleep 0.1
done
echo "step.sh: $backend/$server: column $column of show stat is not $want after 60 s" >&2
exit 1

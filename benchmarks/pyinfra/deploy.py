# The bench deploy in pyinfra, equivalent to benchmarks/ansible/tasks.yml + handlers.yml:
# glance-api installed, each managed Glance file rendered from the same Jinja template; if any
# changed, restart glance-api (SysV init, as on the lab nodes) and poll /versions until 200.
# compare.sh's rolling scenario runs it with --serial and BENCH_RESTART_ONLY=1: only the restart
# and the wait, one host after the other (pyinfra's --serial runs all of a host's operations
# before the next host's). rolling-lb adds BENCH_LB (balancer address, socket, HAProxy server name
# per host): before the restart the host is drained on the balancer, after it set ready, by
# python.call running benchmarks/haproxy/step.sh on the balancer over ssh (pyinfra operations run
# on the host being deployed; the balancer is another host).
# BENCH_VARS names the JSON file benchmarks/compare.sh writes (templates, flip, manage_service).
import json
import os
import subprocess

from pyinfra import host
from pyinfra.operations import apt, files, python, server, sysvinit
from pyinfra.operations.util import any_changed

with open(os.environ["BENCH_VARS"]) as handle:
    bench = json.load(handle)

def wait_for_glance_api(**condition):
    server.shell(
        name="wait for glance-api",
        commands=[
            f"for i in $(seq 1 480); do curl -sf -o /dev/null http://{host.name}:9292/versions && exit 0; "
            "sleep 0.25; done; exit 1"
        ],
        **condition,
    )


def balancer_step(step):
    lb = json.loads(os.environ["BENCH_LB"])
    lab = os.environ["GLANCE_PUSH_LAB"]
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "haproxy", "step.sh")
    with open(script, "rb") as handle:
        subprocess.run(
            ["ssh", "-o", "BatchMode=yes", "-o", f"UserKnownHostsFile={lb['known_hosts']}", "-i",
             os.path.join(lab, "client_key"), f"root@{lb['address']}", "sh", "-s", "--", step, lb["socket"],
             "glance_api", lb["servers"][host.name]],
            stdin=handle, check=True,
        )


if os.environ.get("BENCH_RESTART_ONLY") == "1":
    if os.environ.get("BENCH_LB"):
        python.call(name="drain", function=balancer_step, step="drain")
    sysvinit.service(name="restart glance-api", service="glance-api", restarted=True)
    wait_for_glance_api()
    if os.environ.get("BENCH_LB"):
        python.call(name="ready", function=balancer_step, step="ready")
else:
    apt.packages(name="glance-api package present", packages=["glance-api"])
    written = [
        files.template(
            name=f"{entry['path']}",
            src=os.path.join(bench["template_dir"], entry["template"]),
            dest=entry["path"],
            user=entry["owner"],
            group=entry["group"],
            mode=entry["mode"],
            ansible_host=host.name,
            flip=bench["flip"],
        )
        for entry in bench["glance_files"]
    ]
    if bench["manage_service"]:
        sysvinit.service(name="restart glance-api", service="glance-api", restarted=True, _if=any_changed(*written))
        wait_for_glance_api(_if=any_changed(*written))

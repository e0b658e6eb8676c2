# pyinfra inventory for benchmarks/compare.sh: the lab nodes in BENCH_HOSTS (comma-separated
# addresses), root with the lab's client key, host keys checked against the lab's known_hosts.
import os

_lab = os.environ["GLANCE_PUSH_LAB"]
_data = {
    "ssh_user": "root",
    "ssh_key": os.path.join(_lab, "client_key"),
    "ssh_known_hosts_file": os.path.join(_lab, "known_hosts"),
    "ssh_strict_host_key_checking": "yes",
}

controllers = [(address, dict(_data)) for address in os.environ["BENCH_HOSTS"].split(",")]

# Sourced by the scripts: glance-api brings /usr/bin/swift (OpenStack's Swift client), which
# shadows the toolchain's `swift`; put the toolchain first and call swift-build/swift-test.
if [ -d /opt/swift/usr/bin ]; then
  export PATH=/opt/swift/usr/bin:$PATH
fi
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export GLANCE_PUSH_LAB=${GLANCE_PUSH_LAB:-/tmp/glance-push-lab}

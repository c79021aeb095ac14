# Installs what Tandem's demo and tests use, from Debian's packages, if it is missing.
# Sourced by scripts/demo and scripts/test. Needs root (mounts, loop devices, FUSE).
TANDEM_PACKAGES=(nbdkit libnbd-bin fio qemu-utils fuse3 e2fsprogs xfsprogs util-linux procps mariadb-server python3-aiosmtpd iproute2 iputils-arping iputils-ping resource-agents)
# The systemd:UNIT agent's tests run a systemd user manager (PID 1 need not be systemd).
TANDEM_PACKAGES+=(systemd)

tandem_require_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "tandem: this needs root (it creates loop devices, FUSE mounts and filesystems); run it with sudo" >&2
    exit 1
  fi
}

tandem_install_deps() {
  local missing=()
  # Where the kernel has the nbd driver, /dev/tandem/RES is /dev/nbdN connected by nbd-client.
  if [ -d /sys/module/nbd ] && ! printf '%s\n' "${TANDEM_PACKAGES[@]}" | grep -qx nbd-client; then
    TANDEM_PACKAGES+=(nbd-client)
  fi
  for p in "${TANDEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
  command -v dotnet >/dev/null || { echo "tandem: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
  # The kernel side: FUSE (and loop) is how /dev/tandem/RES is served where there is no nbd driver.
  [ -e /dev/fuse ] || modprobe fuse 2>/dev/null || true
  [ -e /dev/loop-control ] || modprobe loop 2>/dev/null || true
}

# The lab (tandem lab): network namespaces, the CPU soak, and the benchmark against MariaDB.
TANDEM_PACKAGES+=(stress-ng sysbench)

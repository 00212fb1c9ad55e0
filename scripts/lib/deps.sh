# Shared helpers for the top-level scripts: make sure the machine has what kite needs.
# Sourced, not run. Every function is idempotent and quiet when nothing is missing.

# Node.js >= 20 with npm.
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    ensure_debs nodejs npm
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "kite needs Node.js >= 20; this machine has $(node --version)." >&2
    echo "Install Node.js 20 or newer (for example from nodejs.org) and run this again." >&2
    exit 1
  fi
}

# Debian packages, installed only when one of them is missing.
ensure_debs() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# npm dependencies exactly as locked; skipped when node_modules was installed after the last
# change to package-lock.json.
ensure_npm_deps() {
  if [ node_modules/.package-lock.json -nt package-lock.json ]; then
    return 0
  fi
  npm ci --no-audit --no-fund
}

# Shared by scripts/oesh, scripts/test and scripts/bench: installs the Debian packages oesh needs.
# Without root, says the exact command to run instead.

need_packages() {
  local missing=()
  command -v swift >/dev/null || { echo "oesh needs Swift 6 (https://swift.org/install)" >&2; exit 1; }
  dpkg -s libedit-dev >/dev/null 2>&1 || missing+=(libedit-dev)
  dpkg -s libsqlite3-dev >/dev/null 2>&1 || missing+=(libsqlite3-dev)
  dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
  dpkg -s libdeflate-dev >/dev/null 2>&1 || missing+=(libdeflate-dev)
  dpkg -s pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  for tool in "$@"; do
    case "$tool" in
      tmux) command -v tmux >/dev/null || missing+=(tmux) ;;
      sqlite3) command -v sqlite3 >/dev/null || missing+=(sqlite3) ;;
      unzip) command -v unzip >/dev/null || missing+=(unzip) ;;
      python3) command -v python3 >/dev/null || missing+=(python3) ;;
      time) [ -x /usr/bin/time ] || missing+=(time) ;;
      less) command -v less >/dev/null || missing+=(less) ;;
      hyperfine) command -v hyperfine >/dev/null || missing+=(hyperfine) ;;
    esac
  done
  echo "${missing[@]:-}"
}

ensure_packages() {
  local missing
  missing=$(need_packages "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "== installing: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq $missing >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "oesh needs these Debian packages: $missing" >&2
    echo "install them with:  sudo apt-get install $missing" >&2
    exit 1
  fi
}

# The release build: the Swift runtime linked statically and a non-PIE executable, so that start-up
# maps no Swift shared library and relocates almost nothing (measured in scripts/bench: about 20% less
# CPU at start than a default release build). lld ships with the Swift toolchain.
release_build() {
  swift build -c release --static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker --no-pie "$@"
}

#!/usr/bin/env bash
# Install everything the tests need, then run them. This is the README's test command.
#   bash scripts/test.sh                 # SQLite, plus PostgreSQL started by the tests themselves
#   TEST_DATABASE_URL=postgresql://user:pw@host/db bash scripts/test.sh   # every test on that server
# Extra arguments go to pytest (e.g. -k register, -m "not browser").
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)  # tests/deploy: the proxy in front of several app processes
command -v chromium >/dev/null 2>&1 || need+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "Noto Color Emoji" || need+=(fonts-noto-color-emoji)  # screenshots as a phone draws the job cards
if ((${#need[@]})); then
  echo "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt
python3 -m pytest "$@"

#!/bin/sh
# Installs the Debian packages that building and testing Randa need.
# Only what is missing is installed, so running it twice is cheap and safe.
set -eu

packages="
    build-essential
    pkg-config
    meson
    ninja-build
    clang-format
    sqlite3
    valgrind
    libsqlite3-dev
    libjansson-dev
    libcriterion-dev
"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
            grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing

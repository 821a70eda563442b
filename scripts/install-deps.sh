#!/bin/sh
# Installs the Debian packages that building and testing Randa need.
# Only what is missing is installed, so running it twice is cheap and safe.
# Then the npm packages of the tests, from the lockfile.
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
    libmicrohttpd-dev
    libsodium-dev
    curl
    wrk
    time
    coinor-cbc
    chromium
    clang
    libclang-rt-14-dev
    openssl
    libpq-dev
    postgresql-15
    postgresql-client-15
    libcairo2-dev
    libpango1.0-dev
    fonts-dejavu-core
    poppler-utils
    libcurl4-openssl-dev
    libzip-dev
    libexpat1-dev
    libxlsxwriter-dev
    libical-dev
    libssl-dev
    coinor-libclp-dev
"
# libcurl4-openssl-dev: the notifications' e-mail goes out through
# libcurl's SMTP client (src/notify/smtp.c), STARTTLS included.
# libpq-dev: the PostgreSQL store; postgresql-15: the throw-away
# server the tests run every suite against a second time
# (scripts/pg-test-cluster.sh).
# libcairo2-dev, libpango1.0-dev: the certificates' PDFs (src/doc/pdf.c);
# fonts-dejavu-core: a font with Swedish letters that fontconfig finds for
# them; poppler-utils: pdftotext and pdfinfo read the PDFs back in the tests.
# libzip-dev, libexpat1-dev: importing Excel workbooks (src/util/xlsx.c,
# issue 15): libzip opens the .xlsx archive from memory, expat reads its XML
# parts as a stream (both also for the fuzz target tests/fuzz/fuzz_import.c).
# libxlsxwriter-dev: the Excel exports (.xlsx, src/doc/xlsx.c), written by
# a well-kept library rather than our own zip and XML; libical-dev: the
# iCalendar feeds (src/doc/cal.c), which the unit tests also parse back.
# libssl-dev: OpenSSL's libcrypto checks the ID tokens' RS256 and ES256
# signatures of single sign-on (src/sso/jwt.c, issue 19).
# openssl: tests/api/tls.test.mjs makes a throw-away self-signed certificate
# with its command-line tool (and tries a TLS 1.1 hello with s_client).

# Node.js runs the API and browser tests. Machines that already have a node
# (for example from NodeSource) keep it; others get Debian's.
if ! command -v node >/dev/null 2>&1; then
    packages="$packages nodejs"
fi
if ! command -v npm >/dev/null 2>&1; then
    packages="$packages npm"
fi

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
            grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    echo "install-deps: installing$missing"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing
fi

# The test tools from npm, exactly as package-lock.json pins them. Nothing
# here downloads a browser: the tests drive Debian's /usr/bin/chromium.
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] ||
        [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "install-deps: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
fi

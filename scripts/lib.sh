# Shared set-up for scripts/run and scripts/test: Odoo source, system packages, a Python 3.11
# venv, and a PostgreSQL server. Every step is idempotent and skips itself when already done.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo-18.0}
CACHE=${BR_CACHE:-$HOME/.cache/beneficiary-relations}
VENV=${BR_VENV:-$CACHE/venv}
PY=$VENV/bin/python
mkdir -p "$CACHE"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

ensure_odoo_src() {
    [ -f "$ODOO_SRC/odoo/release.py" ] && return 0
    log "Odoo 18 source not found in $ODOO_SRC; trying the official 18.0 source"
    local tmp
    tmp=$(mktemp -d)
    if git clone -q --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$tmp/odoo" 2>/dev/null; then
        mkdir -p "$ODOO_SRC" && cp -a "$tmp/odoo/." "$ODOO_SRC/" && rm -rf "$tmp"
    else
        rm -rf "$tmp"
        die "no Odoo 18 source in ODOO_SRC=$ODOO_SRC and it cannot be downloaded here.
Unpack Odoo 18.0 there (see README.md, 'Odoo source') or set ODOO_SRC to its path."
    fi
}

ensure_system_packages() {
    # wkhtmltopdf prints Odoo's PDFs; fonts-noto-core gives them Arabic (Noto Naskh Arabic)
    # and Latin (Noto Sans) fonts; poppler-utils' pdftotext lets the tests read the PDFs.
    local wanted=(libldap2-dev libsasl2-dev libpq-dev chromium postgresql
        wkhtmltopdf fonts-noto-core poppler-utils)
    local missing=()
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing system packages: ${missing[*]} (install them)"
    log "installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

find_python311() {
    for candidate in python3.11 "$HOME/.pyenv/versions/3.11.7/bin/python3.11" /usr/bin/python3.11; do
        command -v "$candidate" >/dev/null 2>&1 && { command -v "$candidate"; return 0; }
    done
    die "Python 3.11 is required (install python3.11)"
}

ensure_venv() {
    local stamp="$VENV/.br-stamp"
    local want
    want=$(cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements.txt" | sha1sum | cut -c1-12)
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    log "building the Python venv in $VENV (first run only, a few minutes)"
    [ -x "$PY" ] || "$(find_python311)" -m venv "$VENV"
    local constraints="$CACHE/build-constraints.txt"
    echo "setuptools<70" > "$constraints"
    export PIP_CONSTRAINT="$constraints"
    "$PY" -m pip install -q --upgrade "pip<25" wheel
    "$PY" -m pip install -q -r "$ODOO_SRC/requirements.txt"
    "$PY" -m pip install -q -e "$ODOO_SRC" --config-settings editable_mode=compat
    unset PIP_CONSTRAINT
    "$PY" -m pip install -q -r "$ROOT/requirements.txt"
    echo "$want" > "$stamp"
}

ensure_rtlcss() {
    # Odoo turns its CSS right-to-left for Arabic with the rtlcss command; without it Arabic
    # pages keep the left-to-right layout.
    local bin="$CACHE/node/node_modules/.bin"
    export PATH="$bin:$PATH"
    command -v rtlcss >/dev/null && return 0
    if ! command -v npm >/dev/null; then
        command -v apt-get >/dev/null || die "rtlcss is needed for right-to-left pages: install npm"
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo=sudo
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq npm >/dev/null
    fi
    log "installing rtlcss (right-to-left CSS) in $CACHE/node"
    npm install --silent --no-fund --no-audit --prefix "$CACHE/node" rtlcss@4.3.0 >/dev/null
    command -v rtlcss >/dev/null || die "rtlcss could not be installed"
}

AXE_VERSION=4.10.2

ensure_axe() {
    # The accessibility checker the browser tests inject into the portal and public pages
    # (tests/test_accessibility_pages.py); pinned, installed beside rtlcss.
    local dir="$CACHE/node/node_modules/axe-core"
    [ -f "$dir/axe.min.js" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$dir/package.json" && return 0
    command -v npm >/dev/null || die "axe-core is needed for the accessibility tests: install npm"
    log "installing axe-core $AXE_VERSION (accessibility checks) in $CACHE/node"
    npm install --silent --no-fund --no-audit --save-exact --prefix "$CACHE/node" "axe-core@$AXE_VERSION" >/dev/null
    [ -f "$dir/axe.min.js" ] || die "axe-core could not be installed"
}

pg_answers() { pg_isready -q -h "$PGHOST" -p "$PGPORT" >/dev/null 2>&1; }

ensure_postgres() {
    export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
    export PGUSER=${PGUSER:-$(id -un)}
    [ "$PGUSER" = postgres ] && PGUSER=odoo
    if pg_answers && psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        return 0
    fi
    local bindir pgdata="$CACHE/pgdata" sockdir="$CACHE/pgsock"
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$bindir" ] || die "no PostgreSQL server answers on $PGHOST:$PGPORT and no server binaries are installed"
    export PGHOST=127.0.0.1 PGPORT=${BR_PGPORT:-55432}
    if ! pg_answers; then
        log "starting a private PostgreSQL cluster in $pgdata on port $PGPORT"
        local asuser=()
        if [ "$(id -u)" -eq 0 ]; then
            id br_pg >/dev/null 2>&1 || useradd --system --home "$CACHE" br_pg
            mkdir -p "$pgdata" "$sockdir" && chown br_pg "$pgdata" "$sockdir"
            asuser=(runuser -u br_pg --)
        fi
        mkdir -p "$pgdata" "$sockdir"
        [ -f "$pgdata/PG_VERSION" ] || "${asuser[@]}" "$bindir/initdb" -q -A trust -U "$PGUSER" -D "$pgdata"
        "${asuser[@]}" "$bindir/pg_ctl" -s -w -D "$pgdata" -l "$CACHE/pg.log" \
            -o "-p $PGPORT -k $sockdir -h 127.0.0.1" start
    fi
    psql -d postgres -Atc 'select 1' >/dev/null || die "PostgreSQL on $PGHOST:$PGPORT refuses role $PGUSER"
}

setup_all() {
    ensure_odoo_src
    ensure_system_packages
    ensure_venv
    ensure_rtlcss
    ensure_axe
    ensure_postgres
    export PATH="$VENV/bin:$PATH"
}

odoo_progress() {
    # Run Odoo (the arguments) at the info log level and show one line per step of building
    # the database: each module installed or upgraded, demo data, translations, the end; and
    # every warning or error (the first 300 characters). Fails when Odoo fails.
    "$@" --log-level=info 2>&1 | awk '
        function say(text) { printf "[setup]   %s\n", text; fflush() }
        / (WARNING|ERROR|CRITICAL) / { print substr($0, 1, 300); fflush(); next }
        /Loading module [^ ]+ \([0-9]+\/[0-9]+\)/ {
            match($0, /Loading module .*/); say("module " substr($0, RSTART + 15, RLENGTH - 15)); next
        }
        /Module [^ ]+: loading demo/ { match($0, /Module [^ :]+/); say("demo data of " substr($0, RSTART + 7, RLENGTH - 7)); next }
        /loading translation file .* for language/ {
            lang = $NF
            if (!(lang in seen)) { seen[lang] = 1; say("translations: " lang) }
            next
        }
        /Modules loaded\./ { say("modules loaded"); next }
        /Initiating shutdown/ { say("done"); next }
    '
}

odoo_args() {
    # The addon directory is the repository root; Odoo's own addons come from ODOO_SRC.
    local paths="$ODOO_SRC/odoo/addons"
    [ -d "$ODOO_SRC/addons" ] && paths="$ODOO_SRC/addons,$paths"
    echo --addons-path="$paths,$ROOT" \
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER"
}

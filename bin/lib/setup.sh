# Shared set-up for bin/run and bin/test. Sourced, not executed.
# Installs what is missing, never what is already there: apt packages, the virtual environment
# from requirements.lock, PostgreSQL and Redis (started when installed and stopped).

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mERRORE:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "serve l'utente root (o sudo) per installare: $*"; fi
}

# apt packages the application needs at run time (WeasyPrint, fonts, translations).
APP_PACKAGES=(python3 python3-venv gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-liberation2 poppler-utils)
# ...and what the test suite needs on top: the real services and a browser.
TEST_PACKAGES=(postgresql redis-server chromium)

ensure_apt_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "mancano ${missing[*]} e apt-get non è disponibile"
  log "installo i pacchetti di sistema: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The interpreter: the machine's python3.11 (Django 5.2 LTS; Debian 12 ships 3.11).
python_for_venv() {
  local candidate
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  die "serve Python 3.11 (python3.11)"
}

ensure_venv() {
  local stamp="$VENV/.lock-sha256" want
  want="$(sha256sum "$ROOT/requirements.lock" | cut -d' ' -f1)"
  if [ -x "$PY" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "preparo l'ambiente virtuale da requirements.lock"
  [ -x "$PY" ] || "$(python_for_venv)" -m venv "$VENV"
  # (grep drops the warnings this workplace's pip configuration prints about absent local indexes)
  "$PY" -m pip install -q --disable-pip-version-check --require-hashes -r "$ROOT/requirements.lock" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  echo "$want" > "$stamp"
}

compile_translations() {
  (cd "$ROOT" && "$PY" manage.py compilemessages -v 0 --ignore=.venv)
}

pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

ensure_postgres() {
  local host=127.0.0.1 port=5432 ver
  if pg_isready -q -h "$host" -p "$port" 2>/dev/null; then return 0; fi
  ver="$(pg_version)"
  [ -n "$ver" ] || die "PostgreSQL non è installato"
  [ -d "/etc/postgresql/$ver/main" ] || as_root pg_createcluster "$ver" main
  log "avvio PostgreSQL $ver"
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && return 0; sleep 1; done
  die "PostgreSQL non risponde su $host:$port"
}

# A fresh Debian cluster authenticates TCP users by password: give "postgres" the password the
# test settings use, through the local socket (peer authentication as the postgres user).
ensure_postgres_login() {
  if psql "postgres://postgres:postgres@127.0.0.1:5432/postgres" -qAtc 'select 1' >/dev/null 2>&1; then return 0; fi
  log "imposto la password dell'utente postgres per le connessioni TCP locali"
  as_root runuser -u postgres -- psql -qc "ALTER ROLE postgres PASSWORD 'postgres'" >/dev/null
  psql "postgres://postgres:postgres@127.0.0.1:5432/postgres" -qAtc 'select 1' >/dev/null \
    || die "non riesco a collegarmi a PostgreSQL come postgres su 127.0.0.1"
}

# The concurrency tests open 50 connections at once while the other test worker holds its own: the default limit
# of 100 is too tight, so the test run raises it (a restart of the cluster, once).
ensure_postgres_connections() {
  local wanted="${1:-300}" url="postgres://postgres:postgres@127.0.0.1:5432/postgres" have ver
  have="$(psql "$url" -qAtc 'show max_connections' 2>/dev/null || echo 0)"
  [ "$have" -ge "$wanted" ] && return 0
  log "PostgreSQL: porto max_connections da $have a $wanted"
  psql "$url" -qc "ALTER SYSTEM SET max_connections = $wanted" >/dev/null
  ver="$(pg_version)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main restart
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  die "PostgreSQL non risponde dopo il riavvio"
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then return 0; fi
  log "avvio Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/app.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && return 0; sleep 0.5; done
  die "Redis non risponde su 127.0.0.1:6379"
}

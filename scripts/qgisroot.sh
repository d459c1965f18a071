#!/usr/bin/env bash
# Run the CityHealth test suite on a newer QGIS inside a cached Debian root (chroot), one per generation.
#
#   scripts/qgisroot.sh 3.40 [pytest args ...]    QGIS 3.40 LTR, Debian 13 (trixie),     root $QGIS340_ROOT (.qgis340)
#   scripts/qgisroot.sh 3.44 [pytest args ...]    QGIS 3.44, Debian 14 (forky, testing), root $QGIS344_ROOT (.qgis344)
#   scripts/qgisroot.sh 3.44 --clean              unmounts what a killed run left and deletes that cached root
#                                                 (never delete it with a bare rm -rf while a run is going on)
#   scripts/qgisroot.sh 3.44 --ca-into DIR        writes into DIR the CA files the root would get (a test; no root)
#   scripts/qgisroot.sh --root-of 3.44            prints that root's folder
#   scripts/qgis340.sh [...] is `scripts/qgisroot.sh 3.40 [...]`.
#
# A root file system is built ONCE per generation and cached (git-ignored):
#   1. debootstrap --variant=minbase <suite> from the Debian mirror the host uses (override: DEBIAN_MIRROR=URL);
#      forky with bookworm's debootstrap: its sid script (debootstrap ... forky ROOT MIRROR .../scripts/sid),
#   2. that Debian's QGIS, pandas, openpyxl, shapely, pytest, CJK fonts, poppler-utils, pylupdate5 inside,
#   3. a --system-site-packages venv (/opt/cityhealth-venv) with the pinned test tools of requirements-dev.txt
#      (pytest, pytest-qgis, python-calamine, pytest-timeout, hypothesis; never numpy: Debian's numpy 2 stays).
# Machines behind a TLS proxy: a CA bundle named by PIP_CERT / REQUESTS_CA_BUNDLE (and the host's own additions
# in /usr/local/share/ca-certificates) is trusted besides the system store: by debootstrap's wget on the host,
# and inside the root (/usr/local/share/ca-certificates/cityhealth-host/, update-ca-certificates, apt, and
# pip through PIP_CERT=/etc/ssl/certs/ca-certificates.crt). See ca_bundles / ca_install_into below.
# Each stage writes a stamp only when it succeeded; the file "complete" is written last. A root whose
# debootstrap did not finish is wiped and rebuilt; a later stage that did not finish is run again.
# Every run copies the work tree (without .git, .venv, roots, caches) to /src inside, so QGIS settings
# (.qgis-settings, .qgis-profile) and byte code of the chroot run never mix with the host's.
# /proc, /sys and /dev are mounted only while installing or running and are always unmounted (trap).
# Only one run at a time uses a root (flock on <root>/.lock); the two generations can run one after the other.
# Exit status: non-zero, with a loud message, when the root cannot be built or a test fails.
# The last run's one-line result is written to <root>/last-run.txt (for the summary of make test).
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT_OF=0
if [ "${1:-}" = "--root-of" ]; then ROOT_OF=1; shift; fi   # prints the root's folder (for make test's summary)
GEN=${1:-}
case "$GEN" in
  3.40) BASE=${QGIS340_ROOT:-$REPO/.qgis340}; SUITE=trixie; DEBIAN="Debian 13 trixie" ;;
  3.44) BASE=${QGIS344_ROOT:-$REPO/.qgis344}; SUITE=forky;  DEBIAN="Debian 14 forky" ;;
  *) echo "usage: scripts/qgisroot.sh 3.40|3.44 [--clean | --ca-into DIR | pytest args ...]" >&2; exit 2 ;;
esac
shift
if [ "$ROOT_OF" = 1 ]; then echo "$BASE"; exit 0; fi
WANT_QGIS=$GEN
NAME=qgis${GEN/./}          # qgis340, qgis344: messages, pytest's basetemp
# Environment variables handed to the test run inside when they are set outside (env -i drops the rest).
PASS_ENV=(CITYHEALTH_TEST_PG)
VENV=/opt/cityhealth-venv
PACKAGES=(qgis python3-qgis qgis-providers python3-pandas python3-openpyxl python3-shapely
          python3-pytest python3-pip python3-venv fonts-noto-cjk fonts-wqy-microhei poppler-utils ca-certificates
          pyqt5-dev-tools qttools5-dev-tools)   # pylupdate5 (tests/test_i18n.py) and lrelease
TEST_TOOLS=(pytest pytest-qgis python-calamine pytest-timeout hypothesis)     # pins are read from requirements-dev.txt
CHROOT_PATH=$VENV/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
STAGE="start"
T0=$SECONDS

say() { echo "$NAME: $*"; }
loud() {
  echo "" >&2
  echo "################################################################################" >&2
  for line in "$@"; do echo "### $NAME: $line" >&2; done
  echo "################################################################################" >&2
}
die() { loud "$@"; exit 1; }

# ---------------------------------------------------------------- CA bundles (TLS proxies) --
# The bundles to trust besides the system store: PIP_CERT, REQUESTS_CA_BUNDLE, and what the host added to its
# own store (/usr/local/share/ca-certificates; CITYHEALTH_LOCAL_CA_DIR for tests). One path per line, each
# file once; a named file that does not exist is reported and left out.
ca_bundles() {
  local f seen=" " real
  {
    for f in "${PIP_CERT:-}" "${REQUESTS_CA_BUNDLE:-}"; do
      [ -n "$f" ] || continue
      if [ -f "$f" ]; then echo "$f"; else say "WARNING: CA bundle $f (PIP_CERT / REQUESTS_CA_BUNDLE) does not exist; ignored" >&2; fi
    done
    find "${CITYHEALTH_LOCAL_CA_DIR:-/usr/local/share/ca-certificates}" -name '*.crt' -type f 2>/dev/null | sort
  } | while read -r f; do
    real=$(readlink -f "$f")
    case "$seen" in *" $real "*) continue ;; esac
    seen="$seen$real "
    echo "$f"
  done
}
# Writes the certificates of ca_bundles into the root file system $1, one file per certificate (named by its
# checksum, so a certificate in two bundles is written once) in /usr/local/share/ca-certificates/cityhealth-host/,
# which update-ca-certificates (and the ca-certificates package's postinst) add to the root's store; and
# /etc/ssl/cityhealth-host-ca.pem = the host's system store + those certificates, for apt before the root
# has a store of its own (Acquire::https::CAInfo) and for debootstrap's wget on the host. Prints the count.
CA_HOST_PEM=/etc/ssl/cityhealth-host-ca.pem
ca_install_into() {
  local rfs=$1 dest bundle part n
  dest=$rfs/usr/local/share/ca-certificates/cityhealth-host
  rm -rf "$dest" "$rfs$CA_HOST_PEM" "$rfs/etc/apt/apt.conf.d/60cityhealth-host-ca"
  mkdir -p "$dest" "$rfs/etc/ssl" "$rfs/etc/apt/apt.conf.d"
  while read -r bundle; do
    tr -d '\r' <"$bundle" | awk -v dest="$dest" '
      /-----BEGIN CERTIFICATE-----/ { inside = 1; count++; file = sprintf("%s/part-%06d.pem", dest, count) }
      inside { print > file }
      /-----END CERTIFICATE-----/ && inside { inside = 0; close(file) }'
    for part in "$dest"/part-*.pem; do
      [ -e "$part" ] || continue
      n=$(sha256sum "$part" | cut -c1-16)
      mv -f "$part" "$dest/$n.crt"
    done
  done < <(ca_bundles)
  n=$(find "$dest" -name '*.crt' | wc -l)
  if [ "$n" = 0 ]; then
    rmdir "$dest"
  else
    { [ -f /etc/ssl/certs/ca-certificates.crt ] && cat /etc/ssl/certs/ca-certificates.crt
      find "$dest" -name '*.crt' | sort | xargs cat; } >"$rfs$CA_HOST_PEM"
    echo "Acquire::https::CAInfo \"$CA_HOST_PEM\";" >"$rfs/etc/apt/apt.conf.d/60cityhealth-host-ca"
  fi
  echo "$n"
}
if [ "${1:-}" = "--ca-into" ]; then   # for tests: what the root would get, written into the folder $2; no root needed
  [ -n "${2:-}" ] || { echo "usage: scripts/qgisroot.sh $GEN --ca-into DIR" >&2; exit 2; }
  ca_bundles | sed "s/^/$NAME: CA bundle: /"
  echo "$NAME: certificates: $(ca_install_into "$2")"
  exit 0
fi

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot and mount need it)" \
  "QGIS $WANT_QGIS tests were NOT run."

mkdir -p "$BASE"
BASE=$(cd "$BASE" && pwd)
RFS=$BASE/rootfs

# ---------------------------------------------------------------- mounts (always undone) -----
MOUNTED=()
HAVE_LOCK=0
mounts_under() {   # mount points at or below $1, deepest first
  awk -v p="$1" '{ m = $5; gsub(/\\040/, " ", m); if (m == p || index(m, p "/") == 1) print m }' \
    /proc/self/mountinfo | sort -r
}
unmount_all() {
  local m
  while read -r m; do
    [ -n "$m" ] || continue
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || echo "$NAME: WARNING: could not unmount $m" >&2
  done < <(mounts_under "$RFS")
  MOUNTED=()
}
mount_system() {
  local d
  for d in proc sys dev; do mkdir -p "$RFS/$d"; done
  mount -t proc proc "$RFS/proc";                                      MOUNTED+=("$RFS/proc")
  mount --rbind /sys "$RFS/sys" && mount --make-rslave "$RFS/sys";     MOUNTED+=("$RFS/sys")
  mount --rbind /dev "$RFS/dev" && mount --make-rslave "$RFS/dev";     MOUNTED+=("$RFS/dev")
}
# shellcheck disable=SC2317  # invoked by the EXIT trap
on_exit() {
  local rc=$?
  trap - EXIT
  [ "$HAVE_LOCK" = 1 ] || exit "$rc"   # mounts belong to the run that holds the lock
  [ -d "$RFS" ] && unmount_all
  if [ -n "$(mounts_under "$RFS")" ]; then
    loud "WARNING: mounts left under $RFS; unmount them before deleting it:" "$(mounts_under "$RFS" | tr '\n' ' ')"
  fi
  if [ "$rc" != 0 ] && [ "$STAGE" != "tests" ] && [ "$STAGE" != "done" ]; then
    loud "FAILED while: $STAGE (exit $rc)." \
      "The $DEBIAN root with QGIS $WANT_QGIS could not be built or entered," \
      "so the suite did NOT run on QGIS $WANT_QGIS. This is a failure, not a skip." \
      "Root: $RFS   (scripts/qgisroot.sh $GEN --clean forces a full rebuild)"
    echo "QGIS $WANT_QGIS ($DEBIAN chroot): NOT RUN, failed while: $STAGE" >"$BASE/last-run.txt"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Only one run at a time uses the root.
exec 9>"$BASE/.lock"
if ! flock -n 9; then
  say "another run holds $BASE/.lock; waiting for it"
  flock 9
fi
HAVE_LOCK=1
# Stale mounts from a run that was killed hard (SIGKILL) are removed before anything else.
[ -d "$RFS" ] && unmount_all
rm -f "$BASE/last-run.txt"

if [ "${1:-}" = "--clean" ]; then
  STAGE="done"
  if [ -n "$(mounts_under "$RFS")" ]; then die "refusing to delete $RFS: something is still mounted there"; fi
  say "deleting $BASE"
  rm -rf --one-file-system "$RFS"
  rm -rf "$BASE"/stamp-* "$BASE"/complete "$BASE"/*.log "$BASE"/versions.txt "$BASE"/ca
  exit 0
fi

# Runs a command inside the root with a clean environment (no host pip/python settings leak in).
in_root() {
  env -i HOME=/root PATH="$CHROOT_PATH" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM="${TERM:-dumb}" \
    DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_CONFIG_FILE=/dev/null \
    PYTHONNOUSERSITE=1 ${EXTRA_ENV[@]+"${EXTRA_ENV[@]}"} \
    /usr/sbin/chroot "$RFS" "$@"
}
EXTRA_ENV=()

# ---------------------------------------------------------------- what to build -------------
host_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  /usr/bin/python3 - <<'EOF'
import glob, re
codename = ""
for line in open("/etc/os-release", encoding="utf-8"):
    if line.startswith("VERSION_CODENAME="):
        codename = line.split("=", 1)[1].strip().strip('"')
found = []
one_line = ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list"))
for path in one_line:
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        continue
    for line in text.splitlines():
        m = re.match(r"\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", line)
        if m and m.group(2) == codename:
            found.append(m.group(1))
for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    text = open(path, encoding="utf-8").read()
    for para in re.split(r"\n\s*\n", text):
        fields = {}
        for line in para.splitlines():
            if line.startswith("#") or ":" not in line or line[:1].isspace():
                continue
            key, value = line.split(":", 1)
            fields[key.strip().lower()] = value.split()
        if "deb" not in fields.get("types", []) or fields.get("enabled", ["yes"])[0].lower() == "no":
            continue
        if codename in fields.get("suites", []):
            found.extend(fields.get("uris", []))
print(found[0] if found else "")
EOF
}

req_pins() {   # the requirements-dev.txt lines of the test tools (pytest==x, ...), in a stable order
  local tool line
  for tool in "${TEST_TOOLS[@]}"; do
    line=$(grep -iE "^${tool}([=<>~! ;\[]|$)" "$REPO/requirements-dev.txt" | head -1 || true)
    echo "${line:-$tool}"
  done
}

MIRROR=$(host_mirror)
if [ -z "$MIRROR" ]; then
  MIRROR=http://deb.debian.org/debian
  say "WARNING: no Debian mirror found in /etc/apt/sources.list*, using $MIRROR"
fi
mapfile -t PINS < <(req_pins)
ROOT_KEY=$(printf '%s\n' "$SUITE" "$MIRROR" "${PACKAGES[@]}" | sha256sum | cut -d' ' -f1)
VENV_KEY=$(printf '%s\n' "$ROOT_KEY" "${PINS[@]}" | sha256sum | cut -d' ' -f1)

stamp_ok() { [ -f "$BASE/$1" ] && [ "$(cat "$BASE/$1")" = "$2" ]; }

# ---------------------------------------------------------------- build (once) --------------
build_root() {
  local t
  if ! stamp_ok stamp-debootstrap "$SUITE $MIRROR"; then
    STAGE="debootstrap $SUITE from $MIRROR"
    rm -f "$BASE/complete" "$BASE"/stamp-*
    unmount_all
    if [ -n "$(mounts_under "$RFS")" ]; then die "refusing to delete $RFS: something is still mounted there"; fi
    if [ -e "$RFS" ]; then say "removing a half-built or outdated root $RFS"; rm -rf --one-file-system "$RFS"; fi
    if ! command -v debootstrap >/dev/null; then
      say "installing debootstrap on the host"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap \
        || { DEBIAN_FRONTEND=noninteractive apt-get update -q && \
             DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap; }
    fi
    # bookworm's debootstrap has no script for forky (Debian 14, testing): its sid script serves.
    local script=/usr/share/debootstrap/scripts/$SUITE
    [ -f "$script" ] || script=/usr/share/debootstrap/scripts/sid
    [ -f "$script" ] || die "this debootstrap knows neither $SUITE nor sid"
    say "debootstrap --variant=minbase $SUITE $RFS $MIRROR $script"
    t=$SECONDS
    local keyring=() wgetrc
    [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] \
      && keyring=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
    # debootstrap downloads with the host's wget: it trusts the host's store and, if any, the given bundles.
    wgetrc=$(mktemp)
    mkdir -p "$BASE/ca" && [ "$(ca_install_into "$BASE/ca")" != 0 ] \
      && echo "ca_certificate = $BASE/ca$CA_HOST_PEM" >"$wgetrc"
    WGETRC=$wgetrc debootstrap --variant=minbase "${keyring[@]}" "$SUITE" "$RFS" "$MIRROR" "$script" \
      >"$BASE/debootstrap.log" 2>&1 \
      || { rm -f "$wgetrc"; tail -30 "$BASE/debootstrap.log" >&2; die "debootstrap failed (log: $BASE/debootstrap.log)"; }
    rm -f "$wgetrc"
    unmount_all   # debootstrap may leave its own /proc mount behind on some hosts
    say "debootstrap took $((SECONDS - t)) s"
    echo "$SUITE $MIRROR" >"$BASE/stamp-debootstrap"
  fi

  if ! stamp_ok stamp-packages "$ROOT_KEY"; then
    STAGE="apt-get install inside the $SUITE root"
    rm -f "$BASE/complete" "$BASE/stamp-packages" "$BASE/stamp-venv"
    t=$SECONDS
    # No docs/man pages/translations of tools, no services started inside, host DNS.
    cat >"$RFS/etc/dpkg/dpkg.cfg.d/01-cityhealth-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
EOF
    printf '#!/bin/sh\nexit 101\n' >"$RFS/usr/sbin/policy-rc.d"; chmod +x "$RFS/usr/sbin/policy-rc.d"
    echo "deb $MIRROR $SUITE main" >"$RFS/etc/apt/sources.list"
    # testing's Release file is valid for a week only (stable's has no end): a mirror or snapshot a few weeks
    # old would be refused as "expired". The signatures are still checked.
    if [ "$SUITE" != trixie ]; then
      echo 'Acquire::Check-Valid-Until "false";' >"$RFS/etc/apt/apt.conf.d/60cityhealth-valid-until"
    fi
    cp -L /etc/resolv.conf "$RFS/etc/resolv.conf" 2>/dev/null || true
    say "CA certificates added to the root's store: $(ca_install_into "$RFS")"
    mount_system
    in_root dpkg --configure -a
    in_root apt-get -q update
    say "apt-get install ${PACKAGES[*]} (inside $SUITE)"
    in_root apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${PACKAGES[@]}" \
      >"$BASE/apt.log" 2>&1 || { tail -40 "$BASE/apt.log" >&2; die "apt-get install inside failed (log: $BASE/apt.log)"; }
    in_root apt-get clean
    unmount_all
    say "packages inside took $((SECONDS - t)) s"
    echo "$ROOT_KEY" >"$BASE/stamp-packages"
  fi

  if ! stamp_ok stamp-venv "$VENV_KEY"; then
    STAGE="venv with ${PINS[*]} inside the $SUITE root"
    rm -f "$BASE/complete" "$BASE/stamp-venv"
    t=$SECONDS
    rm -rf "${RFS:?}$VENV"
    mount_system
    # The root's store (Debian's + the bundles of ca_bundles, written again in case they changed) for pip.
    say "CA certificates added to the root's store: $(ca_install_into "$RFS")"
    in_root update-ca-certificates >/dev/null
    EXTRA_ENV=(PIP_CERT=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt)
    in_root /usr/bin/python3 -m venv --system-site-packages "$VENV"
    # No constraints file: numpy is never installed here, Debian's numpy 2 is what users have.
    in_root "$VENV/bin/pip" install -q "${PINS[@]}" >"$BASE/pip.log" 2>&1 \
      || { tail -30 "$BASE/pip.log" >&2; die "pip install inside failed (log: $BASE/pip.log)"; }
    EXTRA_ENV=()
    unmount_all
    say "venv inside took $((SECONDS - t)) s"
    echo "$VENV_KEY" >"$BASE/stamp-venv"
  fi

  if ! stamp_ok complete "$VENV_KEY"; then
    STAGE="checking QGIS inside the $SUITE root"
    local qv
    mount_system
    qv=$(in_root "$VENV/bin/python" -c "from qgis.core import Qgis; print(Qgis.QGIS_VERSION)" 2>/dev/null | tail -1)
    unmount_all
    case "$qv" in
      "$WANT_QGIS".*) ;;
      *) die "the $SUITE root has QGIS '${qv:-none}', not $WANT_QGIS" ;;
    esac
    echo "$VENV_KEY" >"$BASE/complete"
    say "root complete: $RFS ($(du -sh --one-file-system "$RFS" | cut -f1)), built in $((SECONDS - T0)) s"
  fi
}

if stamp_ok complete "$VENV_KEY"; then
  say "reusing the cached $SUITE root $RFS"
else
  say "building the $DEBIAN root under $RFS (once; cached)"
  build_root
fi
BUILD_S=$((SECONDS - T0))

# ---------------------------------------------------------------- run the suite -------------
STAGE="copying the work tree to /src inside"
[ -f "$REPO/cityhealth_plugin/i18n/cityhealth_zh_CN.qm" ] \
  || say "WARNING: cityhealth_zh_CN.qm is missing (it is committed; 'make qm' compiles it from the .ts)"
if mountpoint -q "$RFS/src" 2>/dev/null; then die "$RFS/src is a mount point; refusing to replace it"; fi
rm -rf --one-file-system "$RFS/src"
mkdir -p "$RFS/src"
excludes=(--exclude=./.git --exclude=./.venv --exclude=./.qgis340 --exclude=./.qgis344 --exclude=./.qgis-settings
          --exclude=./.qgis-profile --exclude=./out --exclude=./dist --exclude=__pycache__
          --exclude=.pytest_cache --exclude=.ruff_cache --exclude=./.pgtest --exclude=./.venv-esda --exclude=./.hypothesis)
case "$BASE/" in "$REPO"/*) excludes+=("--exclude=./${BASE#"$REPO"/}") ;; esac
tar -C "$REPO" "${excludes[@]}" -cf - . | tar -C "$RFS/src" -xf -

STAGE="starting QGIS inside the $SUITE root"
mount_system
EXTRA_ENV=(QT_QPA_PLATFORM=offscreen PYTHONPATH=/usr/share/qgis/python/plugins:/src
           QGIS_CUSTOM_CONFIG_PATH=/src/.qgis-profile QGIS_PLUGINPATH=/src FC_LANG=zh-cn)
for var in "${PASS_ENV[@]}"; do
  [ -n "${!var+set}" ] && EXTRA_ENV+=("$var=${!var}")
done
VERSIONS=$(in_root "$VENV/bin/python" - <<'EOF'
import platform
from importlib.metadata import version
from qgis.core import Qgis
parts = ["QGIS " + Qgis.QGIS_VERSION, "Python " + platform.python_version()]
for dist in ("pandas", "numpy", "shapely", "openpyxl", "python-calamine", "pytest", "pytest-qgis"):
    try:
        parts.append("%s %s" % (dist, version(dist)))
    except Exception:
        parts.append("%s missing" % dist)
print(", ".join(parts))
EOF
) || die "QGIS does not start inside $RFS"
QGIS_VERSION=${VERSIONS%%,*}
echo "$VERSIONS" >"$BASE/versions.txt"
say "running the suite on $VERSIONS"

STAGE="tests"
T1=$SECONDS
set +e
in_root /bin/sh -c 'cd /src && exec python -m pytest --basetemp=/tmp/pytest-$0 "$@"' "$NAME" "$@"
RC=$?
set -e
unmount_all
RUN_S=$((SECONDS - T1))

if [ "$RC" = 0 ]; then RESULT="passed"; else RESULT="FAILED (pytest exit $RC)"; fi
echo "$QGIS_VERSION ($DEBIAN chroot): $RESULT, tests ${RUN_S} s" >"$BASE/last-run.txt"
if [ "$RC" = 0 ]; then
  STAGE="done"
  say "PASSED on $QGIS_VERSION ($DEBIAN chroot; root ready in ${BUILD_S} s, tests ${RUN_S} s)"
else
  loud "FAILED on $QGIS_VERSION ($DEBIAN chroot): pytest exit $RC, tests ${RUN_S} s" \
    "versions: $VERSIONS" "re-run: scripts/qgisroot.sh $GEN [pytest args]"
fi
exit "$RC"

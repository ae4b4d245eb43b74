#!/usr/bin/env bash
# Builds RecordsDesk for Linux: a one-folder bundle (PyInstaller) and, with --deb, a Debian package.
#
#   bash installer/build.sh [--deb] [--out DIR]
#
# The bundle is built in a virtual environment made from installer/requirements.lock (exact
# versions, every file checked against its sha256: pip --require-hashes), never from a developer's
# .venv. RECORDSDESK_BUILD_CACHE=FOLDER keeps that environment in FOLDER/venv-<lock hash> for the
# next build (builds sharing it take turns); RECORDSDESK_BUILD_VENV names it outright.
# Output (default DIR: installer/out):
#   DIR/dist/recordsdesk/                  the bundle: run DIR/dist/recordsdesk/recordsdesk
#   DIR/recordsdesk_VERSION_amd64.deb      with --deb: installs under /opt/recordsdesk
# One line per step; the tools' own output goes to DIR/build.log.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

make_deb=0
out="$here/installer/out"
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) make_deb=1 ;;
    --out) out=$(mkdir -p "$2" && cd "$2" && pwd); shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "build: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
log="$out/build.log"
: > "$log"
fail() { tail -n 25 "$log" >&2; echo "build: $1 failed (full log: $log)" >&2; exit 1; }

py=${PYTHON:-python3.11}
command -v "$py" >/dev/null || py=python3
lock_hash=$(sha1sum installer/requirements.lock | cut -c1-12)
venv=$out/venv
[ -n "${RECORDSDESK_BUILD_CACHE:-}" ] && venv=$RECORDSDESK_BUILD_CACHE/venv-$lock_hash
venv=${RECORDSDESK_BUILD_VENV:-$venv}
mkdir -p "$(dirname "$venv")"
# One build at a time in an environment: RecordsDesk is installed into it below.
exec 9>"$venv.lock"
flock 9
if [ ! -f "$venv/.lock-$lock_hash" ]; then
  echo "build: making the build environment from installer/requirements.lock (hashes checked)"
  rm -rf "$venv"
  # Python's own pip (no unpinned upgrade); every package from the lock, each file's hash checked.
  { "$py" -m venv "$venv" \
      && "$venv/bin/python" -m pip install -q --require-hashes \
           -r installer/requirements.lock \
      && "$venv/bin/python" -m pip check; } >>"$log" 2>&1 \
    || fail "pip install of the lock file"
  touch "$venv/.lock-$lock_hash"
else
  echo "build: build environment up to date ($venv)"
fi

echo "build: installing RecordsDesk into it"
# A wheel from a copy of the tree: no build/ or egg-info left in the checkout.
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
tar -C "$here" --exclude=.venv --exclude=./installer/out --exclude=.git -cf - \
  pyproject.toml setup.py README.md recordsdesk resources | tar -C "$src" -xf -
"$venv/bin/python" -m pip install -q --no-deps --force-reinstall "$src" >>"$log" 2>&1 \
  || fail "pip install of RecordsDesk"
version=$("$venv/bin/python" -c "import recordsdesk; print(recordsdesk.__version__)")

echo "build: freezing with PyInstaller (one folder)"
rm -rf "$out/dist/recordsdesk"
(cd "$out" && "$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$out/dist" --workpath "$out/work" "$here/installer/recordsdesk.spec") >>"$log" 2>&1 \
  || fail "PyInstaller"
size=$(du -sm "$out/dist/recordsdesk" | cut -f1)
echo "build: bundle $out/dist/recordsdesk ($size MB, version $version)"

if [ "$make_deb" = 1 ]; then
  bash installer/linux/make-deb.sh "$out/dist/recordsdesk" "$version" "$out" >>"$log" 2>&1 \
    || fail "the Debian package"
  echo "build: package $out/recordsdesk_${version}_amd64.deb"
fi

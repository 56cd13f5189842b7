#!/usr/bin/env bash
# Install what site_gen needs on a Debian machine with Python 3.11 (run as root, or with sudo).
#   bash scripts/install.sh          # to build the site and its PDF annexes
#   bash scripts/install.sh --test   # also what the test suite needs (browser, validators)
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_packages=(fonts-noto-cjk fonts-dejavu-core fontconfig poppler-utils libpango-1.0-0 libpangoft2-1.0-0)
if [ "$want_test" = 1 ]; then
  apt_packages+=(chromium default-jre-headless)
fi

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# Java 17 may already be there without the Debian package: then it is not needed.
if [ "$want_test" = 1 ] && command -v java >/dev/null 2>&1; then
  missing=("${missing[@]/default-jre-headless}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# GB/T 9704 faces for the PDF annexes: the Fandol fonts (仿宋, 黑体, 宋体, 楷体; GPL with the
# font exception) ship only inside Debian's TeX Live Chinese package, which pulls in TeX Live;
# take the font files out of the package instead of installing it.
fandol_dir=/usr/local/share/fonts/fandol
# (read the list whole: with pipefail, `grep -q` quitting early fails fc-list with SIGPIPE)
if [[ "$(fc-list : family 2>/dev/null || true)" != *FandolFang* ]]; then
  echo "installing the Fandol fonts into $fandol_dir"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  [ ${#missing[@]} -gt 0 ] || $SUDO apt-get update -qq
  (cd "$work" && apt-get download -qq texlive-lang-chinese 2>/dev/null)
  dpkg-deb --fsys-tarfile "$work"/texlive-lang-chinese_*.deb \
    | tar -x -C "$work" --wildcards './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol[FHSK]*.otf' \
      './usr/share/doc/texlive-doc/fonts/fandol/*'
  $SUDO mkdir -p "$fandol_dir"
  $SUDO cp "$work"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf "$work"/usr/share/doc/texlive-doc/fonts/fandol/* "$fandol_dir"/
  $SUDO fc-cache -f "$fandol_dir" >/dev/null
fi

# constraints.txt pins every dependency to the versions tested (scripts/lock.py writes it)
python3 -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[test]" 2>&1 | grep -v -E "^WARNING: (Running pip as|Location)" || true

if [ "$want_test" = 1 ]; then
  # The Nu HTML validator and axe-core, pinned in package-lock.json.
  if [ ! -d node_modules/vnu-jar ] || [ ! -d node_modules/axe-core ]; then
    npm ci --silent --no-audit --no-fund >/dev/null
  fi
fi

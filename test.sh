#!/usr/bin/env bash
# The README's test command: installs what the tests need from Debian's packages where it can, then runs every test
# (mvn -B verify; extra arguments are passed to Maven). CI's .ci/run calls this same script.
#
# Needed: chromium and chromium-driver (browser tests drive Debian's Chromium through Selenium; tools that download
# their own browser cannot work here), nodejs and npm (the independent JavaScript clients). Used where present:
# postgresql (the tests start a throwaway cluster of their own from its binaries) and haproxy (the two-node tests);
# without them those tests are skipped, unless SMART_TEST_POSTGRES=required (CI) makes their absence a failure.
set -euo pipefail
cd "$(dirname "$0")"

required=()
optional=()
command -v chromium >/dev/null 2>&1 || required+=(chromium)
command -v chromedriver >/dev/null 2>&1 || required+=(chromium-driver)
command -v node >/dev/null 2>&1 || required+=(nodejs)
command -v npm >/dev/null 2>&1 || required+=(npm)
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || optional+=(postgresql)
[ -x /usr/sbin/haproxy ] || optional+=(haproxy)
missing=("${required[@]}" "${optional[@]}")

if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as_root=(sudo)
    else
      as_root=(none)
    fi
  fi
  if [ "${as_root[*]}" = "none" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: cannot install ${missing[*]} (needs root or passwordless sudo on Debian)." >&2
    if [ ${#required[@]} -gt 0 ]; then
      echo "test.sh: the browser and JavaScript tests need: apt-get install ${required[*]}" >&2
      exit 1
    fi
    echo "test.sh: running without ${optional[*]}: the PostgreSQL and two-node tests are skipped." >&2
  else
    echo "test.sh: installing ${missing[*]} from Debian's packages"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # Debian's postgresql package creates and starts a default cluster and haproxy's may start its service; the
    # tests start and stop what they need themselves, so nothing installed here keeps running.
    if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_lsclusters >/dev/null 2>&1; then
      pg_lsclusters --no-header | awk '$4 == "online" {print $1, $2}' | while read -r version cluster; do
        "${as_root[@]}" pg_ctlcluster "$version" "$cluster" stop
      done
    fi
    if [[ " ${missing[*]} " == *" haproxy "* ]]; then
      "${as_root[@]}" service haproxy stop >/dev/null 2>&1 || true
    fi
  fi
fi

# npm ci in src-test/js runs inside the build when node_modules is missing.
exec mvn -B verify "$@"

#!/usr/bin/env bash
# QGIS 3.40 LTR (Debian 13 trixie chroot): the same as `scripts/qgisroot.sh 3.40 [args]`; see that script.
exec "$(dirname "${BASH_SOURCE[0]}")/qgisroot.sh" 3.40 "$@"

#!/usr/bin/env bash
# Build rule: the compile-only CDT core (io.joern re-release wrapped as org.eclipse.cdt.core) must never reach a
# shipped artifact; the IDE that installs Prunus supplies the real CDT. Checks the update site zip and the product.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
site_zip=$(ls "$root"/releng/dev.prunus.repository/target/*.zip 2>/dev/null | head -1 || true)
product="$root/releng/dev.prunus.product/target/products/dev.prunus.workbench"
status=0
[ -n "$site_zip" ] || { echo "check-shipped: no update site zip; build first" >&2; exit 1; }
[ -d "$product" ] || { echo "check-shipped: no product folder; build first" >&2; exit 1; }
if unzip -l "$site_zip" | grep -E "org\.eclipse\.cdt\.|eclipse-cdt-core|io\.joern" ; then
  echo "check-shipped: the update site contains CDT bundles (above); they must come from the user's IDE" >&2
  status=1
fi
if find "$product" -iname '*cdt*' -o -iname '*joern*' | grep . ; then
  echo "check-shipped: the product contains CDT bundles (above)" >&2
  status=1
fi
[ $status -eq 0 ] && echo "check-shipped: no CDT bundle in $(basename "$site_zip") nor in the product"
exit $status

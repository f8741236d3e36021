#!/bin/sh
# Copy the front-end libraries from node_modules/ (after `npm ci`) into static/vendor/.
# `make vendor` and the Dockerfile both run this one script, so what the site serves cannot drift
# between a laptop, CI and the image. Each file's source map comes with it: the manifest storage of
# collectstatic rewrites `sourceMappingURL` comments and fails the build when the map is missing.
set -eu
cd "$(dirname "$0")/.."
MODULES=node_modules
TARGET=static/vendor

# destination folder (under static/vendor/) and the file in node_modules/ it gets
FILES="
bootstrap bootstrap/dist/css/bootstrap.min.css
bootstrap bootstrap/dist/js/bootstrap.bundle.min.js
chartjs chart.js/dist/chart.umd.min.js
axe-core axe-core/axe.min.js
jquery-ui jquery-ui/dist/jquery-ui.min.js
"

copy_with_map() {  # copy_with_map FOLDER SOURCE
  folder=$TARGET/$1
  source=$MODULES/$2
  mkdir -p "$folder"
  cp "$source" "$folder/"
  # The last sourceMappingURL comment names a map beside the file (data: URLs need no copy).
  map=$(grep -o 'sourceMappingURL=[^ *"]*' "$source" | tail -n 1 | cut -d= -f2-)
  case "$map" in
    "" | data:*) ;;
    */*) echo "vendor.sh: $source points to a map outside its folder: $map" >&2; exit 1 ;;
    *) cp "$(dirname "$source")/$map" "$folder/" ;;
  esac
}

rm -rf "$TARGET"
echo "$FILES" | while read -r folder file; do
  if [ -n "$folder" ]; then copy_with_map "$folder" "$file"; fi
done
touch "$TARGET/.installed"

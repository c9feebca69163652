#!/bin/sh
# `npm run lint`'s PHP part: php -l on every file of the companion plugin, then phpcs (Debian's
# php-codesniffer) with the plugin's ruleset (PSR-12 adjusted to WordPress's conventions,
# connector/wordpress-plugin/sfwp/phpcs.xml.dist).
set -eu
cd "$(dirname "$0")/.."
plugin=connector/wordpress-plugin/sfwp
for tool in php phpcs; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "lint-php: $tool is missing; install it with: apt-get install php-cli php-codesniffer" >&2
    exit 1
  fi
done
find "$plugin" -name '*.php' -print0 | xargs -0 -n 1 -P 2 php -n -l >/dev/null
phpcs -q --no-colors --standard="$plugin/phpcs.xml.dist" "$plugin"
echo "lint-php: $(find "$plugin" -name '*.php' | wc -l) PHP files pass php -l and phpcs"

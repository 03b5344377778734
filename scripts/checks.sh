#!/usr/bin/env bash
# The static checks of `npm test` (server and web typecheck, lint) side by side: run one after the other they leave
# a core idle for most of a minute. Fails when any of them fails; each prints its own findings.
set -u
npm run --silent typecheck & server=$!
npm run --silent typecheck:web & web=$!
npm run --silent lint & lint=$!
status=0
for pid in "$server" "$web" "$lint"; do wait "$pid" || status=1; done
exit "$status"

#!/usr/bin/env bash
# Install the browser-test tools (axe-core) when missing; test.sh and the accessibility tests
# call it, so `pytest tests/e2e/test_accessibility.py` alone works too.
source "$(dirname "$0")/lib.sh"
ensure_node
ensure_test_tools

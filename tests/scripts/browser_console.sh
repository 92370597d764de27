#!/usr/bin/env bash
# label: browser
# The human console in headless Chromium (tests/browser/console.test.mjs): admin token, dashboard,
# an escalated web-form ticket in the queue, its history, a reply from the console delivered to the
# customer's channel, resolve and close.
exec bash "$(dirname "$0")/../browser/run.sh" console.test.mjs

#!/usr/bin/env bash
# label: browser
# The customer's side in headless Chromium (tests/browser/form.test.mjs): form validation shown and
# announced, submit and ticket reference, the reply on the status page, "helpful" stored, XSS
# payloads shown literally, embedding with one <script> tag, CORS only for configured origins, the
# per-IP rate limit as the form shows it.
exec bash "$(dirname "$0")/../browser/run.sh" form.test.mjs

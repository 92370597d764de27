// Shared by the browser tests: start the real `fte serve` (FTE_BINARY) on a free loopback port with
// a temporary SQLite database and an admin token, a second tiny web server that plays "another web
// site" (for embedding and CORS), and headless Debian Chromium through playwright-core. Everything
// started here is stopped on exit, even when a test fails. Waits are on conditions with deadlines.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ADMIN_TOKEN = 'browser-test-admin-token';
const SOURCE_DIR = process.env.FTE_SOURCE_DIR || path.resolve(new URL('../../..', import.meta.url).pathname);

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Polls `cond` (sync or async) until it returns a truthy value or the deadline passes.
export async function waitFor(cond, { timeout = 15000, interval = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await cond();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last: ${last}`);
    await new Promise((r) => setTimeout(r, interval));  // polling interval of a condition wait
  }
}

const cleanups = [];
let cleaned = false;
async function cleanupAll() {
  if (cleaned) return;
  cleaned = true;
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch {
      /* best effort */
    }
  }
}
process.on('exit', () => {
  for (const c of cleanups) if (c.sync) c.sync();
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanupAll().then(() => process.exit(130)));
export const stopAll = cleanupAll;

// Starts `fte serve`; resolves once /health answers. extraEnv overrides the defaults.
export async function startFte(extraEnv = {}) {
  const bin = process.env.FTE_BINARY;
  if (!bin || !fs.existsSync(bin)) throw new Error(`FTE_BINARY is not set to the fte binary (got ${bin})`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fte-browser-'));
  const port = await freePort();
  const env = {
    ...process.env,
    FTE_HTTP_PORT: String(port),
    FTE_HTTP_BIND: '127.0.0.1',
    FTE_DATABASE_URL: `sqlite://${dir}/fte.db`,
    FTE_KB_PATH: path.join(SOURCE_DIR, 'data', 'kb'),
    FTE_WEB_DIR: path.join(SOURCE_DIR, 'web'),
    FTE_ADMIN_TOKEN: ADMIN_TOKEN,
    FTE_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const log = fs.openSync(path.join(dir, 'fte.log'), 'a');
  const proc = spawn(bin, ['serve'], { env, stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}`;
  let exited = null;
  proc.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const stop = async () => {
    if (exited) return;
    proc.kill('SIGTERM');
    await waitFor(() => exited, { timeout: 10000, what: 'fte to stop' }).catch(() => proc.kill('SIGKILL'));
  };
  stop.sync = () => {
    if (!exited) proc.kill('SIGKILL');
  };
  cleanups.push(stop);
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  await waitFor(
    async () => {
      if (exited) throw new Error(`fte exited early (${JSON.stringify(exited)}):\n${fs.readFileSync(path.join(dir, 'fte.log'), 'utf8')}`);
      const r = await fetch(`${url}/health`);
      return r.ok;
    },
    { timeout: 30000, what: 'fte /health' },
  ).catch((e) => {
    throw new Error(`${e.message}\n--- fte log ---\n${fs.readFileSync(path.join(dir, 'fte.log'), 'utf8')}`);
  });
  return { url, port, dir, proc, log: () => fs.readFileSync(path.join(dir, 'fte.log'), 'utf8') };
}

// A web server for "other sites": GET /<name> answers the HTML in pages[name] (add pages at any
// time). Reached as http://<anything>.test:PORT, each host name is its own origin.
export async function startSiteServer(pages = {}) {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const name = req.url.split('?')[0].replace(/^\//, '') || 'index';
    const body = pages[name];
    if (body === undefined) {
      res.writeHead(404).end('no such page');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { port, pages };
}

// Headless Debian Chromium. *.test host names resolve to 127.0.0.1 so that a page can come from
// another origin (http://shop.test:PORT) without any network.
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.FTE_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP *.test 127.0.0.1'],
  });
  cleanups.push(() => browser.close());
  return browser;
}

// Collects what must never happen on a page: dialogs (alert/confirm/prompt), uncaught errors and
// CSP violations reported to the console.
export function watchPage(page) {
  const problems = [];
  page.on('dialog', async (d) => {
    problems.push(`dialog opened: ${d.type()} ${d.message()}`);
    await d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  return problems;
}

export async function getJson(url, headers = {}) {
  const r = await fetch(url, { headers, cache: 'no-store' });
  const body = await r.json().catch(() => ({}));
  return { status: r.status, body, headers: r.headers };
}

export function screenshotDir() {
  const dir = process.env.FTE_SCREENSHOT_DIR || path.join(os.tmpdir(), 'fte-browser-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

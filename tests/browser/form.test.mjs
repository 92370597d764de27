// The customer's side in a real browser: the support form (validation shown and announced, submit,
// ticket reference at once), the status page (the reply appears, "Was this helpful?" is stored),
// XSS payloads shown literally, embedding with one <script> tag, CORS only for configured origins,
// and the per-IP rate limit as the form shows it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  ADMIN_TOKEN, getJson, launchBrowser, screenshotDir, startFte, startSiteServer, stopAll, UUID, waitFor, watchPage,
} from './lib/harness.mjs';

let fte, site, browser;

before(async () => {
  site = await startSiteServer();  // pages are added by the tests
  fte = await startFte({
    FTE_CORS_ORIGINS: `http://shop.test:${site.port}`,
    FTE_SUBMIT_RATE_PER_MINUTE: '20',
  });
  browser = await launchBrowser();
});
after(stopAll);

async function newPage(opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 1100 }, ...opts });
  const page = await context.newPage();
  return { page, problems: watchPage(page), context };
}

async function fill(page, d) {
  for (const f of ['name', 'email', 'subject', 'phone', 'message']) if (d[f] !== undefined) await page.fill(`#${f}`, d[f]);
  if (d.category) await page.selectOption('#category', d.category);
  if (d.priority) await page.selectOption('#priority', d.priority);
}

async function webformStats() {
  const { body } = await getJson(`${fte.url}/metrics/channels`);
  return body.channels.webform;
}

async function submitAndGetRef(page) {
  await page.click('#submit');
  await page.waitForSelector('#thanks:not([hidden])', { timeout: 10000 });
  const ref = (await page.textContent('#ticket-ref')).trim();
  assert.match(ref, UUID);
  return ref;
}

describe('support form', () => {
  it('is served with a strict CSP and no inline script', async () => {
    const r = await fetch(`${fte.url}/`);
    const csp = r.headers.get('content-security-policy') || '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const html = await r.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'every script has a src');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /\sstyle=/i, 'no inline styles');
  });

  it('shows every validation error, announces them, and sends nothing', async () => {
    const { page, problems } = await newPage();
    let submits = 0;
    page.on('request', (req) => { if (req.url().endsWith('/support/submit')) submits++; });
    await page.goto(`${fte.url}/`);
    await page.click('#submit');
    for (const f of ['name', 'email', 'subject', 'category', 'message']) {
      assert.notEqual((await page.textContent(`#${f}-error`)).trim(), '', `${f} error shown`);
      assert.equal(await page.getAttribute(`#${f}`, 'aria-invalid'), 'true', `${f} marked invalid`);
      const described = await page.getAttribute(`#${f}`, 'aria-describedby');
      assert.ok(described.split(' ').includes(`${f}-error`), `${f} error is tied to its field`);
    }
    assert.equal(await page.textContent('#priority-error'), '', 'a valid field shows no error');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'name', 'focus moves to the first error');
    await waitFor(async () => /correct 5 fields/.test(await page.textContent('#announcer')), { what: 'announcement' });
    assert.equal(await page.getAttribute('#announcer', 'aria-live'), 'polite');

    // The API's rules, field by field.
    await fill(page, { name: 'A', email: 'ana@', subject: 'x'.repeat(201), phone: '12ab', message: 'too short', category: 'general' });
    assert.equal((await page.inputValue('#subject')).length, 201, 'no maxlength cuts text silently: the rule is checked');
    await page.click('#submit');
    assert.match(await page.textContent('#name-error'), /at least 2/);
    assert.match(await page.textContent('#email-error'), /valid email/);
    assert.match(await page.textContent('#subject-error'), /at most 200/);
    assert.match(await page.textContent('#phone-error'), /international/);
    assert.match(await page.textContent('#message-error'), /at least 10/);
    assert.equal(await page.textContent('#category-error'), '');

    // Fixing a field clears its error as the customer types.
    await page.fill('#name', 'Ana Lima');
    assert.equal(await page.getAttribute('#name', 'aria-invalid'), null);
    assert.equal(await page.textContent('#name-error'), '');
    await page.fill('#email', 'ana@example.co');
    await page.fill('#phone', '');
    await page.fill('#subject', 'Hi');
    assert.equal(await page.textContent('#email-error'), '');
    assert.equal(submits, 0, 'nothing was sent while the form was invalid');

    // Keyboard only: the fields are reachable in order with Tab.
    await page.focus('#name');
    const order = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement.id));
    }
    assert.deepEqual(order, ['email', 'subject', 'category', 'priority', 'phone', 'message', 'submit']);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('shows server-side field errors next to the fields too', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${fte.url}/`);
    // A server that disagrees (e.g. a newer rule): its 422 field list lands on the fields.
    await page.route('**/support/submit', (route) => route.fulfill({
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'validation_failed', message: 'x', field: 'email',
        fields: [{ field: 'email', message: 'must be a valid email address' }] } }),
    }));
    await fill(page, { name: 'Ana Lima', email: 'ana@example.com', subject: 'Hi', category: 'general', message: 'How do I reset my password?' });
    await page.click('#submit');
    await waitFor(async () => /valid email/.test(await page.textContent('#email-error')), { what: 'server error shown' });
    assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
    assert.equal(await page.isVisible('#support-form'), true);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('submits, shows the reference at once, and the status page shows the reply; "helpful" is stored', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${fte.url}/`);
    await fill(page, {
      name: 'Ana Lima', email: 'ana.browser@example.com', subject: 'Password reset', category: 'technical',
      priority: 'high', message: 'How do I reset my password? I forgot it and cannot log in.',
    });
    await page.screenshot({ path: path.join(screenshotDir(), 'form.png'), fullPage: true });
    const before = await webformStats();
    const ref = await submitAndGetRef(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'thanks', 'focus moves to the confirmation');
    assert.equal(await page.getAttribute('#status-link', 'href'), `/status?ticket=${ref}`);
    const api = await getJson(`${fte.url}/support/ticket/${ref}`);
    assert.equal(api.status, 200, 'the reference is a real ticket');
    assert.equal(api.body.subject, 'Password reset');
    assert.equal(api.body.priority, 'high');

    await page.click('#status-link');
    await page.waitForURL(`**/status?ticket=${ref}`);
    assert.equal((await page.textContent('#ref')).trim(), ref);
    // The reply arrives on its own (the page polls); the customer's own message is shown first.
    await page.waitForSelector('#thread li.agent', { timeout: 20000 });
    const thread = await page.textContent('#thread');
    assert.match(thread, /How do I reset my password\?/);
    assert.match(thread, /Hi Ana/);
    assert.match(await page.textContent('#state'), /Answered/);
    assert.equal(await page.isVisible('#waiting'), false,
      JSON.stringify(await page.evaluate(() => [document.getElementById('waiting').hidden, document.getElementById('thread').innerHTML])));
    await page.waitForSelector('#feedback:not([hidden])');
    await page.screenshot({ path: path.join(screenshotDir(), 'status.png'), fullPage: true });

    await page.click('#helpful-yes');
    await waitFor(async () => /Thank you/.test(await page.textContent('#feedback-done')), { what: 'feedback thanks' });
    assert.equal(await page.isVisible('#helpful-yes'), false);
    const afterStats = await waitFor(async () => {
      const s = await webformStats();
      return s.feedback_count > before.feedback_count ? s : null;
    }, { what: 'feedback stored' });
    assert.equal(afterStats.feedback_count, before.feedback_count + 1);
    assert.ok(afterStats.helpful_rate > 0, 'a "yes" counts as helpful');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('shows XSS payloads in every field literally, in the form, the status page and the console', async () => {
    const { page, problems } = await newPage();
    const payloads = {
      name: '<img src=x onerror="window.__xss=1">',
      subject: '"><svg onload="window.__xss=2"></svg><script>window.__xss=3</script>',
      message: '<script>alert("xss")</script> <iframe src="javascript:alert(1)"></iframe> {{constructor.constructor(\'alert(1)\')()}} How do I export?',
    };
    await page.goto(`${fte.url}/`);
    await fill(page, { ...payloads, email: 'xss@example.com', category: 'general' });
    const ref = await submitAndGetRef(page);
    await page.goto(`${fte.url}/status?ticket=${ref}`);
    await waitFor(async () => (await page.textContent('#thread')).includes(payloads.message), { what: 'message shown' });
    assert.equal((await page.textContent('#subject')).trim(), payloads.subject);
    const injected = async (p) => p.evaluate(() => ({
      xss: window.__xss,
      imgs: document.querySelectorAll('img').length,
      svgs: document.querySelectorAll('svg').length,
      iframes: document.querySelectorAll('iframe').length,
      scripts: [...document.scripts].filter((s) => !s.src).length,
    }));
    assert.deepEqual(await injected(page), { xss: undefined, imgs: 0, svgs: 0, iframes: 0, scripts: 0 });

    // The console shows the same ticket to a person, still as text.
    const { page: con, problems: conProblems } = await newPage();
    await con.goto(`${fte.url}/console`);
    await con.fill('#token', ADMIN_TOKEN);
    await con.click('#login button[type=submit]');
    await con.goto(`${fte.url}/console?ticket=${ref}`);
    await waitFor(async () => (await con.textContent('#history')).includes(payloads.message), { what: 'console history' });
    assert.equal((await con.textContent('#ticket-subject')).trim(), payloads.subject);
    assert.ok((await con.textContent('#customer')).includes(payloads.name));
    assert.deepEqual(await injected(con), { xss: undefined, imgs: 0, svgs: 0, iframes: 0, scripts: 0 });
    assert.deepEqual(problems, []);
    assert.deepEqual(conProblems, []);
    await page.context().close();
    await con.context().close();
  });

  it('is responsive: no horizontal scrolling on a phone', async () => {
    const { page } = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto(`${fte.url}/`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    const box = await page.locator('#message').boundingBox();
    assert.ok(box.width > 280, 'the message box uses the width');
    await page.screenshot({ path: path.join(screenshotDir(), 'form-mobile.png'), fullPage: true });
    await page.context().close();
  });
});

describe('embedding and CORS', () => {
  it('embeds with one <script> tag on another site, sized to the form', async () => {
    site.pages.help = `<!doctype html><title>Shop</title><h1>Shop help</h1>
      <script src="${fte.url}/static/embed.js" data-height="500"></script><footer>footer</footer>`;
    const { page, problems } = await newPage();
    await page.goto(`http://shop.test:${site.port}/help`);
    const frameEl = await page.waitForSelector('iframe.fte-support-frame');
    assert.equal(await frameEl.getAttribute('title'), 'Contact support');
    assert.equal(await frameEl.getAttribute('src'), `${fte.url}/support?embed=1`);
    assert.equal(await page.evaluate(() => document.querySelector('iframe').nextElementSibling.tagName), 'FOOTER',
      'inserted where the tag is');
    const frame = await frameEl.contentFrame();
    await frame.waitForSelector('#support-form');
    assert.equal(await frame.evaluate(() => document.documentElement.classList.contains('embedded')), true);
    // The iframe follows the form's height (it grows beyond the initial 500 px).
    await waitFor(async () => parseInt(await frameEl.evaluate((f) => f.style.height), 10) > 500, { what: 'iframe resized' });
    await fill(frame, { name: 'Eve Shopper', email: 'eve@example.com', subject: 'Embedded', category: 'general', message: 'How do I invite team members to my workspace?' });
    await frame.click('#submit');
    await frame.waitForSelector('#thanks:not([hidden])');
    const ref = (await frame.textContent('#ticket-ref')).trim();
    assert.match(ref, UUID);
    assert.equal(await frame.getAttribute('#status-link', 'target'), '_blank', 'the status page opens outside the host page');
    assert.equal((await getJson(`${fte.url}/support/ticket/${ref}`)).status, 200);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('lets only configured origins call the API from their own pages', async () => {
    site.pages.page = '<!doctype html><title>x</title><p>a page of another site</p>';
    const call = async (origin) => {
      const { page } = await newPage();
      await page.goto(`${origin}/page`);
      const res = await page.evaluate(async (u) => {
        try {
          const r = await fetch(`${u}/support/submit`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': String(Math.random()) },
            body: JSON.stringify({ name: 'Cora Site', email: 'cora@example.com', subject: 'CORS', category: 'general',
              message: 'How do I reset my password from your site?' }),
          });
          return { ok: true, status: r.status, body: await r.json() };
        } catch (e) {
          return { ok: false, error: String(e) };
        }
      }, fte.url);
      await page.context().close();
      return res;
    };
    const before = (await webformStats()).tickets;
    const good = await call(`http://shop.test:${site.port}`);  // the configured origin
    assert.equal(good.ok, true, good.error);
    assert.equal(good.status, 201);
    assert.match(good.body.ticket_id, UUID);
    const evil = await call(`http://evil.test:${site.port}`);  // same server, another origin
    assert.equal(evil.ok, false, 'the browser refuses the response to an unlisted origin');
    assert.match(evil.error, /TypeError|Failed to fetch/);
    assert.equal((await webformStats()).tickets, before + 1,
      'only the configured origin created a ticket (the refused preflight let nothing through)');
  });

  it('tells the customer when to retry once the per-IP rate limit is reached', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${fte.url}/`);
    await fill(page, { name: 'Ana Lima', email: 'ana@example.com', subject: 'Again', category: 'general', message: 'One more question about exports.' });
    // Empty this address's bucket (20 a minute: a token every 3 s) until the next token is more
    // than 2 s away (Retry-After 3), so the browser's submission right after is surely refused.
    const body = JSON.stringify({ name: 'Rate Tester', email: 'rate@example.com', subject: 'Rate', category: 'general', message: 'Testing the rate limit please.' });
    const limited = await waitFor(async () => {
      const r = await fetch(`${fte.url}/support/submit`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      if (r.status !== 429) return null;
      const j = await r.json();
      assert.equal(j.error.code, 'rate_limited');
      return Number(r.headers.get('retry-after')) >= 3 ? r : null;
    }, { timeout: 20000, interval: 1, what: 'a 429 with Retry-After 3' });
    assert.equal(limited.status, 429);
    await page.click('#submit');
    await waitFor(async () => /try again in \d+ seconds/.test(await page.textContent('#form-error')), { what: 'retry message' });
    assert.equal(await page.isVisible('#support-form'), true, 'the form and its text stay for the retry');
    assert.equal(await page.inputValue('#message'), 'One more question about exports.');
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

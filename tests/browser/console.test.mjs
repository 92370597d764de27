// The human console in a real browser: the admin token (refused when wrong, kept in sessionStorage
// for this tab only), the channel dashboard, an escalated ticket in the queue (a pricing question
// from the web form), its whole history, a reply written there that reaches the customer's channel
// through the delivery worker (delivery status on the ticket, and the customer's status page),
// and resolve.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  ADMIN_TOKEN, getJson, launchBrowser, screenshotDir, startFte, stopAll, UUID, waitFor, watchPage,
} from './lib/harness.mjs';

let fte, browser, ticket;

before(async () => {
  fte = await startFte();
  browser = await launchBrowser();
});
after(stopAll);

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  return { page, problems: watchPage(page) };
}

async function signIn(page, token = ADMIN_TOKEN) {
  await page.goto(`${fte.url}/console`);
  await page.fill('#token', token);
  await page.click('#login button[type=submit]');
}

const ticketApi = async (id) => (await getJson(`${fte.url}/support/ticket/${id}`)).body;

describe('human console', () => {
  it('refuses a wrong token and keeps the right one for this tab only', async () => {
    const { page, problems } = await newPage();
    await signIn(page, 'not-the-token');
    await waitFor(async () => /refused/.test(await page.textContent('#console-error')), { what: 'refusal shown' });
    assert.equal(await page.isVisible('#dashboard'), false);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('fte-admin-token')), null, 'a refused token is not kept');

    await signIn(page);
    await page.waitForSelector('#dashboard:not([hidden])');
    assert.equal(await page.isVisible('#login'), false);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('fte-admin-token')), ADMIN_TOKEN);
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
    // The dashboard from /metrics/channels: one card per channel.
    await page.waitForSelector('.stat[data-channel="webform"]');
    assert.equal(await page.locator('.stat').count(), 3);
    await page.reload();
    await page.waitForSelector('#dashboard:not([hidden])');  // still signed in after a reload

    await page.click('#logout');
    assert.equal(await page.isVisible('#login'), true);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('fte-admin-token')), null);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('lists an escalated web-form ticket with its reason, urgency, channel and time waiting', async () => {
    // The customer asks about pricing on the form: a hard rule hands it to a person.
    const { page: customer, problems: cp } = await newPage();
    await customer.goto(`${fte.url}/`);
    await customer.fill('#name', 'Bea Buyer');
    await customer.fill('#email', 'bea@example.com');
    await customer.fill('#subject', 'Business plan price');
    await customer.selectOption('#category', 'billing');
    await customer.fill('#message', 'What is the price of the Business plan for 12 users?');
    await customer.click('#submit');
    await customer.waitForSelector('#thanks:not([hidden])');
    ticket = (await customer.textContent('#ticket-ref')).trim();
    assert.match(ticket, UUID);
    const t = await waitFor(async () => {
      const b = await ticketApi(ticket);
      return b.status === 'escalated' ? b : null;
    }, { what: 'the ticket to be escalated' });
    assert.equal(t.escalation_reason, 'pricing_inquiry');
    assert.deepEqual(cp, []);
    await customer.context().close();

    const { page, problems } = await newPage();
    await signIn(page);
    const row = page.locator(`#queue tr[data-ticket="${ticket}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.match(cells[0], /^\d+ (s|min|h|d)$/, `time waiting: ${cells[0]}`);
    assert.equal(cells[1], 'pricing_inquiry');
    assert.ok(cells[2].length > 0, 'urgency shown');
    assert.equal(cells[3], 'webform');
    assert.equal(cells[4], 'open');
    assert.equal(await page.textContent('#queue-count'), '1');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('shows the whole history, and a reply written there reaches the customer through their channel', async () => {
    assert.ok(ticket, 'needs the escalated ticket of the previous test');
    const { page, problems } = await newPage();
    await signIn(page);
    await page.locator(`#queue tr[data-ticket="${ticket}"] button`).click();
    await page.waitForSelector('#ticket:not([hidden])');
    assert.equal((await page.textContent('#ticket-id')).trim(), ticket);
    assert.equal(await page.textContent('#ticket-status'), 'escalated');
    assert.equal(await page.textContent('#ticket-reason'), 'pricing_inquiry');
    assert.match(await page.textContent('#customer'), /Bea Buyer · bea@example\.com/);
    assert.match(await page.textContent('#history'), /What is the price of the Business plan for 12 users\?/);
    assert.match(await page.textContent('#reply-channel'), /web form/);
    assert.ok(await page.locator('#runs details').count() >= 1, 'the agent run is in the audit trail');
    await page.locator('#runs summary').first().click();
    assert.match(await page.locator('#runs pre').first().textContent(), /escalat/i, 'its trace shows the hand-off');

    // An empty reply is caught before sending.
    await page.click('#send-reply');
    assert.match(await page.textContent('#reply-error'), /Write the reply/);

    const reply = 'The **Business plan** for 12 users is quoted per team. I have sent you the quote by email.';
    await page.fill('#reply', reply);
    await page.click('#send-reply');
    await waitFor(async () => /queued/.test(await page.textContent('#reply-done')), { what: 'reply queued' });
    assert.equal(await page.inputValue('#reply'), '', 'the box is cleared');

    // Through the outbound topic and the delivery worker to the web-form channel: the status API
    // shows the person's reply, formatted like the agent's, delivered.
    const delivered = await waitFor(async () => {
      const b = await ticketApi(ticket);
      const m = (b.messages || []).filter((x) => x.role === 'human');
      return m.length === 1 && m[0].delivery_status === 'delivered' ? { b, m: m[0] } : null;
    }, { what: 'the reply to be delivered' });
    assert.equal(delivered.m.direction, 'outbound');
    assert.equal(delivered.m.channel, 'webform');
    assert.match(delivered.m.content, /^Hi Bea,/);
    assert.match(delivered.m.content, /The Business plan for 12 users is quoted per team\./, 'markdown normalised');
    assert.ok(delivered.m.content.includes(`Ticket reference: ${ticket}`));
    assert.equal(delivered.b.reply, delivered.m.content, 'it is the reply the customer sees');

    // The console shows it with its delivery status; the customer's status page shows it too.
    await page.click('#refresh');
    await waitFor(async () => /Support team · webform .*delivery: delivered/.test(await page.textContent('#history')),
      { what: 'console shows the delivered reply' });
    await page.screenshot({ path: path.join(screenshotDir(), 'console.png'), fullPage: true });

    const { page: customer } = await newPage();
    await customer.goto(`${fte.url}/status?ticket=${ticket}`);
    await customer.waitForSelector('#thread li.human');
    assert.match(await customer.textContent('#thread li.human'), /quoted per team/);
    assert.match(await customer.textContent('#thread li.human .meta'), /Support team/);
    await customer.context().close();
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('resolves the ticket, which leaves the queue', async () => {
    assert.ok(ticket, 'needs the escalated ticket');
    const { page, problems } = await newPage();
    await signIn(page);
    await page.goto(`${fte.url}/console?ticket=${ticket}`);
    await page.waitForSelector('#ticket:not([hidden])');
    await page.click('#resolve');
    await waitFor(async () => (await page.textContent('#ticket-status')) === 'resolved', { what: 'resolved in the UI' });
    assert.equal((await ticketApi(ticket)).status, 'resolved');
    await waitFor(async () => (await page.locator(`#queue tr[data-ticket="${ticket}"]`).count()) === 0,
      { what: 'the ticket to leave the queue' });
    assert.equal(await page.isVisible('#queue-empty'), true);
    assert.equal(await page.isVisible('#reopen'), true);
    assert.equal(await page.isDisabled('#resolve'), true);

    await page.click('#close');
    await waitFor(async () => (await page.textContent('#ticket-status')) === 'closed', { what: 'closed' });
    assert.equal((await ticketApi(ticket)).status, 'closed');
    const { body: queue } = await getJson(`${fte.url}/console/api/escalations`, { Authorization: `Bearer ${ADMIN_TOKEN}` });
    assert.equal(queue.escalations.filter((e) => e.ticket_id === ticket).length, 0);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

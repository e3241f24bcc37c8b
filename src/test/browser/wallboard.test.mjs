// @ts-check
// The wallboard page in a real browser, against the real Keycloak and the gateway's simulator.
// Run by WallboardBrowserTest (part of ./mvnw verify), which passes:
//   GATEWAY_URL      the gateway under test, e.g. http://localhost:41234
//   CHROMIUM_PATH    the machine's chromium (default /usr/bin/chromium); nothing is downloaded
//   SCREENSHOT_DIR   where every test saves its screenshot (default ./screenshots)
//   REALM_URL        the realm's URL, for the admin calls of the token-lifetime tests
//   KC_BOOTSTRAP_ADMIN_USERNAME, KC_BOOTSTRAP_ADMIN_PASSWORD  its admin (default admin/admin)
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

const GATEWAY = requiredEnv('GATEWAY_URL').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = resolve(process.env.SCREENSHOT_DIR || 'screenshots');
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const WAIT = { timeout: 30_000 };
const REALM_URL = requiredEnv('REALM_URL').replace(/\/$/, '');
/** Access tokens of the dashboard client live this long in the token-lifetime tests. */
const SHORT_TOKEN_SECONDS = 20;

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {{page: import('playwright-core').Page, problems: string[]}[]} */
const watched = [];
/** The Content-Encoding of every stream response a page got ('none' when absent). @type {WeakMap<object, string[]>} */
const streamEncodings = new WeakMap();

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // launch() gives the browser a fresh, throwaway profile directory of its own.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  await control('POST', '/reset');
});

after(async () => {
  await browser?.close();
  await control('PUT', '/fault/none').catch(() => undefined);
});

afterEach(async (t) => {
  // Console errors and uncaught exceptions of the gateway's page fail the test that caused them.
  for (const { problems } of watched) {
    const found = problems.splice(0);
    assert.deepEqual(found, [], `${t.name}: the page reported errors`);
  }
});

describe('a supervisor of campaign 111', () => {
  /** @type {import('playwright-core').Page} */
  let page;

  before(async () => {
    page = await signIn('supervisor');
  });

  test('signs in through Keycloak and sees only the agents of campaign 111', async () => {
    await page.waitForSelector('table.agents tbody tr', WAIT);
    assert.equal(await page.textContent('#who-name'), 'supervisor');
    assert.match(await text(page, '#who-scope'), /\b111\b/);
    const campaigns = await page.$$eval('table.agents tbody tr td.col-3', (cells) =>
      cells.map((cell) => /** @type {HTMLElement} */ (cell).dataset['campaignId']));
    assert.ok(campaigns.length > 0, 'no agent rows');
    assert.deepEqual([...new Set(campaigns)], ['111'], `agents of other campaigns shown: ${campaigns}`);
    const cards = await page.$$eval('.campaign-card', (els) => els.map((e) => /** @type {HTMLElement} */ (e).dataset['campaign']));
    assert.deepEqual(cards, ['111']);
    assert.equal(await text(page, '#connection'), 'Live');
    await shot(page, 'supervisor-campaign-111');
  });

  test('has no logout action', async () => {
    assert.equal(await page.locator('.logout-button').count(), 0);
    assert.equal(await page.locator('th', { hasText: 'Action' }).count(), 0);
    await shot(page, 'supervisor-no-logout');
  });

  test('sees a status change arrive through the stream, without a reload', async () => {
    await page.evaluate(() => { /** @type {any} */ (window).notReloaded = true; });
    const agent = await firstAgent(page);
    // An unknown status code: the open status set must show with a neutral colour, not break.
    await control('PUT', `/agents/${agent}/status/TRAINING`);
    const row = page.locator(`tr[data-user-id="${agent}"]`);
    await row.and(page.locator('[data-status="TRAINING"]')).waitFor(WAIT);
    assert.match(await row.locator('.status-chip').getAttribute('class') ?? '', /tone-other/);
    await page.locator('.tile[data-status="TRAINING"]').first().waitFor(WAIT);
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).notReloaded), true, 'the page reloaded');
    // The browser asked for gzip and decoded each event as it came: the change above arrived through it.
    assert.deepEqual([...new Set(streamEncodings.get(page))], ['gzip'], 'the stream was not gzip-compressed');
    await shot(page, 'status-change-live');
  });

  test('sees the stale banner while the upstream fails, and not after', async () => {
    const banner = page.locator('#stale-banner');
    assert.equal(await banner.isVisible(), false, 'banner shown before any fault');
    await control('PUT', '/fault/server-error');
    try {
      await banner.waitFor({ state: 'visible', ...WAIT });
      assert.match(await text(page, '#stale-banner'), /Stale data.*\d+ s old/);
      await shot(page, 'stale-banner');
    } finally {
      await control('PUT', '/fault/none');
    }
    await banner.waitFor({ state: 'hidden', ...WAIT });
    await shot(page, 'stale-banner-cleared');
  });

  test('sees a hostile agent name as text', async () => {
    const agent = await firstAgent(page);
    await control('PUT', `/agents/${agent}/name`, HOSTILE_NAME);
    const name = page.locator(`tr[data-user-id="${agent}"] .agent-name`);
    await page.waitForFunction(([id, expected]) =>
      document.querySelector(`tr[data-user-id="${id}"] .agent-name`)?.textContent === expected,
    [agent, HOSTILE_NAME], WAIT);
    assert.equal(await name.textContent(), HOSTILE_NAME);
    assert.equal(await page.locator('main img').count(), 0, 'the name became an element');
    await shot(page, 'hostile-name');
  });

  test('reopens the same filtered view in wallboard mode from a link', async () => {
    await page.goto(`${GATEWAY}/?status=READY&mode=wallboard`);
    await page.waitForSelector('table.agents tbody tr', WAIT);
    assert.equal(await page.evaluate(() => document.body.classList.contains('wallboard')), true);
    assert.equal(await page.inputValue('#filter-status'), 'READY');
    const statuses = await page.$$eval('table.agents tbody tr', (rows) =>
      rows.map((row) => /** @type {HTMLElement} */ (row).dataset['status']));
    assert.deepEqual([...new Set(statuses)], ['READY']);
    await shot(page, 'wallboard');
  });
});

describe('attention first, on a 1920×1080 screen', () => {
  /** @type {import('playwright-core').Page} */
  let page;

  before(async () => {
    page = await signIn('supervisor', { width: 1920, height: 1080 });
    await page.waitForSelector('table.agents tbody tr', WAIT);
  });

  test('an agent paused past the alert threshold is red and listed first, with the pause reason', async () => {
    const agent = await firstAgent(page, '111');
    // The default thresholds: PAUSED warns at 10 min and alerts at 15 min.
    await control('PUT', `/agents/${agent}/status/PAUSED?seconds=${16 * 60}`);
    const row = page.locator(`tr[data-user-id="${agent}"][data-status="PAUSED"][data-level="alert"]`);
    await row.waitFor(WAIT);
    await page.waitForFunction((id) =>
      /** @type {HTMLElement | null} */ (document.querySelector('table.agents tbody tr'))?.dataset['userId'] === id,
    agent, WAIT);
    const time = await text(page, `tr[data-user-id="${agent}"] .time`);
    assert.match(time, /^1[6-9]:\d{2}$/, `time in status ${time}`);
    const colour = await row.locator('.time').evaluate((cell) => getComputedStyle(cell).color);
    assert.equal(colour, 'rgb(248, 113, 113)', 'the time of an agent past its alert threshold is red');
    // The simulator labels pauses "Paused - Lunch" and the like: the chip says why.
    const chip = row.locator('.status-chip');
    assert.match(await text(page, `tr[data-user-id="${agent}"] .status-chip`), /^Paused · (Break|Lunch|Training|Meeting|Coaching)$/);
    assert.match(await chip.getAttribute('title') ?? '', /^Paused - /);
    // Thresholds reach the counters too: nothing else in campaign 111 is past 15 minutes.
    await shot(page, 'desktop-attention-first');
  });

  test('sorts by a column from its header, and the sort is in the URL', async () => {
    await page.locator('th button.sort[data-sort="time"]').click();
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('sort') === '-time', undefined, WAIT);
    assert.equal(await page.locator('th[aria-sort="descending"] button[data-sort="time"]').count(), 1);
    const seconds = await page.$$eval('table.agents tbody tr .time', (cells) => cells.map((cell) => {
      const parts = (cell.textContent ?? '').replace(/[^\d:]/g, '').split(':').map(Number);
      return parts.reduce((total, part) => total * 60 + part, 0);
    }));
    assert.ok(seconds.length > 1, 'rows to sort');
    for (let i = 1; i < seconds.length; i++) {
      assert.ok(seconds[i - 1] + 1 >= seconds[i], `longest in status first: ${seconds.slice(0, 10)}`);
    }

    await page.goto(`${GATEWAY}/?sort=name`);
    await page.waitForSelector('table.agents tbody tr', WAIT);
    assert.equal(await page.locator('th[aria-sort="ascending"] button[data-sort="name"]').count(), 1);
    const names = await page.$$eval('table.agents tbody tr .agent-name', (cells) => cells.map((c) => c.textContent ?? ''));
    const sorted = [...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }));
    assert.deepEqual(names, sorted);
    // Back to the attention order: a third click on the same header.
    await page.locator('th button.sort[data-sort="name"]').click();
    await page.locator('th button.sort[data-sort="name"]').click();
    await page.waitForFunction(() => !new URL(window.location.href).searchParams.has('sort'), undefined, WAIT);
  });

  test('shows the call figures and the queue figures once each, under what they measure', async () => {
    const groups = await page.$$eval('.figure-group', (sections) => sections.map((section) => ({
      id: /** @type {HTMLElement} */ (section).dataset['figures'],
      title: section.querySelector('h3')?.textContent,
      labels: [...section.querySelectorAll('dt')].map((dt) => dt.textContent),
      values: [...section.querySelectorAll('dd')].map((dd) => Number(dd.textContent)),
    })));
    assert.deepEqual(groups.map((g) => g.id), ['calls', 'queue'], JSON.stringify(groups));
    assert.deepEqual(groups[0].labels, ['Calls', 'Answered', 'Dropped']);
    assert.deepEqual(groups[1].labels, ['Calls', 'Answered', 'Dropped', 'Dialable leads']);
    // The queue's day is more than the agents shown: its figures are not the same numbers again.
    assert.notDeepEqual(groups[0].values, groups[1].values.slice(0, 3));
    await shot(page, 'figures-once');
  });

  test('a wallboard leaves logged-out agents out and says how many', async () => {
    const agent = await firstAgent(page, '111');
    await control('PUT', `/agents/${agent}/status/LOGGED_OUT`);
    await page.goto(`${GATEWAY}/?mode=wallboard`);
    await page.waitForSelector('table.agents tbody tr', WAIT);
    await page.locator('#hidden-count', { hasText: /^\d+ logged-out agents? not shown$/ }).waitFor(WAIT);
    assert.equal(await page.locator('table.agents tbody tr[data-status="LOGGED_OUT"]').count(), 0);
    await page.goto(`${GATEWAY}/?mode=wallboard&status=LOGGED_OUT`);
    await page.locator(`tr[data-user-id="${agent}"]`).waitFor(WAIT);
    assert.equal(await text(page, '#hidden-count'), '');
  });
});

describe('a TV in wallboard mode', () => {
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 3840, height: 2160 }]) {
    test(`at ${viewport.width}×${viewport.height}: no scrollbar, text readable across a room, 300 agents paged`, async () => {
      const page = await signIn('admin', viewport);
      await page.goto(`${GATEWAY}/?mode=wallboard&page_every=3`);
      await page.waitForSelector('table.agents tbody tr', WAIT);
      await page.locator('#page-indicator', { hasText: /^Page 1 of \d+$/ }).waitFor(WAIT);
      const overflow = await page.evaluate(() => ({
        x: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        y: document.documentElement.scrollHeight - document.documentElement.clientHeight,
      }));
      const layout = await page.evaluate(() => [...document.querySelectorAll('body > *, main > *')].map((e) =>
        `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}: ${Math.round(e.getBoundingClientRect().top)}–${Math.round(e.getBoundingClientRect().bottom)}`).join(', '));
      assert.deepEqual(overflow, { x: 0, y: 0 }, `the wallboard scrolls; ${layout}`);
      // About 32 px at 1080p, scaling with the screen: the smallest text of each kind.
      const smallest = viewport.height * 0.029;
      const optional = new Set(['.figure dt', '.figure-group h3']); // figures only when the upstream sent them
      for (const selector of ['.tile-label', '#data-age', '#connection', '.agents thead th', '.figure dt',
        '.figure-group h3', '.agents tbody td.time', '#page-indicator', '.campaign-card h2']) {
        if (optional.has(selector) && (await page.locator(selector).count()) === 0) continue;
        const size = await page.locator(selector).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        assert.ok(size >= smallest, `${selector}: ${size} px, less than ${smallest.toFixed(1)} px`);
      }
      const pages = Number((await text(page, '#page-indicator')).split(' of ')[1]);
      const shown = await page.locator('table.agents tbody tr:not([hidden])').count();
      const total = await page.locator('table.agents tbody tr').count();
      assert.ok(total >= 250, `${total} agents in the table`);
      assert.ok(shown >= 5 && shown * pages >= total && shown * (pages - 1) < total, `${shown} rows a page, ${pages} pages, ${total} rows`);
      const lastBottom = await page.locator('table.agents tbody tr:not([hidden])').last()
        .evaluate((row) => row.getBoundingClientRect().bottom);
      assert.ok(lastBottom <= viewport.height, `the last row shown ends at ${lastBottom} px`);
      const firstPage = await visibleIds(page);
      await page.locator('#page-indicator', { hasText: /^Page 2 of / }).waitFor(WAIT);
      const secondPage = await visibleIds(page);
      assert.equal(secondPage.filter((id) => firstPage.includes(id)).length <= 2, true, 'page 2 shows other agents');
      await shot(page, `tv-${viewport.width}`);
      await page.context().close();
    });
  }

  test('hides Sign out and the mode switch until the mouse or the keyboard is used', async () => {
    const page = await signIn('supervisor', { width: 1920, height: 1080 });
    await page.goto(`${GATEWAY}/?mode=wallboard`);
    await page.waitForSelector('table.agents tbody tr', WAIT);
    await page.locator('#sign-out').waitFor({ state: 'hidden', ...WAIT });
    assert.equal(await page.locator('#wallboard-toggle').isVisible(), false);
    await page.mouse.move(400, 300);
    await page.mouse.move(420, 320);
    await page.locator('#wallboard-toggle').waitFor({ state: 'visible', ...WAIT });
    assert.equal(await page.locator('#sign-out').isVisible(), true);
    // A few seconds after the last move they go again.
    await page.locator('#wallboard-toggle').waitFor({ state: 'hidden', timeout: 15_000 });
    await page.keyboard.press('Shift');
    await page.locator('#sign-out').waitFor({ state: 'visible', ...WAIT });
    await shot(page, 'tv-controls-shown');
    // The switch works from the keyboard: focus it and leave wallboard mode.
    await page.locator('#wallboard-toggle').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.body.classList.contains('wallboard'), undefined, WAIT);
    await page.context().close();
  });

  test('a rotation link shows each campaign in turn', async () => {
    const page = await signIn('manager', { width: 1920, height: 1080 });
    await page.goto(`${GATEWAY}/?mode=wallboard&rotate=111,112&every=3`);
    await page.waitForSelector('.campaign-card', WAIT);
    const seen = [];
    const until = Date.now() + 20_000;
    while (Date.now() < until && seen.length < 3) {
      const cards = await page.$$eval('.campaign-card', (els) => els.map((e) => /** @type {HTMLElement} */ (e).dataset['campaign']))
        .catch(() => []); // the sign-in library may still be settling the page
      const shown = cards.length === 1 ? cards[0] : undefined;
      if (shown && seen[seen.length - 1] !== shown) seen.push(shown);
      await page.waitForTimeout(200);
    }
    assert.deepEqual(seen, ['111', '112', '111'], `campaigns shown in turn: ${seen}`);
    assert.match(await text(page, '#rotation'), /^Campaign [12] of 2, every 3 s$/);
    assert.ok(!new URL(page.url()).searchParams.has('campaign_id'), `the rotation link stays as given: ${page.url()}`);
    await shot(page, 'tv-rotation');
    await page.context().close();
  });
});

describe('a manager on a phone', () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 360, height: 740 }]) {
    test(`at ${viewport.width}×${viewport.height}: one line per name, nothing sideways, Log out… within reach`, async () => {
      const page = await signIn('manager', viewport);
      await page.waitForSelector('table.agents tbody tr .logout-button', WAIT);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `the page scrolls ${overflow} px sideways`);
      const wrapped = await page.$$eval('table.agents tbody tr .agent-name', (names) => names.filter((name) => {
        const lineHeight = parseFloat(getComputedStyle(name).lineHeight) || 20;
        return name.getBoundingClientRect().height > lineHeight * 1.5;
      }).length);
      assert.equal(wrapped, 0, `${wrapped} names on more than one line`);

      const agent = await firstAgent(page, '111');
      const button = page.locator(`tr[data-user-id="${agent}"] .logout-button`);
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width, `Log out… at ${JSON.stringify(box)}`);
      await button.click();
      await page.locator('dialog[open] #logout-reason').waitFor(WAIT);
      await page.locator('dialog button', { hasText: 'Close' }).click();
      await shot(page, `phone-${viewport.width}`);

      // An agent who is logged out already is offered no logout.
      await control('PUT', `/agents/${agent}/status/LOGGED_OUT`);
      await page.locator(`tr[data-user-id="${agent}"][data-status="LOGGED_OUT"]`).waitFor(WAIT);
      assert.equal(await button.isVisible(), false, 'Log out… offered for a logged-out agent');
      await control('PUT', `/agents/${agent}/status/READY`);
      await page.context().close();
    });
  }
});

describe('a manager of campaigns 111 and 112', () => {
  test('logs out an agent and sees the outcome and the audit record', async () => {
    const page = await signIn('manager');
    await page.waitForSelector('table.agents tbody tr .logout-button', WAIT);
    const agent = await firstAgent(page, '111');
    await control('PUT', `/agents/${agent}/status/READY`);
    await page.locator(`tr[data-user-id="${agent}"] .logout-button`).click();
    await page.fill('#logout-reason', 'Browser test: end of shift');
    await page.locator('dialog .danger').click();
    await page.locator('#logout-outcome[data-result]').waitFor(WAIT);
    const outcome = await text(page, '#logout-outcome');
    assert.match(outcome, /^Done: .+ is logged out\. Audit record \S+\.$/, outcome);
    await shot(page, 'manager-logout');
    await page.locator('dialog button', { hasText: 'Close' }).click();
    await page.locator(`tr[data-user-id="${agent}"][data-status="LOGGED_OUT"]`).waitFor(WAIT);
  });
});

describe('a wallboard left open for longer than its tokens live', () => {
  before(async () => {
    await dashboardTokenLifespan(SHORT_TOKEN_SECONDS);
  });

  after(async () => {
    await dashboardTokenLifespan(null);
  });

  test('stays Live across two token lifetimes, its stream handed over to fresh tokens', async () => {
    const page = await signIn('supervisor');
    await page.locator('#connection', { hasText: 'Live' }).waitFor(WAIT);
    const streamsBefore = (streamEncodings.get(page) ?? []).length;
    const seen = new Set();
    const until = Date.now() + 2.5 * SHORT_TOKEN_SECONDS * 1000;
    while (Date.now() < until) {
      seen.add(await text(page, '#connection'));
      await page.waitForTimeout(200);
    }
    const handovers = (streamEncodings.get(page) ?? []).length - streamsBefore;
    assert.deepEqual([...seen], ['Live'], 'the connection state never left Live');
    assert.ok(handovers >= 2, `${handovers} stream hand-overs in ${2.5 * SHORT_TOKEN_SECONDS} s`);
    assert.ok((await page.locator('table.agents tbody tr').count()) > 0, 'agents still shown');
    await shot(page, 'token-handover');
  });

  test('says the sign-in has ended and offers to sign in again when the Keycloak session ends', async () => {
    const page = await signIn('admin');
    await page.locator('#connection', { hasText: 'Live' }).waitFor(WAIT);

    await endSessionsOf('admin');

    await page.locator('#sign-in-again').waitFor({ timeout: (SHORT_TOKEN_SECONDS + 15) * 1000 });
    assert.match(await text(page, '#message'), /Your sign-in has ended/);
    assert.equal(await text(page, '#connection'), 'Signed out');
    await shot(page, 'session-ended');
  });
});

// ---- helpers -----------------------------------------------------------------------------------

/** A fresh browser context (no Keycloak session), through Keycloak's own login form to the page. */
async function signIn(username, viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  watch(page);
  await page.goto(`${GATEWAY}/`);
  await page.waitForSelector('#username', WAIT);
  assert.ok(!page.url().startsWith(GATEWAY), `expected Keycloak's login form, at ${page.url()}`);
  await page.fill('#username', username);
  await page.fill('#password', `${username}-demo`);
  await page.click('#kc-login');
  await page.waitForSelector('#who-name', WAIT);
  assert.ok(page.url().startsWith(`${GATEWAY}/`), `back at ${page.url()}`);
  assert.ok(!/access_token|code=/.test(page.url()), `credentials left in the URL: ${page.url()}`);
  return page;
}

function watch(page) {
  /** @type {string[]} */
  const problems = [];
  const ours = (url) => !url || url.startsWith(GATEWAY);
  /** @type {string[]} */
  const encodings = [];
  streamEncodings.set(page, encodings);
  page.on('response', (response) => {
    if (response.url().startsWith(`${GATEWAY}/api/v1/agent-monitor/stream`)) {
      encodings.push(response.headers()['content-encoding'] ?? 'none');
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && ours(message.location().url) && ours(page.url())) {
      problems.push(`console error: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => {
    if (ours(page.url())) problems.push(`uncaught: ${error.message}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  watched.push({ page, problems });
}

/** The user id of the first agent row (of {@code campaign} if given) that is logged in. */
async function firstAgent(page, campaign) {
  const id = await page.$$eval('table.agents tbody tr', (rows, wanted) => {
    const row = rows.find((r) => {
      const tr = /** @type {HTMLElement} */ (r);
      const cell = /** @type {HTMLElement | null} */ (tr.querySelector('td.col-3'));
      return tr.dataset['status'] !== 'LOGGED_OUT' && (!wanted || cell?.dataset['campaignId'] === wanted);
    });
    return row ? /** @type {HTMLElement} */ (row).dataset['userId'] : undefined;
  }, campaign);
  assert.ok(id, `no logged-in agent${campaign ? ` of campaign ${campaign}` : ''} on the page`);
  return id;
}

/** The user ids of the agent rows on the page shown. */
async function visibleIds(page) {
  return page.$$eval('table.agents tbody tr:not([hidden])', (rows) =>
    rows.map((row) => /** @type {HTMLElement} */ (row).dataset['userId'] ?? ''));
}

async function text(page, selector) {
  return ((await page.textContent(selector)) ?? '').trim();
}

async function shot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** The simulator's control endpoints (open in the test profile). */
async function control(method, path, body) {
  const response = await fetch(`${GATEWAY}/simulator/control${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'text/plain' },
    body,
  });
  if (!response.ok) throw new Error(`${method} /simulator/control${path} answered ${response.status}: ${await response.text()}`);
}

/** The Keycloak admin API of the realm under test. */
async function admin(method, path, body) {
  const base = REALM_URL.slice(0, REALM_URL.indexOf('/realms/'));
  const login = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli',
      username: process.env.KC_BOOTSTRAP_ADMIN_USERNAME || 'admin', password: process.env.KC_BOOTSTRAP_ADMIN_PASSWORD || 'admin' }),
  });
  if (!login.ok) throw new Error(`Keycloak admin sign-in answered ${login.status}`);
  const { access_token: token } = await login.json();
  const realm = REALM_URL.slice(REALM_URL.indexOf('/realms/') + '/realms/'.length);
  const response = await fetch(`${base}/admin/realms/${realm}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** Sets how long the dashboard client's access tokens live ({@code null}: the realm's default). */
async function dashboardTokenLifespan(seconds) {
  const [client] = await admin('GET', '/clients?clientId=agent-monitor-dashboard');
  const attributes = { ...client.attributes };
  if (seconds === null) {
    delete attributes['access.token.lifespan'];
  } else {
    attributes['access.token.lifespan'] = String(seconds);
  }
  await admin('PUT', `/clients/${client.id}`, { ...client, attributes });
}

/** Ends every Keycloak session of the user, as an administrator (or the session's maximum lifespan) would. */
async function endSessionsOf(username) {
  const [user] = await admin('GET', `/users?exact=true&username=${encodeURIComponent(username)}`);
  await admin('POST', `/users/${user.id}/logout`);
}

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: this suite runs from WallboardBrowserTest (./mvnw verify)`);
    process.exit(2);
  }
  return value;
}

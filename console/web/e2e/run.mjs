// Browser tests of the operator console, one function per flow, in a real headless Chromium
// (Debian's /usr/bin/chromium driven by playwright-core; nothing downloads a browser).
// Expects a running console with the data ConsoleBrowserIT (end-to-end-tests) seeds for run id RUN:
// custom fields plan_<RUN>, score_<RUN> and five demo contacts whose company ends with RUN (so other
// tests' data sharing the stack never matches), one demo2 contact:
//   CONSOLE_URL=http://127.0.0.1:8080 RUN=r123 node e2e/run.mjs
// Exit code: the number of failed flows (0 = all passed). Each page's screenshot is written to
// SCREENSHOT_DIR (default: docs/screenshots of the checkout).
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.CONSOLE_URL ?? 'http://127.0.0.1:8080';
const shots = resolve(process.env.SCREENSHOT_DIR ?? resolve(here, '../../../docs/screenshots'));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 15_000;
const RUN = process.env.RUN ?? '';
if (!RUN) throw new Error('RUN (the seed run id) is required');
const PLAN = `cf:plan_${RUN}`;
const SCORE = `cf:score_${RUN}`;
const SEGMENT = `Gold, score 50+ ${RUN}`;
/** This run's contacts only: a view URL with the run id as free-text search, plus more. */
const view = (extra = '') => `${base}/contacts?q=${RUN}${extra}`;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
context.setDefaultTimeout(TIMEOUT);
const page = await context.newPage();
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function eventually(what, probe) {
  const deadline = Date.now() + TIMEOUT;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last === true) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`${what}; last seen: ${JSON.stringify(last)}`);
}

async function shot(name) {
  await page.screenshot({ path: resolve(shots, `${name}.png`), fullPage: true });
}

/** The last names in the contacts table, in order. */
async function lastNames() {
  return page.$$eval('[data-testid=contacts-table] tbody tr', (rows) => rows.map((r) => {
    const headers = [...document.querySelectorAll('[data-testid=contacts-table] thead th')].map((th) => th.textContent?.trim() ?? '');
    const index = headers.findIndex((h) => h.startsWith('Last name'));
    return r.children[index]?.textContent?.trim() ?? '';
  }));
}

async function expectRows(names) {
  const wanted = [...names].sort();
  await eventually(`rows ${wanted.join(', ')}`, async () => {
    if (await page.getAttribute('[data-testid=contacts-table]', 'aria-busy') === 'true') return 'busy';
    const seen = (await lastNames()).sort();
    return JSON.stringify(seen) === JSON.stringify(wanted) ? true : seen;
  });
}

async function signIn(key) {
  await page.goto(`${base}/contacts`);
  await page.waitForURL(/\/sign-in/);
  await page.fill('#api-key', key);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/contacts/);
}

async function openContact(lastName) {
  await page.goto(view(`%20${encodeURIComponent(lastName)}`));
  await expectRows([lastName]);
  await page.click(`[data-testid=contacts-table] tbody tr a:has-text("${lastName}")`);
  await page.waitForSelector('[data-testid=contact-name]');
}

const flows = {
  async 'sign in with the demo key and see its workspace'() {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/sign-in/);
    await shot('sign-in');
    await page.fill('#api-key', 'not-a-key');
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=alert]:has-text("not valid")');
    await page.fill('#api-key', 'demo-key');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/contacts/);
    check((await page.textContent('[data-testid=workspace]'))?.includes('demo'), 'header names the workspace');
    await page.goto(view());
    await expectRows(['Dijkstra', 'Hopper', 'Johnson', 'Lovelace', 'Turing']);
    const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('console.apiKey'), local: localStorage.length }));
    check(stored.session === 'demo-key' && stored.local === 0, 'key kept in sessionStorage only');
    await shot('contacts');
  },

  async 'filter on a custom field with two conditions and see the right rows'() {
    await page.goto(view());
    await expectRows(['Dijkstra', 'Hopper', 'Johnson', 'Lovelace', 'Turing']);
    await page.click('button:has-text("Filters")');
    await page.click('[data-testid=filter-builder] button:has-text("+ Condition")');
    const first = page.locator('[data-testid=filter-row]').nth(0);
    await first.locator('select[aria-label=Field]').selectOption(PLAN);
    await first.locator('select[aria-label=Operator]').selectOption('eq');
    const operators = await first.locator('select[aria-label=Operator] option').evaluateAll((o) => o.map((x) => x.value));
    check(!operators.includes('gt'), `no range operators for an enum: ${operators}`);
    await first.locator('select[aria-label=Value]').selectOption('gold');
    await expectRows(['Hopper', 'Johnson', 'Lovelace']);
    await page.click('[data-testid=filter-builder] button:has-text("+ Condition")');
    const second = page.locator('[data-testid=filter-row]').nth(1);
    await second.locator('select[aria-label=Field]').selectOption(SCORE);
    await second.locator('select[aria-label=Operator]').selectOption('gte');
    await second.locator('input[aria-label=Value]').fill('50');
    await expectRows(['Johnson', 'Lovelace']);
    const url = new URL(page.url());
    check(JSON.parse(url.searchParams.get('filter') ?? 'null')?.all?.length === 2, `filter in the URL: ${url.search}`);
    await shot('contacts-filter');
    // a condition the API refuses (400 naming filter.all[2].value) is flagged on its own row
    await page.click('[data-testid=filter-builder] button:has-text("+ Condition")');
    const third = page.locator('[data-testid=filter-row]').nth(2);
    await third.locator('select[aria-label=Field]').selectOption('phone');
    await third.locator('input[aria-label=Value]').fill('12');
    await third.locator('[role=alert]:has-text("not a valid phone number")').waitFor();
    check(await page.locator('.filter-row.has-problem').count() === 1, 'only the third row is flagged');
    await shot('contacts-filter-problem');
    await third.locator('button[aria-label="Remove condition"]').click();
    await expectRows(['Johnson', 'Lovelace']);
    // the URL is the view: opening it again shows the same rows
    await page.goto(page.url());
    await expectRows(['Johnson', 'Lovelace']);
  },

  async 'save the filtered view as a segment and see its count'() {
    await page.click('button:has-text("Save as segment")');
    await page.fill('#segment-name', SEGMENT);
    await page.click('[role=dialog] button[type=submit]');
    await page.waitForURL(/\/segments/);
    const row = page.locator(`[data-testid=segments-table] tr:has(td:first-child a:text-is("${SEGMENT}"))`);
    await eventually('segment count 2', async () => (await row.locator('[data-testid=segment-count]').textContent()) === '2' || await row.textContent());
    // freeze it: a static snapshot with the same members
    await row.locator('button:has-text("Snapshot now")').click();
    const frozen = page.locator('[data-testid=segments-table] tr', { hasText: `of “${SEGMENT}”` });
    await eventually('snapshot counted', async () => (await frozen.locator('[data-testid=segment-count]').textContent()) === '2' || await frozen.textContent());
    check((await frozen.textContent()).includes('STATIC'), 'the snapshot is a static segment');
    await shot('segments');
    await row.locator('a').click();
    await expectRows(['Johnson', 'Lovelace']);
  },

  async 'export the filtered view as CSV'() {
    const filter = { all: [{ field: PLAN, op: 'eq', value: 'gold' }, { field: SCORE, op: 'gte', value: 50 }] };
    await page.goto(view(`&filter=${encodeURIComponent(JSON.stringify(filter))}`));
    await expectRows(['Johnson', 'Lovelace']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export CSV")')]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
    check(csv[0].includes(`cf:plan_${RUN}`), `header names the custom fields: ${csv[0]}`);
    check(csv.length === 3 && csv.slice(1).every((line) => line.includes(',gold')), `two gold rows: ${csv.join(' | ')}`);
  },

  async 'select two rows and tag them in bulk'() {
    await page.goto(view('&sort=lastName'));
    await expectRows(['Dijkstra', 'Hopper', 'Johnson', 'Lovelace', 'Turing']);
    await page.check('input[aria-label="Select Grace Hopper"]');
    await page.check('input[aria-label="Select Alan Turing"]');
    await page.selectOption('select[aria-label="Bulk action"]', 'ADD_TAGS');
    await page.fill('input[aria-label=Tags]', 'spring-promo');
    await page.click('[data-testid=bulk-bar] button[type=submit]');
    await eventually('bulk job completed', async () => {
      const text = (await page.textContent('[data-testid=bulk-job]').catch(() => '')) ?? '';
      return text.includes('COMPLETED') && text.includes('2 changed') ? true : text;
    });
    await shot('contacts-bulk');
    await page.goto(view(`&filter=${encodeURIComponent(JSON.stringify({ field: 'tags', op: 'eq', value: 'spring-promo' }))}`));
    await expectRows(['Hopper', 'Turing']);
  },

  async 'edit a contact field and see the change on its timeline'() {
    await openContact('Lovelace');
    await page.click('button[aria-label="Edit Company"]');
    await page.fill('#field-company', `Difference Engines Ltd ${RUN}`);
    await page.click('.inline-edit button[type=submit]');
    await page.waitForSelector('button[aria-label="Edit Company"]:has-text("Difference Engines Ltd")');
    // a value the API refuses is shown next to the field
    await page.click('button[aria-label="Edit Email"]');
    await page.fill('#field-email', 'not-an-email');
    await page.click('.inline-edit button[type=submit]');
    await page.waitForSelector('.inline-edit [role=alert]:has-text("email")');
    await page.click('.inline-edit button:has-text("Cancel")');
    await page.waitForSelector('[data-testid=timeline], [data-testid=timeline-unavailable]');
    if (await page.$('[data-testid=timeline-unavailable]')) {
      // contact-service without GET /v1/contacts/{id}/history (it lands separately): nothing to check
      console.log('  NOTE: this contact-service has no history endpoint; timeline check skipped');
    } else {
      await eventually('timeline shows the company change', async () => {
        const timeline = (await page.textContent('[data-testid=timeline]')) ?? '';
        return timeline.includes('company') && timeline.includes('Difference Engines Ltd') ? true : timeline;
      });
    }
    await shot('contact');
  },

  async 'add the contact number to DNC from its page and see the status change'() {
    await openContact('Johnson');
    await page.waitForSelector('[data-testid=dnc-status]:has-text("Callable")');
    await page.fill('[data-testid=dnc-panel] input[aria-label="DNC reason"]', 'asked not to be called');
    await page.click('[data-testid=dnc-panel] button[type=submit]');
    await page.waitForSelector('[data-testid=dnc-status]:has-text("Blocked for every campaign")');
    await page.waitForSelector('[data-testid=dnc-panel] li:has-text("asked not to be called")');
    await shot('contact-dnc');
    await page.goto(view(`&filter=${encodeURIComponent(JSON.stringify({ field: 'dnc', op: 'eq', value: true }))}`));
    await expectRows(['Johnson']);
  },

  async 'custom fields page lists definitions with usage'() {
    await page.goto(`${base}/custom-fields`);
    const plan = page.locator('[data-testid=custom-fields-table] tr', { hasText: PLAN });
    await plan.waitFor();
    const text = await plan.textContent();
    check(text.includes('gold, silver') && text.includes(SEGMENT), `plan row: ${text}`);
    page.once('dialog', (d) => d.accept());
    await plan.locator('button:has-text("Delete")').click();
    await plan.locator('[role=alert]').waitFor();
    check((await plan.locator('[role=alert]').textContent()).includes('409'), 'delete of a field in use explains the 409');
    await shot('custom-fields');
  },

  async 'the other workspace sees none of it'() {
    await page.click('button:has-text("Sign out")');
    await signIn('demo2-key');
    check((await page.textContent('[data-testid=workspace]'))?.includes('demo2'), 'header names demo2');
    await page.goto(view());
    await expectRows(['Other']);
    await page.goto(`${base}/segments`);
    await page.waitForSelector('[data-testid=segments-table], p.state:has-text("No segments yet")');
    check(!(await page.textContent('main')).includes(RUN), "none of demo's segments");
    await page.goto(`${base}/custom-fields`);
    await page.waitForSelector('[data-testid=custom-fields-table], p.state:has-text("No custom fields yet")');
    check(!(await page.textContent('main')).includes(RUN), "none of demo's custom fields");
    await page.goto(view('%20Lovelace'));
    await page.waitForSelector('[data-testid=empty]');
    await shot('other-workspace');
  },
};

let failed = 0;
const only = process.env.FLOWS ? new RegExp(process.env.FLOWS) : null;
for (const [name, flow] of Object.entries(flows)) {
  if (only && !only.test(name)) continue;
  const started = Date.now();
  try {
    await flow();
    console.log(`PASS ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name} (${Date.now() - started} ms): ${e instanceof Error ? e.message : e}`);
    const failure = resolve(process.env.FAILURE_DIR ?? tmpdir(), `console-failure-${Object.keys(flows).indexOf(name)}.png`);
    await page.screenshot({ path: failure, fullPage: true }).then(() => console.log(`  screenshot: ${failure}`)).catch(() => {});
  }
}
if (consoleErrors.length) console.log(`page errors: ${consoleErrors.join(' | ')}`);
await browser.close();
process.exit(failed);

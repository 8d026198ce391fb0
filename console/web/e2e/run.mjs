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


/** The console's API with the demo key, for seeding what a flow needs (campaigns, contacts, segments). */
async function api(method, path, body) {
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers: { Authorization: 'Bearer demo-key', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Signed in as demo on this page (signing out of another workspace first). */
async function asDemo(p = page) {
  await p.goto(`${base}/imports`);
  await p.waitForSelector('#api-key, [data-testid=workspace]');
  if (await p.$('[data-testid=workspace]')) {
    if ((await p.textContent('[data-testid=workspace]'))?.trim() === 'Workspace demo') return;
    await p.click('button:has-text("Sign out")');
    await p.goto(`${base}/imports`);
  }
  await p.waitForSelector('#api-key');
  await p.fill('#api-key', 'demo-key');
  await p.click('button[type=submit]');
  await p.waitForSelector('[data-testid=workspace]');
}

/** A valid US number in 646 (New York) no other run uses, digits only. */
function freshNumber(area = '646') {
  return `${area}${200 + Math.floor(Math.random() * 800)}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
}

/** Campaign `id` as a whole new version: first_name from the contact, plan static; calls on Saturdays 09:00-17:00 only. */
async function seedCampaign(id) {
  await api('PUT', `/resolver/v1/campaigns/${id}/config`, {
    variables: [{ name: 'first_name', binding: 'contact.first_name', required: true },
      { name: 'plan', binding: 'static', value: 'basic', default: 'basic' }],
    callingWindow: { days: ['SAT'], start: '09:00', end: '17:00' }, fallbackTimezone: 'America/New_York', actor: 'seed',
  });
}

const FIXTURE = resolve(here, 'fixtures/customers-100.csv');

async function uploadFixture() {
  await page.goto(`${base}/imports/new`);
  await page.waitForSelector('[data-testid=size-limit]:has-text("B")');
  await page.setInputFiles('[data-testid=file-input]', FIXTURE);
  await page.waitForSelector('[data-testid=mapping-table]');
}

const target = (column) => `[data-testid=mapping-table] select[data-column="${column}"]`;

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

  async 'import customers-100.csv through the wizard, watch it finish, download the errors'() {
    await asDemo();
    await page.goto(`${base}/imports/new`);
    await page.waitForSelector('[data-testid=size-limit]:has-text("B")');
    check(/Size limit: \d/.test(await page.textContent('[data-testid=size-limit]')), 'size limit shown before upload');
    await shot('import-upload');
    await uploadFixture();
    await page.selectOption(target('Phone 1'), 'phone');
    await page.selectOption(target('Country'), 'skip');
    if (await page.inputValue(target('Phone 2')) === 'phone') await page.selectOption(target('Phone 2'), 'skip');
    check(await page.$('[data-testid=clash-warning]') === null, 'no clash warning');
    await shot('import-map');
    await page.click('button:has-text("Review")');
    await page.waitForSelector('[data-testid=review]');
    check((await page.textContent('[data-testid=valid-rows]'))?.trim() === '31', `31 valid rows: ${await page.textContent('[data-testid=valid-rows]')}`);
    check((await page.textContent('[data-testid=code-INVALID_PHONE] h2'))?.includes('INVALID_PHONE: 69'), '69 INVALID_PHONE');
    check((await page.locator('[data-testid=code-INVALID_PHONE] tbody tr').count()) > 0, 'sample rows for INVALID_PHONE');
    await shot('import-review');
    await page.click('button:has-text("Import 31 rows")');
    await page.waitForSelector('[data-testid=progress]');
    await page.waitForSelector('[data-testid=result]', { timeout: 60_000 });
    check((await page.textContent('[data-testid=progress-percent]'))?.trim() === '100 %', `progress 100 %: ${await page.textContent('[data-testid=progress-percent]')}`);
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=errors-csv]')]);
    const csv = readFileSync(await file.path(), 'utf8').split(/\r?\n/).filter((l) => l.trim());
    check(csv[0].includes('error_code') && csv.length - 1 === 69, `errors CSV: 69 rows, got ${csv.length - 1}`);
    check(csv.slice(1).every((l) => l.includes('INVALID_PHONE')), 'every error row is INVALID_PHONE');
    await shot('import-result');
    await page.goto(`${base}/imports`);
    await page.waitForSelector('[data-testid=imports-table]');
    const first = await page.textContent('[data-testid=imports-table] tbody tr:first-child');
    const { keyName } = await api('GET', '/contacts/v1/whoami');
    check(first.includes('customers-100.csv') && first.includes('COMPLETED') && first.includes(keyName), `history row names the key ${keyName}: ${first}`);
    await shot('imports');
  },

  async 'map two columns to one target and see the warning'() {
    await asDemo();
    await uploadFixture();
    await page.selectOption(target('Phone 1'), 'phone');
    await page.selectOption(target('Phone 2'), 'phone');
    await page.waitForSelector('[data-testid=clash-warning]');
    const warning = await page.textContent('[data-testid=clash-warning]');
    check(warning.includes('Phone 1') && warning.includes('Phone 2') && warning.includes('phone'), `warning names both: ${warning}`);
    check(await page.isDisabled('button:has-text("Review")'), 'review refused while clashing');
    await shot('import-clash');
  },

  async 'add a DNC entry, find it in another format, remove it, see both in the audit'() {
    await asDemo();
    const digits = freshNumber();
    const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
    await page.goto(`${base}/dnc`);
    const add = page.locator('[data-testid=add-entry]');
    await add.locator('input[aria-label=phone]').fill(`+1 ${a}-${b}-${c}`);
    await add.locator('input[aria-label=reason]').fill(`asked not to be called ${RUN}`);
    await add.locator('button[type=submit]').click();
    await page.waitForSelector(`[data-testid=added]:has-text("+1${digits}")`);
    await page.fill('[data-testid=check-input]', `(${a}) ${b} ${c}\n12`);
    await page.click('button:has-text("Check")');
    await page.waitForSelector('[data-testid=check-results] .badge:has-text("blocked")');
    const entry = page.locator('[data-testid=matching-entry]').first();
    check((await entry.textContent()).includes(RUN), 'the entry with its reason');
    await entry.locator('button:has-text("Remove")').click();
    await page.fill('[data-testid=remove-form] input', `consent given ${RUN}`);
    await page.click('[data-testid=remove-form] button[type=submit]');
    await page.waitForSelector('[data-testid=check-results] .badge:has-text("callable")');
    await page.click(`[data-testid=check-results] button:has-text("+1${digits}")`);
    await eventually('ADDED and REMOVED in the audit', async () => {
      const text = (await page.textContent('[data-testid=audit-table]').catch(() => '')) ?? '';
      return (text.includes('ADDED') && text.includes('REMOVED') && text.includes(`consent given ${RUN}`)) || text;
    });
    await shot('dnc');
  },

  async 'edit a campaign in two tabs: the second save is refused; restore an earlier version'() {
    await asDemo();
    const id = `c-${RUN}`;
    await seedCampaign(id);
    await page.goto(`${base}/campaigns/${id}`);
    await page.waitForSelector('[data-testid=config-version]:has-text("version 1")');
    const other = await context.newPage();
    await asDemo(other);
    await other.goto(`${base}/campaigns/${id}`);
    await other.waitForSelector('[data-testid=config-version]:has-text("version 1")');
    await page.fill('[data-testid=variable-plan] input[aria-label=default]', 'gold');
    await page.click('[data-testid=save]');
    await page.waitForSelector('[data-testid=saved]:has-text("version 2")');
    await other.fill('[data-testid=variable-plan] input[aria-label=default]', 'silver');
    await other.click('[data-testid=save]');
    await other.waitForSelector('[data-testid=save-error]');
    const refused = await other.textContent('[data-testid=save-error]');
    const { keyName } = await api('GET', '/contacts/v1/whoami');
    check(refused.includes(`Changed by ${keyName}`) && refused.includes('version 2'), `second save refused, naming the key ${keyName}: ${refused}`);
    await other.screenshot({ path: resolve(shots, 'campaign-conflict.png'), fullPage: true });
    await other.close();
    await page.fill('[data-testid=variable-plan] input[aria-label=default]', 'x');
    await page.fill('[data-testid=variable-plan] input[aria-label=name]', 'Plan!');
    await page.click('[data-testid=save]');
    await page.waitForSelector('[data-testid=variables-table] tr.problem');
    await shot('campaign-editor');
    await page.click('[data-testid=tab-history]');
    await page.waitForSelector('[data-testid=diff] td:has-text("variable plan.default")');
    await shot('campaign-history');
    await page.click('[data-testid=restore-1]');
    await page.waitForSelector('[data-testid=config-version]:has-text("version 3")');
    await eventually('restore in the history', async () => {
      const text = await page.textContent('[data-testid=versions-table]');
      return text.includes('restored version 1') || text;
    });
    await page.click('[data-testid=tab-edit]');
    check(await page.inputValue('[data-testid=variable-plan] input[aria-label=default]') === 'basic', 'version 1 back');
  },

  async 'preview a call outside the window, then a readiness report with its chart'() {
    await asDemo();
    const id = `c-${RUN}`;
    await seedCampaign(id);
    const phones = [freshNumber('646'), freshNumber('312'), freshNumber('415')];
    const ids = [];
    for (const [i, phone] of phones.entries()) {
      ids.push((await api('POST', '/contacts/v1/contacts', { phone: `+1${phone}`, firstName: `Reader${i}`, lastName: 'Ready', company: `Readiness ${RUN}` })).id);
    }
    const segment = await api('POST', '/contacts/v1/segments', { name: `Readiness ${RUN}`, type: 'STATIC', contactIds: ids });
    await page.goto(`${base}/campaigns/${id}`);
    await page.click('[data-testid=tab-preview]');
    await page.fill('input[aria-label="preview phone"]', `(${phones[0].slice(0, 3)}) ${phones[0].slice(3, 6)}-${phones[0].slice(6)}`);
    await eventually('BLOCKED_OUTSIDE_WINDOW with nextAllowedAt', async () => {
      await page.click('[data-testid=preview] button:has-text("Resolve")');
      await page.waitForSelector('[data-testid=preview-status]');
      await page.waitForTimeout(300);
      const status = await page.textContent('[data-testid=preview-status]');
      return (status === 'BLOCKED_OUTSIDE_WINDOW' && (await page.$('[data-testid=next-allowed]')) !== null) || status;
    });
    await shot('campaign-preview');
    await page.click('[data-testid=tab-readiness]');
    await page.waitForSelector(`select[aria-label=audience] option[value="segment:${segment.id}"]`, { state: 'attached' });
    await page.selectOption('select[aria-label=audience]', `segment:${segment.id}`);
    await page.click('button:has-text("Run report")');
    await page.waitForSelector('[data-testid=readiness] .badge:has-text("COMPLETED")', { timeout: 30_000 });
    const counts = await page.textContent('[data-testid=readiness] .counts');
    check(/3\s*BLOCKED_OUTSIDE_WINDOW/.test(counts), `three outside the window: ${counts}`);
    check((await page.locator('[data-testid=hour-chart] .recharts-bar-rectangle').count()) > 0, 'the chart has bars');
    await shot('campaign-readiness');
    await page.goto(`${base}/campaigns`);
    await page.waitForSelector(`[data-testid=campaigns-table] a:has-text("${id}")`);
    await shot('campaigns');
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

// A stakeholder's walk through the shipped example in Chromium: what the
// pages show, keyboard reach, narrow screens, dark scheme, print, and a
// screenshot of each page kind under target/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { siteDir, serve, launch, resolveKinds, watch } from './lib.mjs';

const shots = process.env.TRAINYARD_SCREENSHOTS;
const allKinds = ['dashboard', 'calendar', 'release', 'releases', 'service', 'train', 'policies', 'findings', 'notfound'];
let server, browser, kinds;

before(async () => {
  server = await serve(siteDir);
  browser = await launch();
  const page = await browser.newPage();
  kinds = await resolveKinds(page, server.base);
  await page.close();
});
after(async () => { await browser?.close(); await server?.close(); });

async function open(kind, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = watch(page, { allow404: kind === 'notfound' });
  await page.goto(server.base + kinds[kind], { waitUntil: 'load' });
  return { page, context, problems };
}

test('the dashboard lists the upcoming releases', async () => {
  const { page, context } = await open('dashboard');
  const section = page.locator('section[aria-labelledby="upcoming"]');
  await assert.doesNotReject(section.getByRole('heading', { name: /Deploying in the next \d+ days/ }).waitFor());
  const rows = await section.locator('table.releases tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => r.includes('REL-2026-12-001')), `upcoming rows: ${rows.join(' | ')}`);
  assert.ok(rows.some((r) => r.includes('REL-2026-12-002')), `upcoming rows: ${rows.join(' | ')}`);
  await context.close();
});

test('the current month shows a release on its day and a blackout shaded', async () => {
  const { page, context } = await open('dashboard');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Calendar' }).click();
  await page.waitForURL(/calendar\/index\.html$/);
  assert.match(await page.locator('h1').innerText(), /November 2026/);
  const day7 = page.locator('td.day:has(time[datetime="2026-11-07"])');
  assert.match(await day7.locator('.chip').first().innerText(), /REL-2026-11-001/);
  const blackout = page.locator('td.day.has-blackout:not(.outside)').first();
  assert.match(await blackout.innerText(), /Blackout/);
  const shade = await blackout.evaluate((el) => {
    const s = getComputedStyle(el);
    return { image: s.backgroundImage, color: s.backgroundColor };
  });
  const plain = await page.locator('td.day:not(.has-blackout):not(.has-window):not(.outside)').first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.match(shade.image, /repeating-linear-gradient/);
  assert.notEqual(shade.color, plain, 'a blackout day has a background of its own');
  await context.close();
});

test("following a release's link opens its page with the runbook and its table of contents", async () => {
  const { page, context } = await open('calendar');
  await page.locator('.chip a', { hasText: 'REL-2026-11-001' }).click();
  await page.waitForURL(/releases\/REL-2026-11-001\/index\.html$/);
  const toc = page.getByRole('navigation', { name: 'On this page' });
  await toc.getByRole('link', { name: 'Runbook' }).click();
  await page.waitForURL(/#runbook$/);
  assert.equal(await page.locator('#h-runbook').innerText(), 'Runbook');
  const contents = page.getByRole('navigation', { name: 'Runbook contents' }).getByRole('link');
  assert.ok((await contents.count()) > 0, 'the runbook has a table of contents');
  const first = contents.first();
  const target = (await first.getAttribute('href')).slice(1);
  await first.click();
  assert.equal(await page.locator(`[id="${target}"]`).count(), 1, `the runbook has the heading #${target}`);
  assert.ok((await page.locator('#runbook .prose').innerText()).length > 100, 'the runbook has text');
  await context.close();
});

test('the policies page shows the test matrix', async () => {
  const { page, context } = await open('policies');
  const table = page.getByRole('table', { name: 'Minimum test level by release type' });
  const head = await table.locator('thead th').allInnerTexts();
  for (const t of ['major', 'minor', 'patch', 'emergency']) assert.ok(head.includes(t), `matrix columns: ${head}`);
  assert.ok((await table.locator('tbody tr').count()) >= 2, 'the matrix has a row per test category');
  await context.close();
});

test('every page kind loads with no console error and no failed request, and is saved as a screenshot', async () => {
  for (const [width, suffix] of [[1280, ''], [375, '-375']]) {
    for (const kind of allKinds) {
      const { page, context, problems } = await open(kind, { viewport: { width, height: 900 } });
      if (shots) await page.screenshot({ path: join(shots, `${kind}${suffix}.png`), fullPage: true });
      assert.deepEqual(problems, [], `${kinds[kind]} at ${width} px`);
      await context.close();
    }
  }
});

test('keyboard only: Tab reaches every link and every scrolling table, Enter follows a link', async () => {
  for (const kind of allKinds) {
    const { page, context } = await open(kind);
    const wanted = await page.evaluate(() => {
      const scrolls = (el) => el.scrollWidth > el.clientWidth && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
      const all = [...document.querySelectorAll('a[href], *')].filter((el) => (el.matches('a[href]') || scrolls(el)) && el.getClientRects().length > 0);
      [...new Set(all)].forEach((el, i) => el.setAttribute('data-want', String(i)));
      return new Set(all).size;
    });
    const reached = new Set();
    for (let i = 0; i < wanted * 2 + 20 && reached.size < wanted; i++) {
      await page.keyboard.press('Tab');
      const w = await page.evaluate(() => document.activeElement?.getAttribute('data-want'));
      if (w !== null && w !== undefined) reached.add(w);
    }
    const missed = await page.evaluate((got) => [...document.querySelectorAll('[data-want]')]
      .filter((el) => !got.includes(el.getAttribute('data-want')))
      .map((el) => el.outerHTML.slice(0, 120)), [...reached]);
    assert.deepEqual(missed, [], `${kinds[kind]}: not reachable with Tab`);
    await context.close();
  }
  const { page, context } = await open('dashboard');
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => /REL-2026-12-001/.test(document.activeElement?.textContent ?? '') && document.activeElement.tagName === 'A')) break;
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(/releases\/REL-2026-12-001\/index\.html$/);
  await context.close();
});

test('at 375 px wide nothing but a table scrolls sideways', async () => {
  for (const kind of allKinds) {
    const { page, context } = await open(kind, { viewport: { width: 375, height: 800 } });
    const found = await page.evaluate(() => {
      const out = [];
      if (document.documentElement.scrollWidth > window.innerWidth) out.push(`the page itself is ${document.documentElement.scrollWidth} px wide`);
      for (const el of document.querySelectorAll('body *')) {
        const s = getComputedStyle(el);
        if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(s.overflowX)) {
          const isTable = el.classList.contains('table-scroll') || el.tagName === 'TABLE';
          if (!isTable) out.push(el.outerHTML.slice(0, 120));
        }
      }
      return out;
    });
    assert.deepEqual(found, [], `${kinds[kind]} at 375 px`);
    await context.close();
  }
});

test('in the dark scheme the text keeps WCAG AA contrast', async () => {
  const { createRequire } = await import('node:module');
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  for (const kind of allKinds) {
    const { page, context } = await open(kind, { colorScheme: 'dark' });
    assert.ok(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches));
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(bg, 'rgb(255, 255, 255)', 'the dark scheme has a dark background');
    await page.addScriptTag({ path: axePath });
    const r = await page.evaluate(() => window.axe.run(document, { runOnly: ['color-contrast'] }));
    const bad = r.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`));
    assert.deepEqual(bad, [], `${kinds[kind]} in the dark scheme`);
    await context.close();
  }
});

test('the print stylesheet hides navigation', async () => {
  for (const kind of ['dashboard', 'calendar', 'release']) {
    const { page, context } = await open(kind);
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => [...document.querySelectorAll('nav, .site-header, .skip')]
      .filter((el) => !el.classList.contains('runbook-toc') && el.getClientRects().length > 0)
      .map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(shown, [], `${kinds[kind]} in print`);
    if (kind === 'release') {
      assert.ok(await page.locator('#runbook').isVisible(), 'the runbook prints');
    }
    await context.close();
  }
});

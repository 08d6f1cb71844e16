// Shared by the browser tests: a static server for a built site, Chromium
// started through playwright-core, and the list of page kinds to visit.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';
import { chromium } from 'playwright-core';

/** The built shipped example (run.sh builds it with a pinned --today). */
export const siteDir = process.env.TRAINYARD_SITE;
if (!siteDir) throw new Error('TRAINYARD_SITE must name the built site (run tests/browser/run.sh)');

/** One page of each kind, by path under the site root. */
export const pageKinds = {
  dashboard: 'index.html',
  calendar: 'calendar/2026-11/index.html',
  release: 'releases/REL-2026-11-001/index.html',
  releases: 'releases/index.html',
  service: null, // the first service the services page links to
  train: null, // the first train the trains page links to
  policies: 'policies/index.html',
  findings: 'findings/index.html',
  notfound: 'no-such-page/index.html',
};

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/atom+xml', '.ics': 'text/calendar; charset=utf-8',
  '.png': 'image/png', '.svg': 'image/svg+xml',
};

/** Serves `dir` on 127.0.0.1 at a free port; missing files get 404.html with status 404. */
export async function serve(dir) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': types['.html'] });
      res.end(await readFile(join(dir, '404.html')));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}/`;
  return { base, close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }) };
}

/**
 * Debian's Chromium, headless, with no network of its own. playwright-core
 * gives each launch a fresh profile folder (its own --user-data-dir).
 */
export async function launch() {
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args, headless: true, timeout: 30_000,
  });
}

/** Fills in the service and train page paths from the site's own index pages. */
export async function resolveKinds(page, base) {
  const kinds = { ...pageKinds };
  for (const [kind, index] of [['service', 'services/index.html'], ['train', 'trains/index.html']]) {
    await page.goto(base + index);
    const href = await page.locator(`main a[href$="/index.html"]`).first().getAttribute('href');
    kinds[kind] = new URL(href, base + index).href.slice(base.length);
  }
  return kinds;
}

/**
 * Records console errors, page errors, failed requests and error statuses
 * of a page; `allow404` lets the main document of the 404 page through.
 */
export function watch(page, { allow404 = false } = {}) {
  const problems = [];
  page.on('console', (m) => {
    // Chromium logs the 404 page's own status as a console error.
    const own404 = allow404 && m.location().url === page.url() && / status of 404 /.test(m.text());
    if (m.type() === 'error' && !own404) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    const mainDoc = r.request().isNavigationRequest();
    if (r.status() >= 400 && !(allow404 && mainDoc && r.status() === 404)) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

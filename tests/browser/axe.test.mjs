// axe-core on one page of each kind, in light and dark colour schemes:
// no serious or critical violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { siteDir, serve, launch, resolveKinds } from './lib.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let server, browser, kinds;

before(async () => {
  server = await serve(siteDir);
  browser = await launch();
  const page = await browser.newPage();
  kinds = await resolveKinds(page, server.base);
  await page.close();
});
after(async () => { await browser?.close(); await server?.close(); });

for (const scheme of ['light', 'dark']) {
  for (const kind of ['dashboard', 'calendar', 'release', 'releases', 'service', 'train', 'policies', 'findings', 'notfound']) {
    test(`axe: ${kind} page in the ${scheme} scheme has no serious or critical violation`, { timeout: 60_000 }, async () => {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(server.base + kinds[kind]);
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      await context.close();
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('')}`).join('\n')}`);
      assert.deepEqual(bad, [], `${kinds[kind]}:\n  ${bad.join('\n  ')}`);
    });
  }
}

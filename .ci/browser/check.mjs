// Browser checks of every page of a running portal, in Debian's chromium:
// axe-core (WCAG 2.1 AA) with JavaScript off (the pages must work without
// it), no request to another origin, and a phone-width screenshot of the
// home page of each language.
//
// Usage: node check.mjs BASE_URL ARTIFACTS_DIR
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';

const [base, artifacts = 'artifacts'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node check.mjs BASE_URL [ARTIFACTS_DIR]');
  process.exit(2);
}
const origin = new URL(base).origin;
const languages = ['es', 'en', 'fr', 'ar'];

async function text(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.text();
}

// Every page Hugo lists in its sitemaps, plus the 404 page of each language.
async function pageURLs() {
  const locs = (xml) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  const root = await text(new URL('sitemap.xml', base));
  let urls = [];
  if (root.includes('<sitemapindex')) {
    for (const child of locs(root)) urls.push(...locs(await text(new URL(new URL(child).pathname, base))));
  } else {
    urls = locs(root);
  }
  // The sitemap carries the build's base URL: ask our server instead.
  urls = urls.map((u) => new URL(new URL(u).pathname, base).href);
  for (const l of languages) urls.push(new URL((l === 'es' ? '' : l + '/') + 'no-such-page/', base).href);
  return [...new Set(urls)].sort();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let failures = 0;
try {
  const urls = await pageURLs();
  console.log(`Checking ${urls.length} pages with axe-core (WCAG 2.1 AA), JavaScript off…`);
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const foreign = new Set();
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol.startsWith('http') && u.origin !== origin) foreign.add(`${page.url()} → ${req.url()}`);
  });
  let done = 0;
  for (const url of urls) {
    const res = await page.goto(url, { waitUntil: 'load' });
    const expect404 = url.includes('/no-such-page/');
    if (!res || (expect404 ? res.status() !== 404 : !res.ok())) {
      console.log(`FAIL ${url}: HTTP ${res && res.status()}`);
      failures++;
    }
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of result.violations) {
      failures++;
      console.log(`FAIL ${url}: [${v.impact}] ${v.id}: ${v.help}`);
      for (const n of v.nodes.slice(0, 3)) console.log(`       ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(1, 2).join(' ').trim()}`);
    }
    done++;
    if (done % 25 === 0) console.log(`  ${done}/${urls.length} pages`);
  }
  for (const f of foreign) {
    failures++;
    console.log(`FAIL third-party request: ${f}`);
  }
  console.log(`axe-core: ${urls.length} pages, ${failures} problems.`);

  mkdirSync(`${artifacts}/screenshots`, { recursive: true });
  const shots = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const shot = await shots.newPage();
  for (const l of languages) {
    const prefix = l === 'es' ? '' : l + '/';
    for (const [name, path] of [['home', ''], ['municipalities', 'municipalities/']]) {
      await shot.goto(new URL(prefix + path, base).href, { waitUntil: 'load' });
      const file = `${artifacts}/screenshots/${name}-${l}.png`;
      await shot.screenshot({ path: file, fullPage: false });
      console.log(`screenshot ${file}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`${failures === 0 ? 'OK' : 'FAILED'}: browser checks, ${failures} problems`);
process.exit(failures === 0 ? 0 : 1);

// Browser checks of every page of a running portal, in Debian's chromium:
// axe-core (WCAG 2.1 AA) with JavaScript off (the pages must work without
// it), no request to another origin, and a phone-width screenshot of the
// home page of each language.
//
// "JavaScript off" is done by blocking every script the pages load (they
// have no inline ones: the CSP forbids them); axe itself needs scripts on.
//
// Layout checks too (layout.mjs): 44 px tap targets on the search pages, a
// header of at most 120 px at 360 px wide, and a form sent with mistakes
// that shows them first, under an "Error:" title.
//
// With a set-up link of a back-office account (from `senderos staff add`),
// the back-office pages are checked too (see staff.mjs).
//
// Usage: node check.mjs BASE_URL ARTIFACTS_DIR [STAFF_SETUP_LINK]
// With SAMPLE=1, axe-core checks one page of each kind in each language
// instead of all (a quick run while working; .ci/run checks all).
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync, writeFileSync } from 'node:fs';
import { checkStaff } from './staff.mjs';
import { checkFamily } from './family.mjs';
import { errorPageProblems, headerTooTall, smallTargets } from './layout.mjs';

const [base, artifacts = 'artifacts', staffLink] = process.argv.slice(2);
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
  for (const l of languages) {
    const prefix = l === 'es' ? '' : l + '/';
    // Pages the sitemap leaves out: the 404 page and the thank-you pages.
    for (const p of ['no-such-page/', 'move/thanks/', 'join/thanks/', 'host/thanks/']) urls.push(new URL(prefix + p, base).href);
  }
  return [...new Set(urls)].sort();
}

// oneOfEachKind keeps the first URL of each language, section and kind
// (a section's list, or a page in it).
function oneOfEachKind(urls) {
  const kinds = new Map();
  for (const url of urls) {
    const parts = new URL(url).pathname.split('/').filter(Boolean);
    const l = languages.includes(parts[0]) ? parts.shift() : 'es';
    const kind = `${l} ${parts[0] || 'home'} ${parts.length > 1 ? 'page' : 'list'}`;
    if (!kinds.has(kind)) kinds.set(kind, url);
  }
  return [...kinds.values()];
}

// checkPage loads one page and returns how many problems it has.
// A null url checks the page as it is.
async function checkPage(page, url) {
  let problems = 0;
  if (url) {
    const res = await page.goto(url, { waitUntil: 'load' });
    const expect404 = url.includes('/no-such-page/');
    if (!res || (expect404 ? res.status() !== 404 : !res.ok())) {
      console.log(`FAIL ${url}: HTTP ${res && res.status()}`);
      problems++;
    }
  } else {
    url = page.url();
  }
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of result.violations) {
    problems++;
    console.log(`FAIL ${url}: [${v.impact}] ${v.id}: ${v.help}`);
    for (const n of v.nodes.slice(0, 3)) console.log(`       ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(1, 2).join(' ').trim()}`);
  }
  return problems;
}

// report prints each problem of a page and returns how many there were.
function report(url, problems) {
  for (const p of problems) console.log(`FAIL ${url}: ${p}`);
  return problems.length;
}

// What a finger must be able to hit on the search pages: the form, the
// facets, the pages of results, the header's links and menu button.
const searchTargets = '.search-form input:not([type=hidden]), .search-form select, .search-form button, ' +
  '.search-facets a, nav.pagination a, .lang-switch a, .menu > summary';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let failures = 0;
try {
  const all = await pageURLs();
  const urls = process.env.SAMPLE === '1' ? oneOfEachKind(all) : all;
  console.log(`Checking ${urls.length} pages${urls === all ? '' : ` (one of each kind of ${all.length})`} with axe-core (WCAG 2.1 AA), JavaScript off…`);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.route('**/*', (route) => (route.request().resourceType() === 'script' ? route.abort() : route.continue()));
  const foreign = new Set();
  const newPage = async () => {
    const p = await context.newPage();
    p.on('request', (req) => {
      const u = new URL(req.url());
      if (u.protocol.startsWith('http') && u.origin !== origin) foreign.add(`${p.url()} → ${req.url()}`);
    });
    return p;
  };
  let page = await newPage();
  let done = 0;
  for (const url of urls) {
    try {
      failures += await checkPage(page, url);
    } catch (err) {
      failures++;
      console.log(`FAIL ${url}: ${err.message.split('\n')[0]}`);
      page = await newPage();
    }
    done++;
    if (done % 25 === 0) console.log(`  ${done}/${urls.length} pages`);
  }
  for (const f of foreign) {
    failures++;
    console.log(`FAIL third-party request: ${f}`);
  }
  // The pages the API answers a form with when something is wrong, saved
  // with the search results for the Nu HTML Checker.
  const apiHTML = `${artifacts}/api-html`;
  mkdirSync(apiHTML, { recursive: true });
  for (const l of languages) {
    const prefix = l === 'es' ? '' : l + '/';
    for (const form of ['move/form/', 'join/form/', 'host/form/']) {
      const url = new URL(prefix + form, base).href;
      try {
        await page.goto(url, { waitUntil: 'load' });
        // Sent empty by its button, as a person would: novalidate lets it go.
        const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 10000 }), page.locator('form.intake-form button[type=submit]').click()]);
        if (res) writeFileSync(`${apiHTML}/${form.split('/')[0]}-errors-${l}.html`, await res.text());
        let problems = await checkPage(page, null);
        problems += report(`error page of ${url}`, await errorPageProblems(page, l));
        failures += problems;
        console.log(`${problems ? 'FAIL' : 'ok  '} error page of ${url}`);
      } catch (err) {
        failures++;
        console.log(`FAIL error page of ${url}: ${err.message.split('\n')[0]}`);
        page = await newPage();
      }
    }
  }
  // The search results the API renders in the site's look for a search
  // sent without JavaScript: results, no results, and a refused query.
  const searches = { es: 'escuela', en: 'school', fr: 'école', ar: 'مدرسة' };
  let searchPages = 0;
  for (const l of languages) {
    for (const [q, status] of [[searches[l], 200], ['xilófono', 200], ['', 400]]) {
      const url = new URL(`api/v1/search?${new URLSearchParams({ q, lang: l, format: 'html' })}`, base).href;
      searchPages++;
      try {
        const res = await page.goto(url, { waitUntil: 'load' });
        if (res) writeFileSync(`${apiHTML}/search-${l}-${status}-${searchPages}.html`, await res.text());
        let problems = 0;
        if (!res || res.status() !== status) {
          console.log(`FAIL ${url}: HTTP ${res && res.status()}, want ${status}`);
          problems++;
        }
        if (q === searches[l] && (await page.locator('#search-results li').count()) === 0) {
          console.log(`FAIL ${url}: no results listed`);
          problems++;
        }
        problems += await checkPage(page, null);
        problems += report(url, await smallTargets(page, searchTargets));
        failures += problems;
        console.log(`${problems ? 'FAIL' : 'ok  '} search results ${l} «${q}» (HTTP ${status})`);
      } catch (err) {
        failures++;
        console.log(`FAIL ${url}: ${err.message.split('\n')[0]}`);
        page = await newPage();
      }
    }
  }
  console.log(`axe-core: ${urls.length} pages, 12 form error pages and ${searchPages} search result pages, ${failures} problems.`);

  // At 360 px wide: the header of one page of each kind in each language
  // is at most 120 px high, and the search page's targets are 44 px.
  const phone = await browser.newContext({ viewport: { width: 360, height: 800 } });
  await phone.route('**/*', (route) => (route.request().resourceType() === 'script' ? route.abort() : route.continue()));
  const small = await phone.newPage();
  const kinds = oneOfEachKind(all);
  let phoneProblems = 0;
  for (const url of kinds) {
    try {
      await small.goto(url, { waitUntil: 'load' });
      phoneProblems += report(url, await headerTooTall(small, 120));
      if (/\/search\/$/.test(url)) phoneProblems += report(url, await smallTargets(small, searchTargets));
    } catch (err) {
      phoneProblems++;
      console.log(`FAIL ${url} at 360 px: ${err.message.split('\n')[0]}`);
    }
  }
  failures += phoneProblems;
  console.log(`${phoneProblems ? 'FAIL' : 'ok  '} at 360 px: the header of ${kinds.length} pages (one of each kind and language) at most 120 px, the search pages' targets 44 px`);

  // Search as you type, with JavaScript on: typing fills the results
  // without leaving the page, and the page stays accessible.
  const live = await browser.newContext({ viewport: { width: 390, height: 844 } });
  for (const l of languages) {
    const prefix = l === 'es' ? '' : l + '/';
    const url = new URL(prefix + 'search/', base).href;
    const p = await live.newPage();
    try {
      await p.goto(url, { waitUntil: 'load' });
      await p.locator('input[name="q"]').pressSequentially(searches[l], { delay: 40 });
      await p.locator('#search-results li').first().waitFor({ timeout: 10000 });
      const problems = (p.url() === url ? 0 : 1) + (await checkPage(p, null));
      if (p.url() !== url) console.log(`FAIL ${url}: typing left the page for ${p.url()}`);
      failures += problems;
      console.log(`${problems ? 'FAIL' : 'ok  '} search as you type ${l}: ${await p.locator('#search-results li').count()} results`);
    } catch (err) {
      failures++;
      console.log(`FAIL search as you type ${url}: ${err.message.split('\n')[0]}`);
    } finally {
      await p.close();
    }
  }

  if (staffLink) {
    const blockScripts = (ctx) => ctx.route('**/*', (route) => (route.request().resourceType() === 'script' ? route.abort() : route.continue()));
    try {
      failures += await checkStaff({ browser, base, link: staffLink, artifacts, checkPage, blockScripts });
    } catch (err) {
      failures++;
      console.log(`FAIL back-office: ${err.message.split('\n')[0]}`);
    }
  }

  failures += await checkFamily({ browser, base, artifacts, checkPage });

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
  // At 360 px, Spanish and Arabic (right to left): the search page and its
  // results, the families' form and that form sent back with mistakes.
  const narrow = await browser.newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 1, javaScriptEnabled: false });
  const n = await narrow.newPage();
  for (const l of ['es', 'ar']) {
    const prefix = l === 'es' ? '' : l + '/';
    for (const [name, path] of [['search', 'search/'], ['results', `api/v1/search?${new URLSearchParams({ q: searches[l], lang: l, format: 'html' })}`], ['form', 'move/form/'], ['form-errors', 'move/form/']]) {
      await n.goto(new URL(path.startsWith('api/') ? path : prefix + path, base).href, { waitUntil: 'load' });
      if (name === 'form-errors') await Promise.all([n.waitForNavigation({ waitUntil: 'load' }), n.locator('form.intake-form button[type=submit]').click()]);
      const file = `${artifacts}/screenshots/${name}-${l}-360.png`;
      await n.screenshot({ path: file, fullPage: false });
      console.log(`screenshot ${file}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`${failures === 0 ? 'OK' : 'FAILED'}: browser checks, ${failures} problems`);
process.exit(failures === 0 ? 0 : 1);

// The family's own page (/family/{token}) and the municipality's private
// page (/village/{token}), with JavaScript off:
// - the neutral page a wrong link gets, asked for in each language (it is
//   one page in the four), answered 404, saved for the Nu HTML Checker and
//   screenshotted at 360 px;
// - the pages the Go tests in cmd/senderos saved (the plan, the feedback
//   form with a problem, the thank-you: TestFamilyPageInBrowser; a
//   proposal on the family's page, declined without a reason, answered,
//   and the village's page, its job offer form with a problem, its answer
//   to the proposal: TestMatchPagesInBrowser; both with
//   SENDEROS_FAMILY_ARTIFACTS), each served again at a /family/ path of the
//   running portal so that its stylesheet (an absolute /family/ or
//   /village/ path) loads, and checked by axe-core.
// Every page: noindex, and no request to any other site.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

export async function checkFamily({ browser, base, artifacts, checkPage }) {
  const origin = new URL(base).origin;
  const html = `${artifacts}/family-html`;
  mkdirSync(html, { recursive: true });
  mkdirSync(`${artifacts}/screenshots`, { recursive: true });
  // JavaScript off as in check.mjs: every script the page loads is blocked
  // (axe-core itself needs JavaScript to run).
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 1 });
  await context.route('**/*', (route) => (route.request().resourceType() === 'script' ? route.abort() : route.continue()));
  let failures = 0;
  const foreign = new Set();
  const page = await context.newPage();
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.origin !== origin && u.protocol !== 'data:') foreign.add(u.href);
  });
  const noindex = async (url) => {
    const robots = await page.locator('meta[name=robots]').getAttribute('content');
    if (!robots || !robots.includes('noindex')) {
      console.log(`FAIL ${url}: no noindex`);
      return 1;
    }
    return 0;
  };

  // A made-up token: 43 characters like a real one (four tries, well under
  // the portal's limit of wrong links per address).
  for (const l of ['es', 'en', 'fr', 'ar']) {
    const url = new URL(`family/${'x'.repeat(40)}ci${l[0]}?lang=${l}`, base).href;
    let problems = 0;
    const res = await page.goto(url, { waitUntil: 'load' });
    if (!res || res.status() !== 404) {
      console.log(`FAIL ${url}: HTTP ${res && res.status()}, want 404`);
      problems++;
    }
    if (res) writeFileSync(`${html}/neutral-${l}.html`, await res.text());
    problems += (await noindex(url)) + (await checkPage(page, null));
    await page.screenshot({ path: `${artifacts}/screenshots/family-neutral-${l}-360.png`, fullPage: true });
    failures += problems;
    console.log(`${problems ? 'FAIL' : 'ok  '} family page, neutral (${l})`);
  }

  for (const l of ['es', 'ar']) {
    const url = new URL(`village/${'x'.repeat(40)}cv${l[0]}?lang=${l}`, base).href;
    let problems = 0;
    const res = await page.goto(url, { waitUntil: 'load' });
    if (!res || res.status() !== 404) {
      console.log(`FAIL ${url}: HTTP ${res && res.status()}, want 404`);
      problems++;
    }
    if (res) writeFileSync(`${html}/village-neutral-${l}.html`, await res.text());
    problems += (await noindex(url)) + (await checkPage(page, null));
    await page.screenshot({ path: `${artifacts}/screenshots/village-neutral-${l}-360.png`, fullPage: true });
    failures += problems;
    console.log(`${problems ? 'FAIL' : 'ok  '} village page, neutral (${l})`);
  }

  const saved = `${artifacts}/family-go/html`;
  const files = existsSync(saved) ? readdirSync(saved).filter((f) => f.endsWith('.html')) : [];
  for (const f of files) {
    const url = new URL(`family/saved-${f.replace(/\.html$/, '')}`, base).href;
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: readFileSync(`${saved}/${f}`, 'utf8') }));
    await page.goto(url, { waitUntil: 'load' });
    const problems = (await noindex(url)) + (await checkPage(page, null));
    failures += problems;
    console.log(`${problems ? 'FAIL' : 'ok  '} family page ${f}`);
  }
  if (files.length === 0) console.log('note: no family pages saved by the Go test (SENDEROS_FAMILY_ARTIFACTS): only the neutral page checked');
  for (const f of foreign) {
    failures++;
    console.log(`FAIL family page asked another site for ${f}`);
  }
  await context.close();
  return failures;
}

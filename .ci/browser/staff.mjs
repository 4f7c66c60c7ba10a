// Browser checks of the back-office (/staff/): an account made by
// `senderos staff add` is set up from its link (password and a TOTP code
// computed here), then every kind of back-office page is checked with
// axe-core in each language, JavaScript off, and saved for the Nu HTML
// Checker.
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';

const languages = ['es', 'en', 'fr', 'ar'];

// totp is the RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret.
function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

async function send(base, path, body) {
  const res = await fetch(new URL(path, base), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()).reference;
}

// checkStaff returns the number of problems found.
export async function checkStaff({ browser, base, link, artifacts, checkPage, blockScripts }) {
  let failures = 0;
  const htmlDir = `${artifacts}/staff-html`;
  mkdirSync(htmlDir, { recursive: true });
  await send(base, 'api/v1/interest', {
    lang: 'es', adults: 2, children: [{ age: 7, stage: 'primary' }], languages: ['ar', 'fr'], spanish_level: 'basic',
    city: 'Zaragoza', province_code: '50', sectors: ['agriculture'], skills: 'Poda y riego', regions: ['02'],
    bedrooms: 3, move_when: 'asap', name: 'Familia Comprobación', phone: '612 345 987', contact_language: 'ar',
    channel: 'whatsapp', consent: true, privacy_version: '2026-11',
  });
  await send(base, 'api/v1/municipalities', {
    lang: 'es', ine_code: '44013', contact_name: 'Persona Contacto', role: 'Agente de desarrollo',
    email: 'adl@example.org', phone: '978 654 321', population: 16000, homes: 4, rent_min: 250, rent_max: 450,
    services: ['school'], description: 'Un pueblo **con escuela**.', consent: true, privacy_version: '2026-11',
  });

  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  if (blockScripts) await blockScripts(context);
  const page = await context.newPage();
  const check = async (name, url, expectStatus = 200) => {
    let problems = 0;
    const res = await page.goto(url, { waitUntil: 'load' });
    if (!res || res.status() !== expectStatus) {
      console.log(`FAIL ${url}: HTTP ${res && res.status()}, want ${expectStatus}`);
      problems++;
    }
    problems += await checkPage(page, null);
    // The HTML as the server sent it, for the Nu HTML Checker.
    if (res) writeFileSync(`${htmlDir}/${name}.html`, await res.text());
    console.log(`${problems ? 'FAIL' : 'ok  '} back-office ${name}`);
    return problems;
  };

  // The login pages, before any account is set up.
  for (const l of languages) failures += await check(`login-${l}`, new URL(`staff/login?lang=${l}`, base).href);

  // Set up the account from its one-time link.
  failures += await check('setup-es', link);
  const secret = await page.locator('code.secret').innerText();
  const password = 'comprobación de accesibilidad';
  await page.fill('#password', password);
  await page.fill('#password2', password);
  await page.fill('#code', totp(secret));
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main form button[type=submit]')]);
  if (!(await page.locator('form.logout').count())) {
    console.log(`FAIL set-up did not log in: at ${page.url()}`);
    return failures + 1;
  }

  // The link works once.
  failures += await check('setup-used-es', link, 404);

  // Find a family and a municipality to open.
  await page.goto(new URL('staff/families', base).href);
  const family = await page.locator('main table a[href*="/staff/families/"]').first().getAttribute('href');
  await page.goto(new URL('staff/municipalities', base).href);
  const muni = await page.locator('main table a[href*="/staff/municipalities/"]').first().getAttribute('href');

  const pages = [
    ['home', 'staff/'],
    ['families', 'staff/families'],
    ['families-filtered', 'staff/families?status=new&sector=agriculture'],
    ['family', family.slice(1)],
    ['family-erase', family.slice(1) + '/erase'],
    ['municipalities', 'staff/municipalities'],
    ['municipality', muni.slice(1)],
    ['accounts', 'staff/accounts'],
    ['audit', 'staff/audit'],
  ];
  for (const l of languages) {
    for (const [name, path] of pages) {
      const sep = path.includes('?') ? '&' : '?';
      failures += await check(`${name}-${l}`, new URL(`${path}${sep}lang=${l}`, base).href);
    }
    failures += await check(`not-found-${l}`, new URL(`staff/families/999999?lang=${l}`, base).href, 404);
  }

  // An approved municipality's page has the job offer form.
  await page.goto(new URL(muni.slice(1), base).href);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action$="/approve"] button')]);
  for (const l of languages) failures += await check(`municipality-approved-${l}`, new URL(`${muni.slice(1)}?lang=${l}`, base).href);

  // The second step of a login: the code page.
  await page.click('form.logout button');
  for (const l of languages) {
    await page.goto(new URL(`staff/login?lang=${l}`, base).href);
    await page.fill('#email', 'ci@cepaim.example');
    await page.fill('#password', password);
    const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main form button[type=submit]')]);
    const problems = await checkPage(page, null) + ((await page.locator('#code').count()) ? 0 : 1);
    if (res) writeFileSync(`${htmlDir}/login-code-${l}.html`, await res.text());
    console.log(`${problems ? 'FAIL' : 'ok  '} back-office login-code-${l}`);
    failures += problems;
  }
  await context.close();
  return failures;
}

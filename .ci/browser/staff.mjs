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
  await send(base, 'api/v1/hosts', {
    lang: 'es', ine_code: '44013', kind: 'family', people: 3, languages: ['es', 'ar'], offers: ['welcome', 'spanish'],
    about: 'Tenemos huerto y nos gusta cocinar.', name: 'Anfitriona Comprobación', phone: '612 345 678',
    contact_language: 'es', channel: 'phone', consent: true, privacy_version: '2026-11',
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
  await page.goto(new URL('staff/hosts', base).href);
  const host = await page.locator('main table a[href*="/staff/hosts/"]').first().getAttribute('href');

  const pages = [
    ['home', 'staff/'],
    ['families', 'staff/families'],
    ['families-filtered', 'staff/families?status=new&sector=agriculture'],
    ['family', family.slice(1)],
    ['family-erase', family.slice(1) + '/erase'],
    ['municipalities', 'staff/municipalities'],
    ['municipality', muni.slice(1)],
    ['hosts', 'staff/hosts'],
    ['hosts-filtered', 'staff/hosts?status=new&province=44&village=alca'],
    ['host', host.slice(1)],
    ['host-erase', host.slice(1) + '/erase'],
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

  // An approved host's page: the interview's note, and no review form.
  await page.goto(new URL(host.slice(1), base).href);
  await page.fill('#interview-note', 'Entrevista en su casa: muy dispuestos.');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action$="/review"] button[value=approved]')]);
  for (const l of languages) failures += await check(`host-approved-${l}`, new URL(`${host.slice(1)}?lang=${l}`, base).href);

  // A case, made through the forms as a technician would: the family
  // interviewed, its case opened, the interview, an itinerary of three
  // goals and two tasks, the family's agreement, a visit and the move.
  failures += await checkCase({ page, base, family, check, htmlDir, artifacts, context });

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

// submit clicks the button of the form matched by form and waits for the
// page it leads to.
async function submit(page, form, button = 'button[type=submit]') {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`${form} ${button}`)]);
}

// checkCase makes a case through the back-office's forms, then checks its
// pages in every language and saves them at 360 px wide.
async function checkCase({ page, base, family, check, artifacts, context }) {
  let failures = 0;
  const today = new Date().toISOString().slice(0, 10);
  const later = (days) => new Date(Date.now() + days * 864e5).toISOString().slice(0, 10);
  for (const status of ['contacted', 'interviewed']) {
    await page.goto(new URL(family.slice(1), base).href);
    await page.selectOption('form[action$="/status"] select', status);
    await submit(page, 'form[action$="/status"]');
  }
  await page.goto(new URL(family.slice(1), base).href);
  await submit(page, 'form[action$="/case"]');
  const casePath = new URL(page.url()).pathname;
  if (!/^\/staff\/cases\/[0-9]+$/.test(casePath)) {
    console.log(`FAIL opening a case went to ${page.url()}`);
    return 1;
  }
  const at = (path) => new URL(casePath.slice(1) + path, base).href;

  await page.goto(at('/interview'));
  await page.fill('#languages', 'ar, fr');
  await page.selectOption('#spanish_level', 'basic');
  await page.check('input[name=work_permit][value=yes]');
  await page.selectOption('#work-0-sector', 'agriculture');
  await page.fill('#work-0-years', '6');
  await page.fill('#work-0-skills', 'Poda de olivos');
  await page.fill('#household-0-name', 'L.');
  await page.fill('#household-0-age', '7');
  await page.selectOption('#household-0-stage', 'primary');
  await submit(page, 'form[action$="/interview"]');

  // The itinerary sent with a goal without target: the form comes back
  // with the problem next to the field.
  const goals = [
    ['preparation', 'employment', 'Encontrar trabajo en el campo', 'Un contrato', 30],
    ['move', 'housing', 'Alquilar una casa', 'Casa de tres habitaciones', 60],
    ['settling_in', 'schooling', 'Matricular a la niña', 'Plaza en primaria', 90],
  ];
  await page.goto(at('/itinerary'));
  await submit(page, 'form[action$="/itinerary"]', 'button[name=more]');
  for (const [i, [phase, area, what, target, due]] of goals.entries()) {
    await page.selectOption(`#goals-${i}-phase`, phase);
    await page.selectOption(`#goals-${i}-area`, area);
    await page.selectOption(`#goals-${i}-responsible`, 'technician');
    await page.selectOption(`#goals-${i}-status`, 'planned');
    await page.fill(`#goals-${i}-what`, what);
    await page.fill(`#goals-${i}-target`, i === 2 ? '' : target);
    await page.fill(`#goals-${i}-measure`, 'Documento firmado');
    await page.fill(`#goals-${i}-due`, later(due));
  }
  for (const [i, what] of ['Preparar el currículum', 'Llamar al ayuntamiento'].entries()) {
    await page.fill(`#tasks-${i}-what`, what);
    await page.selectOption(`#tasks-${i}-phase`, 'preparation');
    await page.selectOption(`#tasks-${i}-owner`, i ? 'technician' : 'family');
    await page.fill(`#tasks-${i}-due`, later(5 + i));
  }
  await submit(page, 'form[action$="/itinerary"]', 'fieldset button[type=submit]');
  if (!(await page.locator('#goals-2-target-problem').count())) {
    console.log('FAIL the itinerary without a target did not show the problem');
    failures++;
  }
  await page.fill('#goals-2-target', goals[2][3]);
  await submit(page, 'form[action$="/itinerary"]', 'fieldset button[type=submit]');

  await page.goto(at(''));
  await page.selectOption('#how', 'in_person');
  await submit(page, 'form[action$="/agreement"]');
  await page.selectOption('#kind', 'exploratory');
  await page.check('input[name=done]');
  await page.fill('#place', 'Alcañiz');
  await page.fill('#participants', 'Familia\nAgente de desarrollo local');
  await page.fill('#outcome', 'Les gustó el pueblo');
  await submit(page, 'form[action$="/visits"]');
  await page.fill('#municipality', '44013');
  await page.fill('#moved_on', today);
  await submit(page, 'form[action$="/moved"]');
  const followUp = await page.locator('main table a[href*="/followups/"]').first().getAttribute('href');

  const pages = [
    ['case', casePath.slice(1)], ['case-interview', casePath.slice(1) + '/interview'],
    ['case-itinerary', casePath.slice(1) + '/itinerary'], ['case-followup', followUp.slice(1)],
    ['calendar', 'staff/calendar'], ['home-queue', 'staff/'],
  ];
  for (const l of languages) {
    for (const [name, path] of pages) failures += await check(`${name}-${l}`, new URL(`${path}?lang=${l}`, base).href);
  }

  // At 360 px wide, every language, JavaScript off: each case page, and
  // the follow-up form sent back with its problems.
  mkdirSync(`${artifacts}/screenshots`, { recursive: true });
  const narrow = await page.context().browser().newContext({
    viewport: { width: 360, height: 800 }, deviceScaleFactor: 1, javaScriptEnabled: false,
    storageState: await context.storageState(),
  });
  const n = await narrow.newPage();
  for (const l of languages) {
    for (const [name, path] of pages) {
      await n.goto(new URL(`${path}?lang=${l}`, base).href, { waitUntil: 'load' });
      await n.screenshot({ path: `${artifacts}/screenshots/staff-${name}-${l}-360.png`, fullPage: true });
    }
    await n.goto(new URL(`${followUp.slice(1)}?lang=${l}`, base).href, { waitUntil: 'load' });
    await Promise.all([n.waitForNavigation({ waitUntil: 'load' }), n.click('main form button[type=submit]')]);
    await n.screenshot({ path: `${artifacts}/screenshots/staff-case-followup-errors-${l}-360.png`, fullPage: true });
  }
  await narrow.close();
  console.log(`${failures ? 'FAIL' : 'ok  '} back-office case pages made through the forms and checked in ${languages.length} languages`);
  return failures;
}

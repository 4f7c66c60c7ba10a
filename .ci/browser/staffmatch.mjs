// Browser checks of the back-office's village and matching pages: a
// second family interviewed and its case opened, the approved village's
// facts saved, a job offer sent first with mistakes then right, a home tied
// to it, the suggestions for the family, a proposal made from them and an
// answer recorded; every page checked with axe-core in each language and
// saved for the Nu HTML Checker; the suggestions and the proposal at 360 px
// wide in each language, and the village's page.
import { mkdirSync, writeFileSync } from 'node:fs';

const languages = ['es', 'en', 'fr', 'ar'];

async function submit(page, form, button = 'button[type=submit]') {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`${form} ${button}`)]);
  return res;
}

// checkMatch returns the number of problems found. The village 44013 is
// approved already (staff.mjs).
export async function checkMatch({ page, base, check, checkPage, htmlDir, artifacts, context }) {
  let failures = 0;
  const url = (path) => new URL(path.replace(/^\//, ''), base).href;
  const later = (days) => new Date(Date.now() + days * 864e5).toISOString().slice(0, 10);

  // A family that waits for a match, its case opened.
  const res = await fetch(url('api/v1/interest'), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({
      lang: 'es', adults: 2, children: [{ age: 9, stage: 'primary' }], languages: ['ar'], spanish_level: 'basic',
      city: 'Murcia', province_code: '30', sectors: ['agriculture'], skills: 'Recogida de fruta', regions: ['02'],
      bedrooms: 3, move_when: 'asap', name: 'Familia Sugerencias', phone: '612 000 111', contact_language: 'ar',
      channel: 'phone', consent: true, privacy_version: '2026-11',
    }),
  });
  if (res.status !== 201) {
    console.log(`FAIL a second family: ${res.status}`);
    return 1;
  }
  const reference = (await res.json()).reference;
  await page.goto(url('staff/families'));
  const family = await page.locator(`main table tr:has-text("${reference}") a[href*="/staff/families/"]`).first().getAttribute('href');
  for (const status of ['contacted', 'interviewed']) {
    await page.goto(url(family));
    await page.selectOption('form[action$="/status"] select', status);
    await submit(page, 'form[action$="/status"]');
  }
  await page.goto(url(family));
  await submit(page, 'form[action$="/case"]');
  const casePath = new URL(page.url()).pathname;

  // The village's facts, a job offer (first with mistakes) and a home.
  const village = 'staff/villages/44013';
  await page.goto(url(village));
  for (const s of ['school', 'health-centre', 'pharmacy']) await page.check(`input[name=services][value="${s}"]`);
  await page.fill('#hospital_km', '35');
  await page.fill('#town_km', '12');
  await submit(page, 'form[action$="/facts"]');

  await page.goto(url(village + '/jobs/new'));
  await page.fill('#employer', 'Aceites del Bajo Aragón');
  await page.fill('#contact-name', 'Jorge Encargado');
  await page.selectOption('#sector', 'agriculture');
  await page.fill('#tasks', 'Poda y recogida de aceituna');
  await page.selectOption('#contract', 'permanent');
  await page.fill('#start', later(-2));
  await page.fill('#pay_min', '1200');
  await page.fill('#pay_max', '1100');
  await page.fill('#vacancies', '0');
  let sent = await submit(page, 'main form');
  if (!(await page.locator('#vacancies-problem').count()) || !(await page.locator('#start-problem').count())) {
    console.log('FAIL the job offer with mistakes did not show them next to the fields');
    failures++;
  }
  failures += await checkPage(page, null);
  if (sent) writeFileSync(`${htmlDir}/job-errors-es.html`, await sent.text());
  await page.fill('#start', later(20));
  await page.fill('#pay_max', '1400');
  await page.fill('#vacancies', '2');
  await submit(page, 'main form');
  const job = await page.locator('main a[href*="/jobs/"]:not([href$="/new"])').first().getAttribute('href');
  const jobID = job.split('/').pop();
  await page.goto(url(`${village}/homes/new?job=${jobID}`));
  await page.fill('#bedrooms', '3');
  await page.fill('#rent', '300');
  await page.fill('#available_from', later(10));
  await submit(page, 'main form');
  const home = await page.locator('main a[href*="/homes/"]:not([href$="/new"])').first().getAttribute('href');

  // At 360 px wide, JavaScript off: the suggestions, before the proposal
  // takes the home.
  mkdirSync(`${artifacts}/screenshots`, { recursive: true });
  const narrow = await page.context().browser().newContext({
    viewport: { width: 360, height: 800 }, deviceScaleFactor: 1, javaScriptEnabled: false,
    storageState: await context.storageState(),
  });
  const n = await narrow.newPage();
  const shoot = async (name, path) => {
    for (const l of languages) {
      await n.goto(url(`${path}?lang=${l}`), { waitUntil: 'load' });
      await n.screenshot({ path: `${artifacts}/screenshots/staff-${name}-${l}-360.png`, fullPage: true });
      if (process.env.SEGMENTS) {
        const h = await n.evaluate(() => document.documentElement.scrollHeight);
        for (let y = 0, i = 0; y < h; y += 800, i++) {
          await n.screenshot({ path: `${artifacts}/screenshots/seg-${name}-${l}-${i}.png`, fullPage: true,
            clip: { x: 0, y, width: 360, height: Math.min(800, h - y) } });
        }
      }
    }
  };
  await shoot('match-case', casePath.slice(1) + '/match');
  await shoot('village', village);

  // The suggestions, and a proposal made from them.
  await page.goto(url(casePath + '/match'));
  if (!(await page.locator('form.propose').count())) {
    console.log('FAIL the family has no suggestion to propose');
    return failures + 1;
  }
  await submit(page, 'form.propose');
  const proposal = new URL(page.url()).pathname;
  if (!/^\/staff\/proposals\/[0-9]+$/.test(proposal)) {
    console.log(`FAIL proposing went to ${page.url()}`);
    return failures + 1;
  }
  await page.selectOption('#party', 'employer');
  await page.check('input[name=answer][value=accept]');
  await submit(page, 'form[action$="/answer"]');

  const pages = [
    ['villages', 'staff/villages'], ['village', village], ['job-new', village + '/jobs/new'],
    ['job', job.slice(1)], ['home-new', village + '/homes/new'], ['home', home.slice(1)],
    ['match-case', casePath.slice(1) + '/match'], ['match-job', `staff/jobs/${jobID}/match`],
    ['match-batch', 'staff/match/batch'], ['match-weights', 'staff/match/weights'],
    ['proposals', 'staff/proposals'], ['proposal', proposal.slice(1)], ['case-with-proposal', casePath.slice(1)],
  ];
  for (const l of languages) {
    for (const [name, path] of pages) failures += await check(`${name}-${l}`, url(`${path}?lang=${l}`));
  }

  // At 360 px wide: the proposal.
  await shoot('proposal', proposal.slice(1));
  await narrow.close();
  console.log(`${failures ? 'FAIL' : 'ok  '} back-office village and matching pages made through the forms and checked in ${languages.length} languages`);
  return failures;
}

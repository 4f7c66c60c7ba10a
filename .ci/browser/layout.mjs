// Layout checks that axe-core does not make: tap targets of at least 44 px,
// a compact header on a phone, and a form sent back with mistakes that shows
// them first (the GOV.UK pattern). Each returns a list of problems, in words.

// The word that opens the <title> of a page with mistakes, per language.
export const errorWord = { es: 'Error', en: 'Error', fr: 'Erreur', ar: 'خطأ' };

// smallTargets lists the visible elements matching selector that are less
// than min px high or wide.
export async function smallTargets(page, selector, min = 44) {
  return page.evaluate(([selector, min]) => {
    const out = [];
    for (const el of document.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not shown
      if (r.height < min - 0.5 || r.width < min - 0.5) {
        const name = (el.getAttribute('aria-label') || el.textContent || el.name || el.id || '').trim().replace(/\s+/g, ' ').slice(0, 30);
        out.push(`<${el.tagName.toLowerCase()}> «${name}» is ${Math.round(r.width)}×${Math.round(r.height)} px, under ${min} px`);
      }
    }
    return out;
  }, [selector, min]);
}

// headerTooTall says whether the site header is higher than max px.
export async function headerTooTall(page, max = 120) {
  const h = await page.evaluate(() => {
    const el = document.querySelector('.site-header');
    return el ? el.getBoundingClientRect().height : -1;
  });
  if (h < 0) return ['no .site-header'];
  return h > max ? [`the header is ${Math.round(h)} px high at ${page.viewportSize().width} px wide, over ${max} px`] : [];
}

// errorPageProblems checks a form page the API sent back with mistakes, in
// language l: the <title> opens with "Error:", the problems summary is the
// element right after the <h1>, shown, with a link to each field that exists,
// and the form is novalidate (the API's messages are the ones shown).
export async function errorPageProblems(page, l) {
  const got = await page.evaluate(() => {
    const h1 = document.querySelector('main h1');
    const next = h1 && h1.nextElementSibling;
    const links = next ? [...next.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href').slice(1)) : [];
    const form = document.querySelector('form.intake-form');
    return {
      title: document.title,
      next: next ? `<${next.tagName.toLowerCase()}${next.id ? ' id=' + next.id : ''}>` : 'nothing',
      isSummary: !!next && next.id === 'form-problems',
      shown: !!next && !next.hidden && next.getBoundingClientRect().height > 0,
      top: next ? Math.round(next.getBoundingClientRect().top + window.scrollY) : -1,
      links,
      missing: links.filter((id) => !document.getElementById(id)),
      novalidate: !!form && form.noValidate,
    };
  });
  const out = [];
  if (!new RegExp(`^${errorWord[l]}\\s?:`).test(got.title)) out.push(`the title «${got.title}» does not open with «${errorWord[l]}:»`);
  if (!got.isSummary) out.push(`the element after the <h1> is ${got.next}, not the problems summary`);
  else if (!got.shown) out.push('the problems summary is hidden');
  else if (got.top > 800) out.push(`the problems summary starts ${got.top} px down, below the first screen`);
  if (got.isSummary && got.links.length === 0) out.push('the problems summary links to no field');
  for (const id of got.missing) out.push(`the problems summary links to #${id}, which is not on the page`);
  if (!got.novalidate) out.push('the form is not novalidate: the browser, not the API, would speak');
  return out;
}

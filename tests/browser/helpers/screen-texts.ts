// the function run in the page (readTexts) is typed against the DOM
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import en from '../../../admin/src/translations/en.json';
import ptBR from '../../../admin/src/translations/pt-BR.json';

/**
 * The plugin's English texts that Portuguese says differently, without placeholders (shown as
 * written): one of them on a Portuguese screen is a text left untranslated.
 */
export const englishOnly = new Set(
  Object.entries(en as Record<string, string>)
    .filter(([key, text]) => !/[{}<]/.test(text) && (ptBR as Record<string, string>)[key] !== text && /[a-z]{3}/i.test(text))
    .map(([, text]) => text)
);

export interface ScreenText {
  /** Each element's own text (its text nodes), trimmed, with where it is. */
  texts: Array<{ text: string; where: string }>;
  /** Elements whose text is wider than their box and shown beyond it (not cut with an ellipsis). */
  spills: string[];
}

/** Runs in the page: the texts under `selector` ('main', or the body when none) and the texts that spill out. */
export const readTexts = (selector: string): ScreenText => {
  const root = document.querySelector(selector) ?? document.body;
  const texts: ScreenText['texts'] = [];
  const spills: string[] = [];
  const describe = (element: Element) =>
    `${element.tagName.toLowerCase()}${element.getAttribute('aria-label') ? `[aria-label="${element.getAttribute('aria-label')}"]` : ''}`;
  for (const element of root.querySelectorAll('*')) {
    const own = [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent ?? '')
      .join('')
      .trim();
    for (const attribute of ['aria-label', 'placeholder', 'title']) {
      const value = element.getAttribute(attribute);
      if (value) texts.push({ text: value.trim(), where: `${describe(element)} @${attribute}` });
    }
    if (!own) continue;
    texts.push({ text: own, where: describe(element) });
    const style = getComputedStyle(element);
    const box = element as HTMLElement;
    if (
      style.display !== 'inline' &&
      style.overflowX === 'visible' &&
      box.clientWidth > 0 &&
      box.scrollWidth > box.clientWidth + 1 &&
      style.visibility !== 'hidden'
    ) {
      spills.push(`${describe(element)} "${own.slice(0, 60)}" (${box.scrollWidth} px in ${box.clientWidth} px)`);
    }
  }
  return { texts, spills };
};

/** The texts of `texts` that are the plugin's English, with where they are. */
export const englishOn = (texts: ScreenText['texts']): string[] =>
  texts.filter(({ text }) => englishOnly.has(text)).map(({ text, where }) => `${where}: "${text}"`);

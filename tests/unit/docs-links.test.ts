import fs from 'node:fs';
import path from 'node:path';

// Every relative link and anchor of the README, CONTRIBUTING, CHANGELOG and docs/ points at a file
// that exists and, for a Markdown file, at a heading it has (as GitHub names headings' anchors).

const root = path.join(__dirname, '..', '..');
const docsDir = path.join(root, 'docs');
const pages = [
  ...['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md'].filter((file) => fs.existsSync(path.join(root, file))),
  ...fs
    .readdirSync(docsDir)
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.join('docs', file)),
];

/** A fenced code block, also indented in a list item. */
const FENCED = /^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?^[ \t]*\1[^\n]*$/gm;

/** The text outside fenced code blocks and inline code, where links are links. */
const prose = (markdown: string) => markdown.replace(FENCED, '').replace(/(`+)[\s\S]*?\1/g, '');

/** GitHub's anchor of a heading (github-slugger): lower case, punctuation and symbols dropped, spaces made hyphens. */
const slugOf = (heading: string) =>
  heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');

const anchorsCache = new Map<string, Set<string>>();
const anchorsOf = (file: string) => {
  const known = anchorsCache.get(file);
  if (known) return known;
  const markdown = fs.readFileSync(file, 'utf8').replace(FENCED, '');
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of markdown.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = slugOf(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  anchorsCache.set(file, anchors);
  return anchors;
};

const linksOf = (page: string) =>
  [...prose(fs.readFileSync(path.join(root, page), 'utf8')).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
    .map(([, target]) => target)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));

describe('links between the docs', () => {
  it('finds the pages, and links in them', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', path.join('docs', 'README.md')]));
    expect(linksOf('README.md').length).toBeGreaterThan(0);
  });

  it.each(pages)('%s: every relative link and anchor resolves', (page) => {
    const broken = linksOf(page).filter((target) => {
      const [file, anchor] = target.split('#', 2);
      const resolved = file ? path.resolve(path.dirname(path.join(root, page)), decodeURI(file)) : path.join(root, page);
      if (!fs.existsSync(resolved)) return true;
      if (anchor === undefined || !resolved.endsWith('.md')) return false;
      return !anchorsOf(resolved).has(decodeURIComponent(anchor).toLowerCase());
    });
    expect(broken).toEqual([]);
  });

  it('keeps the README an entry page (300 lines at most; the rest is in docs/)', () => {
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(300);
  });
});

import fs from 'node:fs';
import path from 'node:path';

const dir = path.join(__dirname, '..', '..', 'admin', 'src', 'translations');
const load = (locale: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(dir, `${locale}.json`), 'utf8'));

describe('admin translations', () => {
  const en = load('en');
  const ptBR = load('pt-BR');

  it('has every key in English and Brazilian Portuguese', () => {
    expect(Object.keys(ptBR).sort()).toEqual(Object.keys(en).sort());
  });

  it.each([
    ['en', en],
    ['pt-BR', ptBR],
  ])('has no empty text in %s', (_locale, messages) => {
    expect(Object.entries(messages).filter(([, text]) => typeof text !== 'string' || text.trim() === '')).toEqual([]);
  });

  it('ships no other locale half-done', () => {
    expect(fs.readdirSync(dir).sort()).toEqual(['en.json', 'pt-BR.json']);
  });
});

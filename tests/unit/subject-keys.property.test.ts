import fc from 'fast-check';
import { mentions, ownsContact, parseSubject, type DataSubject } from '../../server/src/utils/data-subject';
import { toPhoneE164 } from '../../server/src/utils/phone';
import {
  contactIdentifiers,
  holdsSubject,
  identifiersIn,
  keysOf,
  subjectKeyOf,
  BRAZILIAN_NATIONAL_NUMBER,
  MAX_KEYS_PER_RECORD,
  OVERFLOW_KEY,
} from '../../server/src/utils/subject-keys';

/**
 * The subject keys are a superset of what pure code finds: for any text and any person,
 * `mentions(person, text)` implies that the text's keys hold the person's key (and
 * `ownsContact(person, body)` that the body's contact keys do). The generators write the
 * identifiers every way the finders read them, among characters chosen to sit against them.
 */

const DDDS = ['11', '21', '31', '41', '48', '51', '61', '71', '81', '91', '99', '55', '19', '27'];
const digit = fc.constantFrom(...'0123456789');
const digits = (length: number) => fc.string({ unit: digit, minLength: length, maxLength: length });

const brazilianPhone = fc
  .tuple(
    fc.constantFrom(...DDDS),
    fc.oneof(
      digits(8).map((rest) => `9${rest}`),
      fc.tuple(fc.constantFrom('2', '3', '4', '5'), digits(7)).map(([first, rest]) => first + rest)
    )
  )
  .filter(([ddd, subscriber]) => toPhoneE164({ ddd, phone: subscriber }) !== null);

const cpfOf = (base: string) => {
  const check = (part: string) => {
    const sum = [...part].reduce((total, char, index) => total + Number(char) * (part.length + 1 - index), 0);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  const first = check(base);
  return `${base}${first}${check(`${base}${first}`)}`;
};
const validCpf = digits(9)
  .map(cpfOf)
  .filter((cpf) => parseSubject('cpf', cpf) !== null);

/** Characters that sit against identifiers: digits, separators, prefixes, e-mail punctuation, JSON. */
const tricky = fc.constantFrom(
  ...'0123456789 .-()/+xX@_%!:;,"\'<>{}[]\\\n\t\u00a0\ufeffaAzZçÇéÉ'.split(''),
  '\u212a',
  '\u0130',
  '\u017f'
);
const noise = fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 });

/** Separators as people write them between digits (sometimes more than the finder allows). */
const separator = fc.constantFrom('', '', ' ', '-', '.', '/', '(', ')', ' - ', '  ', '\u00a0', ') - ', '-----');

const spellPhone = ([ddd, subscriber]: [string, string]) =>
  fc
    .tuple(
      fc.constantFrom(
        '',
        '(',
        '+55',
        '+55 ',
        '+ 55',
        '55',
        '0055',
        '00 55',
        '0',
        '0 ',
        '0xx',
        '0XX ',
        '015',
        '0 21',
        '(0',
        '(+55 '
      ),
      fc.array(separator, { minLength: 11, maxLength: 11 })
    )
    .map(([prefix, separators]) => prefix + [...`${ddd}${subscriber}`].map((char, index) => char + separators[index]).join(''));

const spellCpf = (cpf: string) =>
  fc
    .tuple(fc.constantFrom('', '.', ' ', '-', '/'), fc.constantFrom('', '.', ' ', '-'), fc.constantFrom('', '.', ' ', '-', '/'))
    .map(([a, b, c]) => `${cpf.slice(0, 3)}${a}${cpf.slice(3, 6)}${b}${cpf.slice(6, 9)}${c}${cpf.slice(9)}`);

const emailPart = fc.string({
  // with letters whose cases do not go both ways (ς and σ are both Σ; µ and μ are Μ)
  unit: fc.constantFrom(...'abcXYZ019._%+-!#$&*=?^`{|}~/:()[]çÉςσµμ\u212a\u017f'.split('')),
  minLength: 1,
  maxLength: 8,
});
/** An e-mail address as a subject has it, and as a text writes it (any case). */
const emailWritten = fc
  .tuple(emailPart, emailPart, emailPart, fc.constantFrom('lower', 'upper', 'as-is'))
  .map(([local, host, tld, casing]) => {
    const written = `${local}@${host}.${tld}`;
    return casing === 'lower' ? written.toLowerCase() : casing === 'upper' ? written.toUpperCase() : written;
  });

/** A text with an identifier written in it, and the person (whose identifier it may or may not be). */
const withIdentifier = fc.oneof(
  brazilianPhone.chain((phone) => fc.tuple(spellPhone(phone), fc.constant(parseSubject('phone', phone.join(''))!), noise, noise)),
  validCpf.chain((cpf) => fc.tuple(spellCpf(cpf), fc.constant(parseSubject('cpf', cpf)!), noise, noise)),
  emailWritten.chain((written) =>
    fc.tuple(
      fc.constant(written),
      // the subject as typed in the form: any case, parsed (null when it is no e-mail address)
      fc.constantFrom(written, written.toLowerCase(), written.toUpperCase()).map((typed) => parseSubject('email', typed)),
      noise,
      noise
    )
  )
);

const expectFound = (subject: DataSubject, text: string) => {
  if (mentions(subject, text)) expect(holdsSubject(identifiersIn(text), subject)).toBe(true);
};

describe('subject keys (property): every mention has its key', () => {
  it('in a text: any spelling of a phone, a CPF or an e-mail, between any characters', () => {
    fc.assert(
      fc.property(withIdentifier, fc.boolean(), ([written, subject, head, tail], twice) => {
        fc.pre(subject !== null);
        const text = `${head}${written}${tail}${twice ? ` ${written}` : ''}`;
        expectFound(subject!, text);
      }),
      { numRuns: 3000 }
    );
  });

  it('finds the identifier in the common spellings (the property above is not vacuous)', () => {
    let mentioned = 0;
    fc.assert(
      fc.property(withIdentifier, ([written, subject]) => {
        fc.pre(subject !== null);
        const text = ` ${written} `;
        if (!mentions(subject!, text)) return;
        mentioned += 1;
        expect(holdsSubject(identifiersIn(text), subject!)).toBe(true);
      }),
      { numRuns: 1000 }
    );
    expect(mentioned).toBeGreaterThan(500);
  });

  it('in a JSON text: strings, keys, numbers, a phone split over ddd and phone, JSON inside a string', () => {
    fc.assert(
      fc.property(
        brazilianPhone,
        validCpf,
        emailWritten,
        fc.constantFrom('string', 'number', 'split', 'split-number', 'key', 'nested', 'phoneNumber'),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('', '\ufeff'),
        ([ddd, subscriber], cpf, email, where, indent, bom) => {
          const phone = `${ddd}${subscriber}`;
          const value: Record<string, unknown> = { name: 'Otávio', message: 'sem nada' };
          if (where === 'string') value.message = `o dela: ${phone} ${cpf} ${email}`;
          if (where === 'number') Object.assign(value, { phone: Number(`55${phone}`), document: Number(cpf) });
          if (where === 'split') value.indicacao = { ddd, phone: `${subscriber.slice(0, -4)}-${subscriber.slice(-4)}` };
          if (where === 'split-number') value.indicacao = [{ ddd: Number(ddd), phone: Number(subscriber) }];
          if (where === 'key') value[`${phone} ${email}`] = cpf;
          if (where === 'nested') value.extra = JSON.stringify({ contato: { ddd, phone: subscriber }, e: email, c: cpf });
          if (where === 'phoneNumber') value.outro = { phoneNumber: `55${phone}` };
          const text = bom + JSON.stringify(value, null, indent);
          for (const subject of [parseSubject('phone', phone), parseSubject('cpf', cpf), parseSubject('email', email)].filter(
            (found): found is DataSubject => found !== null
          )) {
            expectFound(subject, text);
          }
        }
      ),
      { numRuns: 1000 }
    );
  });

  it('in any text at all, for any person', () => {
    const anyText = fc.string({
      unit: fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
      maxLength: 80,
    });
    const anyPerson = fc.oneof(
      brazilianPhone.map((phone) => parseSubject('phone', phone.join(''))),
      validCpf.map((cpf) => parseSubject('cpf', cpf)),
      emailWritten.map((email) => parseSubject('email', email))
    );
    fc.assert(
      fc.property(anyText, anyPerson, (text, subject) => {
        fc.pre(subject !== null);
        expectFound(subject!, text);
      }),
      { numRuns: 3000 }
    );
  });

  it("a body's contact: its e-mail (any case, spaces around), its phone however sent, its CPF fields", () => {
    fc.assert(
      fc.property(
        brazilianPhone,
        validCpf,
        emailWritten,
        fc.constantFrom('parts', 'phoneNumber', 'phoneNumber55'),
        fc.constantFrom('cpf', 'CPF', 'documento', 'cpf_cnpj'),
        fc.boolean(),
        ([ddd, subscriber], cpf, email, phoneAs, cpfField, inExtra) => {
          const body: Record<string, unknown> = { email: `  ${email} ` };
          if (phoneAs === 'parts') Object.assign(body, { ddd, phone: subscriber });
          else body.phoneNumber = phoneAs === 'phoneNumber' ? `${ddd}${subscriber}` : `+55 ${ddd} ${subscriber}`;
          const masked = `${cpf.slice(0, 3)}-${cpf.slice(3, 6)}-${cpf.slice(6, 9)}-${cpf.slice(9)}`;
          if (inExtra) body.extraData = { [cpfField]: masked };
          else body[cpfField] = masked;
          const found = contactIdentifiers(body);
          for (const subject of [
            parseSubject('phone', `${ddd}${subscriber}`),
            parseSubject('cpf', cpf),
            parseSubject('email', email),
          ].filter((one): one is DataSubject => one !== null)) {
            expect(ownsContact(subject, body)).toBe(true);
            expect(holdsSubject(found, subject)).toBe(true);
          }
        }
      ),
      { numRuns: 500 }
    );
  });
});

describe('subject keys', () => {
  it('hashes a person to one 64-bit key, the same however the identifier was typed', () => {
    const key = subjectKeyOf(parseSubject('email', 'Carla.Souza@Example.com')!);
    expect(key).toMatch(/^-?\d{1,19}$/);
    expect(BigInt(key) >= -(2n ** 63n) && BigInt(key) < 2n ** 63n).toBe(true);
    expect(subjectKeyOf(parseSubject('email', 'carla.souza@example.COM')!)).toBe(key);
    expect(subjectKeyOf(parseSubject('phone', '(48) 99123-4567')!)).toBe(subjectKeyOf(parseSubject('phone', '+5548991234567')!));
    expect(subjectKeyOf(parseSubject('cpf', '529.982.247-25')!)).not.toBe(key);
    // the key of the text's identifiers is the person's key
    expect(keysOf(identifiersIn('escreva para CARLA.SOUZA@EXAMPLE.COM.'))).toContain(key);
  });

  it('finds nothing that names nobody, and few keys in a lead body', () => {
    expect(keysOf(identifiersIn('Olá, tenho interesse no imóvel 12345 de 2024-01-01T10:00:00Z'))).toEqual([]);
    const body = JSON.stringify({
      leadOrigin: 'VivaReal',
      timestamp: '2024-01-01T10:00:00.000Z',
      originLeadId: '59ee0fc6e4b04f8b8e8b7a2c',
      clientListingId: '123456789',
      name: 'Ana',
      email: 'ana@example.com',
      ddd: '48',
      phone: '991234567',
      message: 'Ligue 48 99123-4567 ou 390.533.447-05',
    });
    const found = identifiersIn(body);
    expect([...found].map((identifier) => identifier.replace('\u0000', ':')).sort()).toEqual([
      'cpf:39053344705',
      'email:ANA@EXAMPLE.COM',
      'phone:+5548991234567',
    ]);
  });

  it("cuts phone candidates with the pattern of libphonenumber's metadata for Brazil", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const metadata = require('libphonenumber-js/metadata.max.json') as { countries: Record<string, unknown[]> };
    expect(BRAZILIAN_NATIONAL_NUMBER.source).toBe(`^(?:${metadata.countries.BR[2] as string})$`);
  });

  it('gives a record with too many identifiers the one overflow key, which every lookup reads', () => {
    const text = Array.from({ length: MAX_KEYS_PER_RECORD + 1 }, (_, index) => `p${index}@example.com`).join(' ');
    expect(keysOf(identifiersIn(text))).toEqual([OVERFLOW_KEY]);
  });
});

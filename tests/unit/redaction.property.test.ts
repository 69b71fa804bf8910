import fc from 'fast-check';
import { mentions, parseSubject } from '../../server/src/utils/data-subject';
import { toPhoneE164 } from '../../server/src/utils/phone';
import { createRedactor, REDACTION_MARKER } from '../../server/src/utils/redaction';

/** Brazil's area codes (DDD), all of them. */
const DDDS = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53,
  54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96,
  97, 98, 99,
].map(String);

const digits = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });

/** A valid Brazilian number: a mobile (9 and 8 digits) or a landline (2–5 and 7 digits), as ddd + subscriber. */
const brazilianPhone = fc
  .tuple(
    fc.constantFrom(...DDDS),
    fc.oneof(
      digits(8).map((rest) => `9${rest}`),
      fc.tuple(fc.constantFrom('2', '3', '4', '5'), digits(7)).map(([first, rest]) => first + rest)
    )
  )
  .filter(([ddd, subscriber]) => toPhoneE164({ ddd, phone: subscriber }) !== null);

const sep = fc.constantFrom('', ' ', '-', '.', '\u00a0');

/** The number as someone writes it: every common Brazilian spelling, with its separators. */
const spelling = ([ddd, subscriber]: [string, string]) =>
  fc
    .record({
      area: fc.constantFrom(
        'DD',
        '(DD)',
        '0DD',
        '(0DD)',
        '0xxDD',
        '0XX DD',
        '(0xx DD)',
        '+55DD',
        '+55 DD',
        '+55 (DD)',
        '55DD',
        '0055 DD',
        '+55-DD'
      ),
      afterArea: fc.constantFrom('', ' ', '-', '.', ' - '),
      ninthSpaced: fc.boolean(),
      first: sep,
      middle: sep,
    })
    .map(({ area, afterArea, ninthSpaced, first, middle }) => {
      const mobile = subscriber.length === 9;
      const head = mobile ? `${subscriber[0]}${ninthSpaced ? first : ''}${subscriber.slice(1, 5)}` : subscriber.slice(0, 4);
      return `${area.replace('DD', ddd)}${afterArea}${head}${middle}${subscriber.slice(-4)}`;
    });

/** Text around the number: anything but digits, `+` or a separator right against it. */
const context = fc.string({
  unit: fc.oneof(fc.constantFrom(...'abcxyz ,;:!?"{}[]\n\tçãé'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
  maxLength: 30,
});
const before = context.map((text) => (/[\d+\s.\-()/0]$/.test(text) ? `${text}x` : text));
const after = context.map((text) => (/^[\d\s.\-()/]/.test(text) ? `x${text}` : text));

describe('redaction of a phone (property)', () => {
  it('finds and redacts any spelling of the number, wherever it is, and nothing around it', () => {
    fc.assert(
      fc.property(
        brazilianPhone.chain((phone) => fc.tuple(fc.constant(phone), spelling(phone))),
        before,
        after,
        ([[ddd, subscriber], written], head, tail) => {
          const subject = parseSubject('phone', `${ddd}${subscriber}`)!;
          expect(subject).not.toBeNull();
          const text = `${head}${written}${tail}`;
          // the database narrows to texts holding every fragment: any spelling keeps them
          for (const fragment of subject.fragments) expect(written).toContain(fragment);
          expect(mentions(subject, text)).toBe(true);
          const redacted = createRedactor({ phones: [subject.value] }).text(text);
          expect(redacted).toBe(`${head}${REDACTION_MARKER}${tail}`);
          expect(mentions(subject, redacted)).toBe(false);
        }
      ),
      { numRuns: 500 }
    );
  });

  it('keeps JSON valid whether the number is a string, a number, or split over ddd and phone in it', () => {
    fc.assert(
      fc.property(
        brazilianPhone.chain((phone) => fc.tuple(fc.constant(phone), spelling(phone))),
        fc.boolean(),
        fc.constantFrom('', ' ', '-'),
        fc.integer({ min: 0, max: 2 }),
        ([[ddd, subscriber], written], asNumber, split, indent) => {
          const subject = parseSubject('phone', `${ddd}${subscriber}`)!;
          const value = {
            name: 'Otávio',
            phone: asNumber ? Number(`${ddd}${subscriber}`) : written,
            message: `o dela: ${written}`,
            indicacao: {
              ddd,
              phone: asNumber ? Number(subscriber) : `${subscriber.slice(0, -4)}${split}${subscriber.slice(-4)}`,
            },
          };
          const body = JSON.stringify(value, null, indent);
          const redacted = createRedactor({ phones: [subject.value] }).text(body);
          expect(JSON.parse(redacted)).toEqual({
            name: 'Otávio',
            phone: REDACTION_MARKER,
            message: `o dela: ${REDACTION_MARKER}`,
            indicacao: { ddd, phone: REDACTION_MARKER },
          });
          expect(mentions(subject, redacted)).toBe(false);
        }
      ),
      { numRuns: 500 }
    );
  });

  it('leaves a text without the person byte for byte: any text, other numbers in any spelling', () => {
    const otherNumbers = fc.array(
      brazilianPhone.chain((phone) => spelling(phone)),
      { maxLength: 3 }
    );
    const anyText = fc.string({
      unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom(...'0123456789 .-()+/')),
      maxLength: 60,
    });
    fc.assert(
      fc.property(
        brazilianPhone,
        otherNumbers,
        fc.array(anyText, { minLength: 1, maxLength: 4 }),
        ([ddd, subscriber], others, texts) => {
          const subject = parseSubject('phone', `${ddd}${subscriber}`)!;
          const text = texts.map((part, index) => part + (others[index] ?? '')).join('');
          // the person is absent when their digits are not in the text's digits in a row
          fc.pre(!text.replace(/\D/g, '').includes(`${ddd}${subscriber}`));
          expect(createRedactor({ phones: [subject.value] }).text(text)).toBe(text);
          expect(mentions(subject, text)).toBe(false);
        }
      ),
      { numRuns: 500 }
    );
  });
});

describe('redaction of a CPF and an e-mail (property)', () => {
  it('redacts a CPF masked, bare or spaced; an e-mail in any case; leaves the rest', () => {
    const cpfLike = digits(9).map((base) => {
      // the two check digits of a CPF
      const check = (part: string) => {
        const sum = [...part].reduce((total, digit, index) => total + Number(digit) * (part.length + 1 - index), 0);
        const rest = (sum * 10) % 11;
        return rest === 10 ? 0 : rest;
      };
      const first = check(base);
      return `${base}${first}${check(`${base}${first}`)}`;
    });
    fc.assert(
      fc.property(
        cpfLike,
        fc.constantFrom('ddd.ddd.ddd-dd', 'ddddddddddd', 'ddd ddd ddd dd', 'ddd.ddd.ddd/dd'),
        fc.emailAddress(),
        fc.boolean(),
        before,
        after,
        (cpf, mask, email, upper, head, tail) => {
          const cpfSubject = parseSubject('cpf', cpf);
          fc.pre(cpfSubject !== null);
          let at = 0;
          const written = mask.replace(/d/g, () => cpf[at++]);
          const text = `${head}${written} e ${upper ? email.toUpperCase() : email} ${tail}`;
          const redactor = createRedactor({ cpfs: [cpf], emails: [email.toLowerCase()] });
          const redacted = redactor.text(text);
          expect(redacted).toBe(`${head}${REDACTION_MARKER} e ${REDACTION_MARKER} ${tail}`);
          expect(mentions(cpfSubject!, redacted)).toBe(false);
        }
      ),
      { numRuns: 300 }
    );
  });
});

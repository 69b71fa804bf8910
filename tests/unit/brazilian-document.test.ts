import { documentKind, isValidDocument, normalizeDocument } from '../../server/src/utils/brazilian-document';

/**
 * A reference implementation of the check digits, written from the Receita Federal's rules,
 * independent of the library the module uses.
 *
 * CNPJ (numeric and alphanumeric, IN RFB nº 2.229/2024): each character is worth its ASCII
 * code − 48 ('0'..'9' → 0..9, 'A' → 17 … 'Z' → 42); weights 5,4,3,2,9,8,7,6,5,4,3,2 over the
 * 12-character base for the first digit and 6,5,4,3,2,9,8,7,6,5,4,3,2 over base + first digit
 * for the second; r = sum mod 11; digit = r < 2 ? 0 : 11 − r.
 */
const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

const checkDigit = (chars: string, weights: number[]): number => {
  if (chars.length !== weights.length) throw new Error(`${chars}: expected ${weights.length} characters`);
  const sum = [...chars].reduce((total, char, i) => total + (char.charCodeAt(0) - 48) * weights[i], 0);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
};

const cnpjWithCheckDigits = (base: string): string => {
  const first = checkDigit(base, CNPJ_WEIGHTS_1);
  const second = checkDigit(`${base}${first}`, CNPJ_WEIGHTS_2);
  return `${base}${first}${second}`;
};

/** CPF: weights 10..2 over 9 digits, then 11..2 over 10 digits; same remainder rule. */
const cpfWithCheckDigits = (base: string): string => {
  const digit = (chars: string) => {
    const r = [...chars].reduce((total, char, i) => total + Number(char) * (chars.length + 1 - i), 0) % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const first = digit(base);
  const second = digit(`${base}${first}`);
  return `${base}${first}${second}`;
};

/** A deterministic pseudo-random generator (no flaky tests). */
const seeded = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed;
};

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The other digit at a check position: always wrong. */
const bump = (digit: string): string => String((Number(digit) + 1) % 10);

describe('the reference implementation itself', () => {
  it('reproduces the Receita Federal example 12.ABC.345/01DE-35', () => {
    expect(cnpjWithCheckDigits('12ABC34501DE')).toBe('12ABC34501DE35');
  });

  it('reproduces well-known numeric CNPJs and CPFs', () => {
    expect(cnpjWithCheckDigits('112223330001')).toBe('11222333000181');
    expect(cnpjWithCheckDigits('000000000001')).toBe('00000000000191');
    expect(cpfWithCheckDigits('529982247')).toBe('52998224725');
    expect(cpfWithCheckDigits('123456789')).toBe('12345678909');
  });

  it('values letters as ASCII − 48', () => {
    // by hand: twelve 'A's (17) weigh 17 × 58 = 986, 986 mod 11 = 7 → 11 − 7 = 4;
    // then 17 × 62 + 4 × 2 = 1062, 1062 mod 11 = 6 → 11 − 6 = 5
    expect('A'.charCodeAt(0) - 48).toBe(17);
    expect('Z'.charCodeAt(0) - 48).toBe(42);
    expect(checkDigit('AAAAAAAAAAAA', CNPJ_WEIGHTS_1)).toBe(4);
    expect(checkDigit('AAAAAAAAAAAA4', CNPJ_WEIGHTS_2)).toBe(5);
  });
});

describe('normalizeDocument', () => {
  it.each([
    ['11.222.333/0001-81', '11222333000181'],
    ['11222333000181', '11222333000181'],
    ['529.982.247-25', '52998224725'],
    ['12.ABC.345/01DE-35', '12ABC34501DE35'],
    ['12.abc.345/01de-35', '12ABC34501DE35'],
    ['  12abc345 01de35\n', '12ABC34501DE35'],
    ['', ''],
    ['./-', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeDocument(input)).toBe(expected);
  });
});

describe('documentKind', () => {
  it.each([
    ['52998224725', 'cpf'],
    ['00000000000', 'cpf'],
    ['11222333000181', 'cnpj'],
    ['12ABC34501DE35', 'cnpj'],
    ['12ABC34501DEA5', null], // letter in a check-digit position
    ['12ABC34501DE3X', null],
    ['12abc34501de35', null], // not normalized
    ['1122233300018', null], // 13
    ['112223330001811', null], // 15
    ['5299822472', null], // 10
    ['5299822472A', null], // 11 with a letter
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(documentKind(input)).toBe(expected);
  });
});

describe('isValidDocument: CPF', () => {
  it.each(['52998224725', '529.982.247-25', '12345678909', '111.444.777-35', '00000000191'])('%j is valid', (cpf) => {
    expect(isValidDocument(cpf)).toBe(true);
  });

  it.each([
    '52998224724', // wrong second digit
    '52998224715', // wrong first digit
    '529.982.247-26',
    '12345678900',
  ])('%j has a wrong check digit', (cpf) => {
    expect(isValidDocument(cpf)).toBe(false);
  });

  it.each(['00000000000', '11111111111', '22222222222', '99999999999', '111.111.111-11'])(
    'repeated digits %j are invalid',
    (cpf) => {
      expect(isValidDocument(cpf)).toBe(false);
    }
  );

  it.each(['5299822472', '529982247250', '529982247'])('wrong length %j is invalid', (cpf) => {
    expect(isValidDocument(cpf)).toBe(false);
  });

  it('accepts every CPF the reference implementation builds and refuses a changed check digit', () => {
    const next = seeded(7);
    for (let i = 0; i < 300; i += 1) {
      const base = String(next() % 1_000_000_000).padStart(9, '0');
      const cpf = cpfWithCheckDigits(base);
      if (/^(\d)\1{10}$/.test(cpf)) continue;
      expect([cpf, isValidDocument(cpf)]).toEqual([cpf, true]);
      const wrong = cpf.slice(0, 10) + bump(cpf[10]);
      expect([wrong, isValidDocument(wrong)]).toEqual([wrong, false]);
    }
  });
});

describe('isValidDocument: numeric CNPJ', () => {
  it.each(['11222333000181', '11.222.333/0001-81', '00000000000191', '00.000.000/0001-91'])('%j is valid', (cnpj) => {
    expect(isValidDocument(cnpj)).toBe(true);
  });

  it.each(['11222333000182', '11222333000191', '11.222.333/0001-80', '00000000000192'])('%j has a wrong check digit', (cnpj) => {
    expect(isValidDocument(cnpj)).toBe(false);
  });

  it.each(['00000000000000', '11111111111111', '11.111.111/1111-11', '99999999999999'])(
    'repeated digits %j are invalid',
    (cnpj) => {
      expect(isValidDocument(cnpj)).toBe(false);
    }
  );

  it.each(['1122233300018', '112223330001811', '11.222.333/0001-8', '112223330001'])('wrong length %j is invalid', (cnpj) => {
    expect(isValidDocument(cnpj)).toBe(false);
  });
});

describe('isValidDocument: alphanumeric CNPJ (from July 2026)', () => {
  it.each([
    '12ABC34501DE35', // the Receita Federal's published example
    '12.ABC.345/01DE-35',
    '12.abc.345/01de-35',
    '12abc34501de35',
    ' 12.Abc.345/01dE-35 ',
  ])('%j is valid', (cnpj) => {
    expect(isValidDocument(cnpj)).toBe(true);
  });

  // fixed strings, each checked against the reference implementation first
  it.each([
    ['A1B2C3D4E5F6', 'A1B2C3D4E5F668'],
    ['Q0SLFMBD7VX4', 'Q0SLFMBD7VX439'],
    ['ABCDEFGHIJKL', 'ABCDEFGHIJKL80'],
    ['XYZ000000001', 'XYZ00000000135'],
    ['00000000000A', '00000000000A04'],
    ['ZZZZZZZZZZZZ', 'ZZZZZZZZZZZZ62'],
  ])('base %j → %j, valid', (base, cnpj) => {
    expect(cnpjWithCheckDigits(base)).toBe(cnpj);
    expect(isValidDocument(cnpj)).toBe(true);
    expect(isValidDocument(cnpj.toLowerCase())).toBe(true);
  });

  it.each([
    '12ABC34501DE36', // second digit wrong
    '12ABC34501DE45', // first digit wrong
    '12ABC34501DE53', // digits swapped
    '12.ABC.345/01DE-34',
    'A1B2C3D4E5F669',
    '12ABC34501DF35', // a base character changed
  ])('%j has a wrong check digit', (cnpj) => {
    expect(isValidDocument(cnpj)).toBe(false);
  });

  it.each(['12ABC34501DEA5', '12ABC34501DE3A', '12ABC34501DEAB', '12.ABC.345/01DE-3X'])(
    'letters in check-digit positions %j are invalid',
    (cnpj) => {
      expect(isValidDocument(cnpj)).toBe(false);
    }
  );

  it.each(['12ABC34501DE3', '12ABC34501DE355', '2ABC34501DE35', '12ABC34501DE'])('wrong length %j is invalid', (cnpj) => {
    expect(isValidDocument(cnpj)).toBe(false);
  });

  it.each(['12ÁBC34501DE35', '12-ABC-345-01ÐE-35'])('non-ASCII letters are not part of the alphabet: %j', (cnpj) => {
    // the accented character is dropped by the normalisation, leaving 13 characters
    expect(isValidDocument(cnpj)).toBe(false);
  });

  it('accepts every CNPJ the reference implementation builds from random bases and refuses changed check digits', () => {
    const next = seeded(42);
    for (let i = 0; i < 1000; i += 1) {
      let base = '';
      for (let j = 0; j < 12; j += 1) base += ALPHANUMERIC[next() % ALPHANUMERIC.length];
      const cnpj = cnpjWithCheckDigits(base);
      expect([cnpj, isValidDocument(cnpj)]).toEqual([cnpj, true]);
      const wrongFirst = cnpj.slice(0, 12) + bump(cnpj[12]) + cnpj[13];
      const wrongSecond = cnpj.slice(0, 13) + bump(cnpj[13]);
      expect([wrongFirst, isValidDocument(wrongFirst)]).toEqual([wrongFirst, false]);
      expect([wrongSecond, isValidDocument(wrongSecond)]).toEqual([wrongSecond, false]);
    }
  });
});

describe('isValidDocument: neither', () => {
  it.each(['', '   ', 'not a document', '123', 'ABCDEFGHIJK'])('%j is invalid', (value) => {
    expect(isValidDocument(value)).toBe(false);
  });
});

import config from '../../server/src/config';
import { mentions, ownsContact, parseSubject, subjectReference } from '../../server/src/utils/data-subject';

const subject = (kind: 'email' | 'phone' | 'cpf', value: string) => {
  const parsed = parseSubject(kind, value);
  if (!parsed) throw new Error(`not a ${kind}: ${value}`);
  return parsed;
};

describe('parseSubject', () => {
  it('normalises an e-mail to lower case', () => {
    expect(parseSubject('email', '  Carla.Souza@Example.COM ')).toEqual({
      kind: 'email',
      value: 'carla.souza@example.com',
      fragments: ['carla.souza@example.com'],
    });
    expect(parseSubject('email', 'carla')).toBeNull();
    expect(parseSubject('email', 'a b@example.com')).toBeNull();
  });

  it.each(['+55 48 98862-7634', '(48) 98862-7634', '48988627634', '5548988627634', '048 988627634'])(
    'normalises the phone %s to E.164',
    (raw) => {
      expect(subject('phone', raw)).toMatchObject({ value: '+5548988627634', fragments: ['8862', '7634'] });
    }
  );

  it('refuses what is no Brazilian phone', () => {
    expect(parseSubject('phone', '988627634')).toBeNull(); // no DDD
    expect(parseSubject('phone', '12')).toBeNull();
  });

  it('takes a CPF masked or not, with valid check digits only', () => {
    expect(subject('cpf', '529.982.247-25')).toMatchObject({ value: '52998224725', fragments: ['529', '982', '247'] });
    expect(parseSubject('cpf', '529.982.247-26')).toBeNull();
    expect(parseSubject('cpf', '11222333000181')).toBeNull(); // a CNPJ is a company, not a person
  });
});

describe('mentions', () => {
  const email = subject('email', 'ana@example.com');
  const phone = subject('phone', '(48) 98862-7634');
  const cpf = subject('cpf', '52998224725');

  it('finds a whole e-mail address in any case, not a longer one', () => {
    expect(mentions(email, '{"email":"ANA@Example.com"}')).toBe(true);
    expect(mentions(email, 'Escreva para ana@example.com.')).toBe(true);
    expect(mentions(email, 'joana@example.com')).toBe(false);
    expect(mentions(email, 'ana@example.com.br')).toBe(false);
    expect(mentions(email, null)).toBe(false);
  });

  it('finds a phone in any formatting, or split in ddd and phone fields', () => {
    expect(mentions(phone, '{"ddd":"48","phone":"988627634"}')).toBe(true);
    expect(mentions(phone, '{"phoneNumber":"5548988627634"}')).toBe(true);
    expect(mentions(phone, 'Me liga: (48) 98862-7634, à tarde')).toBe(true);
    expect(mentions(phone, '{"ddd":"11","phone":"988627634"}')).toBe(false);
    expect(mentions(phone, '{"timestamp":"2026-03-10T14:22:01.123Z"}')).toBe(false);
  });

  it.each([
    '+55 48 98862-7634',
    '(48) 9 8862-7634',
    '48988627634',
    '48 98862 7634',
    '0xx48 98862-7634',
    '(0XX48) 9.8862.7634',
    '048 98862.7634',
    '+55 (48) 98862-7634',
    '5548988627634',
  ])('finds the phone written %s', (text) => {
    expect(mentions(phone, `ver ${text}, obrigado`)).toBe(true);
  });

  it.each(['{"phone":48988627634}', '{"contato":{"ddd":"48","phone":"9 8862-7634"}}', '{"nota":"liga (48)\\t98862-7634"}'])(
    'finds the phone in the JSON %s',
    (text) => {
      expect(mentions(phone, text)).toBe(true);
    }
  );

  it.each(['(48) 98862-7635', '(47) 98862-7634', '148988627634', '489886276340', '8862-7634', '98862-7634'])(
    'does not take %s for the phone',
    (text) => {
      expect(mentions(phone, text)).toBe(false);
    }
  );

  it('finds a CPF masked or not, not inside a longer number', () => {
    expect(mentions(cpf, '{"cpf":"529.982.247-25"}')).toBe(true);
    expect(mentions(cpf, '{"document":52998224725}')).toBe(true);
    expect(mentions(cpf, '{"n":"1529982247250"}')).toBe(false);
    expect(mentions(cpf, 'CPF 529 982 247 25.')).toBe(true);
    expect(mentions(cpf, 'CPF 529.982.247-24')).toBe(false);
  });
});

describe('ownsContact', () => {
  it("is the body's own e-mail, phone or CPF field, not a mention in its message", () => {
    const email = subject('email', 'ana@example.com');
    const phone = subject('phone', '(48) 98862-7634');
    const cpf = subject('cpf', '52998224725');
    expect(ownsContact(email, { email: ' ANA@example.com ' })).toBe(true);
    expect(ownsContact(email, { email: 'bia@example.com', message: 'ana@example.com' })).toBe(false);
    expect(ownsContact(phone, { ddd: '48', phone: '988627634' })).toBe(true);
    expect(ownsContact(phone, { phoneNumber: '5548988627634' })).toBe(true);
    expect(ownsContact(phone, { ddd: '11', phone: '988627634', message: '(48) 98862-7634' })).toBe(false);
    expect(ownsContact(cpf, { extraData: { cpf: '529.982.247-25' } })).toBe(true);
    expect(ownsContact(cpf, { documento: 52998224725 })).toBe(true);
    // a seller's document in an MCMV lead is not the consumer's
    expect(ownsContact(cpf, { extraData: { mcmv: { sellerDocument: '52998224725' } } })).toBe(false);
    expect(ownsContact(cpf, null)).toBe(false);
    expect(ownsContact(cpf, ['52998224725'])).toBe(false);
  });
});

describe('subjectReference', () => {
  it('is a keyed hash: stable per person and key, no trace of the identifier', () => {
    const keys = ['keyA', 'keyB'];
    const ref = subjectReference(subject('email', 'ana@example.com'), keys);
    expect(ref).toMatch(/^[0-9a-f]{64}$/);
    expect(subjectReference(subject('email', ' ANA@example.com'), keys)).toBe(ref);
    expect(subjectReference(subject('email', 'ana@example.com'), ['other'])).not.toBe(ref);
    expect(subjectReference(subject('cpf', '52998224725'), keys)).not.toBe(ref);
    expect(() => subjectReference(subject('email', 'ana@example.com'), [])).toThrow();
  });
});

describe('retentionDays config', () => {
  const validate = (retentionDays: unknown) => () => config.validator({ ...config.default, retentionDays });

  it('is off (null) by default and takes a whole number of days', () => {
    expect(config.default.retentionDays).toBeNull();
    expect(validate(null)).not.toThrow();
    expect(validate(365)).not.toThrow();
  });

  it.each([0, -1, 1.5, '30', 40000])('refuses %j', (value) => {
    expect(validate(value)).toThrow(/retentionDays/);
  });
});

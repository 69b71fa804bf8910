import fc from 'fast-check';
import { formatPhone, mailtoHref, telHref, whatsappHref } from '../../shared/contact-links';
import { displayText } from '../../admin/src/utils/displayText';

describe('mailtoHref', () => {
  it.each([
    ['carla@example.com', 'mailto:carla@example.com'],
    [' carla@example.com ', 'mailto:carla@example.com'],
    ['joão+casa@exemplo.com.br', 'mailto:jo%C3%A3o%2Bcasa@exemplo.com.br'],
  ])('links %j as %j', (email, href) => {
    expect(mailtoHref(email)).toBe(href);
  });

  it.each([
    'x@y.com?bcc=evil@z',
    'x@y.com&bcc=evil@z',
    'x@y.com,evil@z',
    'x@y.com;evil@z',
    'x@y.com evil@z',
    'x@y.com%2Cevil@z',
    'x@y.com#x',
    '"x"@y.com',
    'x@y@z.com',
    'no-at-sign',
    '',
    'x@y.com\r\nBcc: evil@z',
  ])('does not link %j', (email) => {
    expect(mailtoHref(email)).toBeNull();
  });

  it.each([[null], [undefined], [42], [{ email: 'x@y.com' }], [['x@y.com']]])('does not link %j', (value) => {
    expect(mailtoHref(value)).toBeNull();
  });

  it('never yields a link with a query, a fragment or a second recipient', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (local, domain) => {
        const href = mailtoHref(`${local}@${domain}`);
        if (href === null) return;
        expect(href).toMatch(/^mailto:[^?#,;&\s]+$/);
        expect(href.split('@')).toHaveLength(2);
      })
    );
  });
});

describe('telHref', () => {
  it.each([
    ['+5548988627634', 'tel:+5548988627634'],
    ['+55 (48) 98862-7634', 'tel:+5548988627634'],
    ['48 98862-7634', 'tel:48988627634'],
    ['+5548988627634?x=evil', 'tel:+5548988627634'],
    [5548988627634, 'tel:5548988627634'],
  ])('links %j as %j', (phone, href) => {
    expect(telHref(phone)).toBe(href);
  });

  it.each([[''], ['+1'], ['abc'], [null], [{ phone: '48988627634' }], [['48988627634']]])('does not link %j', (value) => {
    expect(telHref(value)).toBeNull();
  });
});

describe('whatsappHref', () => {
  it.each([
    ['+5548988627634', 'https://wa.me/5548988627634'], // a mobile
    ['+551133334444', 'https://wa.me/551133334444'], // a landline
  ])('links %j as %j', (phone, href) => {
    expect(whatsappHref(phone)).toBe(href);
  });

  it.each([
    ['48988627634'], // not E.164
    ['+55 48 98862-7634'],
    ['+5548988627634?text=x'],
    ['+554898862763'], // 8 digits starting with 9
    ['+5508988627634'], // no such DDD
    ['+14155550100'], // not Brazilian
    ['+55481234'],
    [''],
    [null],
    [5548988627634],
    [{ phoneE164: '+5548988627634' }],
  ])('does not link %j', (value) => {
    expect(whatsappHref(value)).toBeNull();
  });

  it('links only to wa.me with digits', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const href = whatsappHref(text);
        if (href !== null) expect(href).toMatch(/^https:\/\/wa\.me\/55\d{10,11}$/);
      })
    );
  });
});

describe('displayText', () => {
  it.each([
    ['text', 'text'],
    [48988627634, '48988627634'],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
    [{ ddd: '48', number: '988627634' }, '{"ddd":"48","number":"988627634"}'],
    [['48', '988627634'], '["48","988627634"]'],
  ])('shows %j as %j', (value, text) => {
    expect(displayText(value)).toBe(text);
  });

  it('gives text for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(typeof displayText(value)).toBe('string')));
  });
});

describe('formatPhone', () => {
  it.each([
    ['+5548988627634', 'pt-BR', '(48) 98862-7634'],
    ['+551133334444', 'pt-BR', '(11) 3333-4444'],
    ['+5548988627634', 'pt', '(48) 98862-7634'],
    ['+5548988627634', 'en', '+55 48 98862-7634'],
    ['+551133334444', 'en-GB', '+55 11 3333-4444'],
    ['+14155550100', 'pt-BR', '+14155550100'],
    ['(48) 9 8862-7634', 'pt-BR', '(48) 9 8862-7634'],
  ])('writes %j for %s as %j', (phone, locale, shown) => {
    expect(formatPhone(phone, locale)).toBe(shown);
  });

  it('keeps every digit of a Brazilian number, in either convention', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+55[1-9]{2}(9\d{8}|[2-5]\d{7})$/), fc.constantFrom('pt-BR', 'en'), (phone, locale) => {
        const digits = formatPhone(phone, locale).replace(/\D/g, '');
        expect(locale === 'en' ? digits : `55${digits}`).toBe(phone.slice(1));
      })
    );
  });
});

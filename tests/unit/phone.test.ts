import fs from 'node:fs';
import path from 'node:path';
import { toPhoneE164 } from '../../server/src/utils/phone';

/** shared/ sits beside the repository (/work/main → /work/shared), here and in CI. */
const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'leads');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, name), 'utf8')) as Record<string, unknown>;

describe('toPhoneE164 from ddd + phone', () => {
  it.each([
    ['48', '988627634', '+5548988627634'],
    ['11', '999999999', '+5511999999999'],
    ['21', '988887777', '+5521988887777'],
    ['55', '999999999', '+5555999999999'], // DDD 55 (RS) is not a country code here
    ['(11)', '99999-9999', '+5511999999999'],
    [' 11 ', ' 9 9999 9999 ', '+5511999999999'],
    ['011', '999999999', '+5511999999999'], // trunk prefix 0 in front of the DDD
  ])('mobile: ddd %j phone %j → %s', (ddd, phone, expected) => {
    expect(toPhoneE164({ ddd, phone })).toBe(expected);
  });

  it.each([
    ['11', '33334444', '+551133334444'],
    ['21', '25551234', '+552125551234'],
    ['11', '4004-0001', '+551140040001'],
  ])('8-digit landline: ddd %j phone %j → %s', (ddd, phone, expected) => {
    expect(toPhoneE164({ ddd, phone })).toBe(expected);
  });

  it('accepts ddd and phone sent as JS numbers', () => {
    expect(toPhoneE164({ ddd: 11, phone: 999999999 })).toBe('+5511999999999');
    expect(toPhoneE164({ ddd: 48, phone: 988627634 })).toBe('+5548988627634');
    expect(toPhoneE164({ ddd: 11, phone: 33334444 })).toBe('+551133334444');
  });

  it('accepts the whole national number in phone when ddd is missing', () => {
    expect(toPhoneE164({ phone: '11999999999' })).toBe('+5511999999999');
  });

  it('gives null for a phone without its DDD', () => {
    expect(toPhoneE164({ phone: '988627634' })).toBeNull();
  });

  it('gives null for an old 8-digit mobile without the leading 9', () => {
    expect(toPhoneE164({ ddd: '11', phone: '88887777' })).toBeNull();
  });

  it('gives null for an invalid DDD', () => {
    expect(toPhoneE164({ ddd: '00', phone: '999999999' })).toBeNull();
  });

  it.each([
    ['11', '123'],
    ['11', '1234567'],
    ['11', '9999999999999999'],
  ])('gives null for a number of the wrong length: ddd %j phone %j', (ddd, phone) => {
    expect(toPhoneE164({ ddd, phone })).toBeNull();
  });
});

describe('toPhoneE164 from the deprecated phoneNumber', () => {
  it.each([
    ['21988887777', '+5521988887777'],
    ['5521988887777', '+5521988887777'],
    ['+55 (21) 98888-7777', '+5521988887777'],
    ['1133334444', '+551133334444'], // landline, no country code
    ['551133334444', '+551133334444'], // landline, with country code (12 digits)
    ['55999999999', '+5555999999999'], // 11 digits: DDD 55, not a country code
    ['5555999999999', '+5555999999999'], // country code + DDD 55
    ['011999999999', '+5511999999999'],
  ])('%j → %s', (phoneNumber, expected) => {
    expect(toPhoneE164({ phoneNumber })).toBe(expected);
  });

  it('accepts phoneNumber as a JS number, with and without 55', () => {
    expect(toPhoneE164({ phoneNumber: 5511999999999 })).toBe('+5511999999999');
    expect(toPhoneE164({ phoneNumber: 11999999999 })).toBe('+5511999999999');
  });

  it('is only a fallback: ddd + phone win when they make a valid number', () => {
    expect(toPhoneE164({ ddd: '11', phone: '999999999', phoneNumber: '21988887777' })).toBe('+5511999999999');
    expect(toPhoneE164({ ddd: '11', phone: '999999999', phoneNumber: 'garbage' })).toBe('+5511999999999');
  });

  it('is used when ddd + phone do not make a valid number', () => {
    expect(toPhoneE164({ ddd: '11', phone: '12', phoneNumber: '21988887777' })).toBe('+5521988887777');
    expect(toPhoneE164({ ddd: '11', phone: '11999999999', phoneNumber: '5521988887777' })).toBe('+5521988887777');
    expect(toPhoneE164({ phone: '988627634', phoneNumber: '48988627634' })).toBe('+5548988627634');
  });
});

describe('toPhoneE164 with missing or unusable values', () => {
  it('gives null when nothing is sent', () => {
    expect(toPhoneE164({})).toBeNull();
    expect(toPhoneE164({ ddd: undefined, phone: undefined, phoneNumber: undefined })).toBeNull();
    expect(toPhoneE164({ ddd: null, phone: null, phoneNumber: null })).toBeNull();
    expect(toPhoneE164({ ddd: '', phone: '', phoneNumber: '' })).toBeNull();
  });

  it.each([
    [{ ddd: 'ab', phone: 'xyz' }],
    [{ phoneNumber: 'não informado' }],
    [{ phoneNumber: '---' }],
    [{ ddd: true, phone: {} }],
    [{ ddd: ['11'], phone: ['999999999'] }],
    [{ ddd: '11', phone: NaN }],
    [{ ddd: '11', phone: 1.5 }],
    [{ phoneNumber: 1e21 }],
    [{ phoneNumber: Infinity }],
  ])('garbage %j → null', (input) => {
    expect(toPhoneE164(input)).toBeNull();
  });
});

describe("toPhoneE164 on each fixture's phone", () => {
  it.each([
    ['grupo-olx-current.json', '+5548988627634'],
    ['legacy-zoneless-phonenumber-only.json', '+5521988887777'],
    ['manual-example.json', '+5511999999999'],
    ['mcmv-no-listing.json', '+5511987654321'],
    ['missing-client-listing-id.json', '+5511999990000'],
  ])('%s → %s', (name, expected) => {
    const { ddd, phone, phoneNumber } = fixture(name);
    expect(toPhoneE164({ ddd, phone, phoneNumber })).toBe(expected);
  });

  it('covers every fixture on disk', () => {
    expect(
      fs
        .readdirSync(FIXTURES_DIR)
        .filter((file) => file.endsWith('.json'))
        .sort()
    ).toEqual([
      'grupo-olx-current.json',
      'legacy-zoneless-phonenumber-only.json',
      'manual-example.json',
      'mcmv-no-listing.json',
      'missing-client-listing-id.json',
    ]);
  });
});

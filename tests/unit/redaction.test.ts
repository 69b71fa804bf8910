import { createRedactor, REDACTION_MARKER as X } from '../../server/src/utils/redaction';

const redactor = createRedactor({
  emails: ['beatriz@example.com'],
  phones: ['+5548991234567'],
  cpfs: ['39053344705'],
  names: ['Beatriz Quintanilha'],
});

describe('createRedactor', () => {
  it.each([
    ['Ligar para +55 48 99123-4567 amanhã', `Ligar para ${X} amanhã`],
    ['Ligar para (48) 9 9123-4567.', `Ligar para ${X}.`],
    ['tel 48991234567; ok', `tel ${X}; ok`],
    ['tel: 48 99123 4567', `tel: ${X}`],
    ['0xx48 99123-4567', X],
    ['(0xx48) 99123.4567 ou 48.99123.4567', `${X} ou ${X}`],
    ['BEATRIZ@Example.com, cc joana.beatriz@example.com', `${X}, cc joana.beatriz@example.com`],
    ['CPF 390.533.447-05 / 39053344705 / 390 533 447 05', `CPF ${X} / ${X} / ${X}`],
    ['beatriz quintanilha pediu; Beatriz  Quintanilhas não', `${X} pediu; Beatriz  Quintanilhas não`],
  ])('redacts %j', (text, expected) => {
    expect(redactor.text(text)).toBe(expected);
  });

  it('leaves other numbers, addresses and words byte for byte', () => {
    for (const text of [
      '(48) 99123-4568',
      '(47) 99123-4567',
      '548991234567',
      'beatriz@example.com.br',
      'xbeatriz@example.com',
      'CPF 390.533.447-06',
      'Beatrizinha Quintanilha',
      '{"timestamp":"2026-03-10T14:22:01.123Z","id":1548991234567}',
      '',
    ]) {
      expect(redactor.text(text)).toBe(text);
      expect(redactor.spans(text)).toEqual([]);
    }
  });

  it('keeps a JSON text JSON: a number becomes the marker as a string', () => {
    const body = '{"name":"Bia","phone":48991234567,"n":[5548991234567, 1],"message":"ou (48) 99123-4567"}';
    const redacted = redactor.text(body);
    expect(JSON.parse(redacted)).toEqual({ name: 'Bia', phone: X, n: [X, 1], message: `ou ${X}` });
    expect(redacted).toBe(`{"name":"Bia","phone":"${X}","n":["${X}", 1],"message":"ou ${X}"}`);
  });

  it('takes the number out of a phone split over fields of a JSON text, and only of that one', () => {
    const body =
      '{"name":"Rita","ddd":"21","phone":"987650002","indicacao":{"ddd":"48","phone":"99123 4567"},"outro":{"ddd":"47","phone":991234567}}';
    const redacted = redactor.text(body);
    expect(redacted).toBe(body.replace('"99123 4567"', `"${X}"`));
    expect(JSON.parse(redacted).outro.phone).toBe(991234567);
    const numeric = '{"indicacao": {"phone": 991234567, "ddd": 48}}';
    expect(redactor.text(numeric)).toBe(`{"indicacao": {"phone": "${X}", "ddd": 48}}`);
  });

  it('redacts a parsed JSON value: strings, keys, numbers and a phone split over fields', () => {
    const payload = {
      name: 'Otávio',
      message: 'indicação de Beatriz Quintanilha, beatriz@example.com',
      extraData: { indicacao: { ddd: '48', phone: '991234567' }, cpf: 39053344705, 'beatriz@example.com': true },
      list: [null, 1, 'x'],
    };
    const { value, changed } = redactor.json(payload);
    expect(changed).toBe(true);
    expect(value).toEqual({
      name: 'Otávio',
      message: `indicação de ${X}, ${X}`,
      extraData: { indicacao: { ddd: '48', phone: X }, cpf: X, [X]: true },
      list: [null, 1, 'x'],
    });
    expect(payload.extraData.indicacao.phone).toBe('991234567'); // a copy: the input is untouched

    const other = { name: 'Otávio', ddd: '31', phone: '987651234', extraData: { leadType: 'CONTACT_FORM' } };
    expect(redactor.json(other)).toEqual({ value: other, changed: false });
  });

  it('finds nothing with no terms, and no name shorter than three letters', () => {
    expect(createRedactor({}).text('beatriz@example.com 48991234567')).toBe('beatriz@example.com 48991234567');
    expect(createRedactor({ names: ['Al', ' '] }).text('Al e Ana')).toBe('Al e Ana');
    expect(createRedactor({ names: ['Bia'] }).text('Bia, Bianca e bia.')).toBe(`${X}, Bianca e ${X}.`);
  });
});

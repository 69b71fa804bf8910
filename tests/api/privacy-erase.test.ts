import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { hasValidSignature } from '../../server/src/delivery/log-row';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { currentTestDb } from '../helpers/databases';
import { traces } from '../helpers/db-traces';
import { freshLead, type LeadBody } from '../helpers/fixtures';
import { postRaw } from '../helpers/raw-http';
import { createAdvertiser, createListing } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

const LEAD = 'plugin::grupozap.lead';
const NOTE = 'plugin::grupozap.note';
const DELIVERY = 'plugin::grupozap.delivery';
const AUDIT = 'plugin::grupozap.privacy-audit';
const X = '[removido]';

/** better-sqlite3 (untyped here), for a second process's view of the SQLite file. */
interface SqliteReader {
  exec(sql: string): void;
  prepare(sql: string): { get(): unknown };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openSqlite = (file: string): SqliteReader => new (require('better-sqlite3'))(file, { readonly: true, timeout: 10 });

/** The person who asks to be erased. */
const CAROLINA = {
  name: 'Carolina Viegas',
  email: 'carolina.viegas@example.com',
  ddd: '48',
  phone: '991234567',
  cpf: '11144477735',
  cpfMasked: '111.444.777-35',
};
/** Everything that names her, as written below: none may be left anywhere once she is erased. */
const HER_TRACES = [
  CAROLINA.name,
  CAROLINA.email,
  CAROLINA.cpf,
  CAROLINA.cpfMasked,
  '48991234567',
  '+55 48 99123-4567',
  '(48) 9 9123-4567',
  '0xx48 99123-4567',
  '48 99123 4567',
  '48.99123.4567',
  '99123 4567',
];

let app: TestApp;
let admin: AdminSession;
let editor: AdminSession;

const deliver = (path: string, body: LeadBody) =>
  app.http().post(`/api/grupozap/lead${path}`).auth('vivareal', TEST_SECRET).send(body);

/** The lead as sent by someone else: their own contact, with `overrides` naming her somewhere. */
const someoneElse = (name: string, email: string, ddd: string, phone: string, overrides: LeadBody) =>
  freshLead('grupo-olx-current.json', { name, email, ddd, phone, phoneNumber: undefined, ...overrides });

const bodies: Record<string, LeadBody> = {};
const leadIds: Record<string, string> = {};
const noteIds: Record<string, number> = {};

const leadRow = (key: string) =>
  app.strapi.db.query(LEAD).findOne({
    where: { documentId: leadIds[key] },
    populate: { notes: { orderBy: { id: 'asc' } }, deliveries: { orderBy: { id: 'asc' } } },
  });
const noteBody = async (key: string) => (await app.strapi.db.query(NOTE).findOne({ where: { id: noteIds[key] } })).body as string;
const search = async (kind: string, value: string) => {
  const res = await admin.post('/grupozap/privacy/search', { kind, value });
  expect(res.status).toBe(200);
  return res.body.data as {
    counts: Record<string, number>;
    mentions: Record<string, number>;
    leads: Array<{ documentId: string }>;
  };
};
const erase = async (kind: string, value: string) => {
  const res = await admin.post('/grupozap/privacy/erase', { kind, value });
  expect(res.status).toBe(200);
  return res.body.data;
};

/** The SQLite database file and its WAL / shared-memory / journal companions, searched as bytes for each needle (any case). */
const inDatabaseFiles = async (needles: string[]): Promise<string[]> => {
  const hits: string[] = [];
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const bytes = await readFile(`${app.database.name}${suffix}`).catch(() => null);
    if (!bytes) continue;
    const text = bytes.toString('latin1').toLowerCase();
    for (const needle of needles) {
      if (text.includes(Buffer.from(needle.toLowerCase(), 'utf8').toString('latin1'))) hits.push(`db${suffix} ← ${needle}`);
    }
  }
  return hits;
};

/** Everything about Helena, who has nothing to do with Carolina, though her texts look alike. */
const helenaSnapshot = async () => {
  const lead = await leadRow('helena');
  return {
    lead: [lead.name, lead.email, lead.phoneE164, lead.message, JSON.stringify(lead.payload), JSON.stringify(lead.extraData)],
    notes: lead.notes.map((note: { body: string }) => note.body),
    deliveries: lead.deliveries.map((row: Record<string, unknown>) => [row.body, row.rawBase64, row.signature, row.ip]),
  };
};

beforeAll(async () => {
  app = await startTestApp();
  const agency = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  await createListing(app.strapi, { clientListingId: 'JDA-4821', advertiser: agency.documentId, title: 'Casa no Jardim' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  editor = await loginAs(app.strapi, 'strapi-editor', 'editor');

  // her own lead, with her CPF in the portal's extra data, and the same body refused elsewhere
  bodies.carolina = freshLead('grupo-olx-current.json', {
    name: CAROLINA.name,
    email: CAROLINA.email,
    ddd: CAROLINA.ddd,
    phone: CAROLINA.phone,
    phoneNumber: `${CAROLINA.ddd}${CAROLINA.phone}`,
    message: 'Quero visitar o apartamento.',
    extraData: { leadType: 'VISIT_REQUEST', cpf: CAROLINA.cpfMasked },
  });
  // other people's leads that mention her, each in another spelling and another place
  bodies.marcos = someoneElse('Marcos Tavares', 'marcos.tavares@example.com', '11', '987650001', {
    message: 'Minha esposa também quer ver: +55 48 99123-4567.',
  });
  bodies.rita = someoneElse('Rita Moraes', 'rita.moraes@example.com', '21', '987650002', {
    message: 'Indicação de amiga.',
    extraData: { leadType: 'CONTACT_FORM', indicacao: { nome: CAROLINA.name, ddd: '48', phone: '99123 4567' } },
  });
  bodies.joao = someoneElse('João Pedro Lins', 'joao.lins@example.com', '31', '987650004', {
    message: 'Falar com a vizinha 0xx48 99123-4567 ou 48 99123 4567.',
    extraData: { leadType: 'CONTACT_FORM', observacao: '48991234567' },
  });
  bodies.paula = someoneElse('Paula Nunes', 'paula.nunes@example.com', '51', '987650005', {
    message: `Telefone da compradora: 48.99123.4567; CPF ${CAROLINA.cpf}`,
    extraData: { leadType: 'CONTACT_FORM', documentoComprador: CAROLINA.cpfMasked },
  });
  // nothing of hers, though close: another area code, another number, her first name alone
  bodies.helena = someoneElse('Helena Prado', 'helena.prado@example.com', '47', '987650003', {
    message: 'Meu número antigo era (47) 99123-4567; o fixo é (48) 3212-4567; protocolo 111.444.777-36.',
  });
  for (const key of ['carolina', 'marcos', 'rita', 'joao', 'paula', 'helena']) {
    const res = await deliver('/jardim', bodies[key]);
    expect(res.status).toBe(201);
    leadIds[key] = res.body.leadId;
  }
  expect(
    (await deliver('/agencia-fantasma', { ...bodies.carolina, originLeadId: `${bodies.carolina.originLeadId}-x` })).status
  ).toBe(404);

  // someone else's lead, refused (no such agency yet), sent in Windows-1252: its exact bytes are kept
  bodies.sergio = someoneElse('Sérgio Antunes', 'sergio.antunes@example.com', '61', '987650006', {
    clientListingId: 'AGN-1',
    message: `Ligação da ${CAROLINA.name}, (48) 99123-4567 — não atendeu.`,
  });
  const refused = await postRaw(
    await app.listen(),
    '/api/grupozap/lead/agencia-nova',
    {
      'content-type': 'application/json; charset=ISO-8859-1',
      authorization: `Basic ${Buffer.from(`vivareal:${TEST_SECRET}`).toString('base64')}`,
    },
    iconv.encode(JSON.stringify(bodies.sergio), 'windows-1252')
  );
  expect(refused.status).toBe(404);

  const notes: Array<[string, string, string]> = [
    ['carolina', 'own', `${CAROLINA.name} prefere WhatsApp.`],
    ['marcos', 'marcos', `${CAROLINA.name} ligou do (48) 9 9123-4567 pedindo a mesma casa.`],
    ['rita', 'rita', 'Mandar cópia para CAROLINA.Viegas@example.com'],
    ['paula', 'paula', `CPF conferido: ${CAROLINA.cpfMasked}`],
    ['helena', 'helena', 'Falei com a Carolina da imobiliária às 14h, ramal 4567.'],
  ];
  for (const [lead, key, body] of notes) {
    const res = await editor.post(`/grupozap/leads/${leadIds[lead]}/notes`, { body });
    expect(res.status).toBe(201);
    noteIds[key] = (await app.strapi.db.query(NOTE).findOne({ where: { body }, select: ['id'] })).id;
  }
});

afterAll(async () => {
  await app?.stop();
});

describe('finding the person everywhere', () => {
  it('by phone in any spelling: her own records, and every record of others that mentions her', async () => {
    for (const value of [
      '+55 48 99123-4567',
      '(48) 9 9123-4567',
      '48991234567',
      '48 99123 4567',
      '0xx48 99123-4567',
      '48.99123.4567',
    ]) {
      const data = await search('phone', value);
      expect(data.leads.map((lead) => lead.documentId)).toEqual([leadIds.carolina]);
      expect(data.counts).toEqual({ leads: 1, notes: 1, deliveries: 2 });
      // Marcos's, Rita's, João's and Paula's leads and deliveries, Sérgio's refused delivery, the note on Marcos's lead
      expect(data.mentions).toEqual({ leads: 4, notes: 1, deliveries: 5 });
    }
  });

  it('by CPF with or without punctuation, and by e-mail in any case', async () => {
    for (const value of [CAROLINA.cpf, CAROLINA.cpfMasked]) {
      const data = await search('cpf', value);
      expect(data.leads.map((lead) => lead.documentId)).toEqual([leadIds.carolina]);
      expect(data.counts).toEqual({ leads: 1, notes: 1, deliveries: 2 });
      expect(data.mentions).toEqual({ leads: 1, notes: 1, deliveries: 1 }); // Paula's lead, note and delivery
    }
    const byEmail = await search('email', CAROLINA.email.toUpperCase());
    expect(byEmail.counts).toEqual({ leads: 1, notes: 1, deliveries: 2 });
    expect(byEmail.mentions).toEqual({ leads: 0, notes: 1, deliveries: 0 }); // the note on Rita's lead

    const entries = await app.strapi.db.query(AUDIT).findMany({ where: { action: 'search' }, orderBy: { id: 'desc' }, limit: 1 });
    expect(entries[0]).toMatchObject({
      subjectKind: 'email',
      leadsCount: 1,
      mentionLeadsCount: 0,
      mentionNotesCount: 1,
      mentionDeliveriesCount: 0,
    });
  });
});

describe('erasing the person', () => {
  let helenaBefore: Awaited<ReturnType<typeof helenaSnapshot>>;

  beforeAll(async () => {
    helenaBefore = await helenaSnapshot();
  });

  it('by phone: anonymises her own records, redacts her out of everyone else’s', async () => {
    if (currentTestDb() === 'sqlite') expect(await inDatabaseFiles([CAROLINA.email, CAROLINA.name])).not.toEqual([]); // the check sees her while she is there

    expect(await erase('phone', '(48) 9 9123-4567')).toEqual({
      leads: 1,
      notes: 1,
      deliveries: 2,
      redacted: { leads: 4, notes: 1, deliveries: 5 },
    });

    const own = await leadRow('carolina');
    expect(own).toMatchObject({
      name: null,
      email: null,
      phoneE164: null,
      message: null,
      payload: null,
      extraData: null,
      anonymizedAt: expect.any(String),
    });
    expect(own.notes.map((note: { body: string }) => note.body)).toEqual(['']);
    for (const row of await app.strapi.db
      .query(DELIVERY)
      .findMany({ where: { originLeadId: { $startsWith: bodies.carolina.originLeadId as string } } })) {
      expect(row).toMatchObject({ body: null, rawBase64: null, signature: null, ip: null });
    }

    // others keep their lead, their contact and their words; only hers are gone
    const marcos = await leadRow('marcos');
    expect(marcos).toMatchObject({
      name: 'Marcos Tavares',
      email: 'marcos.tavares@example.com',
      phoneE164: '+5511987650001',
      anonymizedAt: null,
    });
    expect(marcos.message).toBe(`Minha esposa também quer ver: ${X}.`);
    expect(marcos.payload).toEqual({ ...bodies.marcos, message: marcos.message });
    expect(await noteBody('marcos')).toBe(`${X} ligou do ${X} pedindo a mesma casa.`);
    expect(JSON.parse(marcos.deliveries[0].body)).toEqual(marcos.payload);
    expect(marcos.deliveries[0].ip).toBeTruthy();

    const rita = await leadRow('rita');
    expect(rita.extraData).toEqual({ leadType: 'CONTACT_FORM', indicacao: { nome: X, ddd: '48', phone: X } });
    expect(rita.payload).toEqual({ ...bodies.rita, extraData: rita.extraData });
    expect(JSON.parse(rita.deliveries[0].body)).toEqual(rita.payload);

    const joao = await leadRow('joao');
    expect(joao.message).toBe(`Falar com a vizinha ${X} ou ${X}.`);
    expect(joao.extraData).toEqual({ leadType: 'CONTACT_FORM', observacao: X });
    expect(JSON.parse(joao.deliveries[0].body)).toEqual({ ...bodies.joao, message: joao.message, extraData: joao.extraData });

    // her CPF, known from her own lead, goes beside the phone
    const paula = await leadRow('paula');
    expect(paula.message).toBe(`Telefone da compradora: ${X}; CPF ${X}`);
    expect(paula.extraData).toEqual({ leadType: 'CONTACT_FORM', documentoComprador: X });
    // a note that names her only by CPF is not found by her phone: it waits for the CPF
    expect(await noteBody('paula')).toBe(`CPF conferido: ${CAROLINA.cpfMasked}`);
    expect(await noteBody('rita')).toBe('Mandar cópia para CAROLINA.Viegas@example.com');

    // the redacted rows stay the route's: still signed, so still replayable
    for (const key of ['marcos', 'rita', 'joao', 'paula']) {
      const [row] = (await leadRow(key)).deliveries;
      expect(hasValidSignature(app.strapi, row)).toBe(true);
    }

    const audit = await app.strapi.db.query(AUDIT).findOne({ where: { action: 'erase', subjectKind: 'phone' } });
    expect(audit).toMatchObject({
      leadsCount: 1,
      notesCount: 1,
      deliveriesCount: 2,
      mentionLeadsCount: 4,
      mentionNotesCount: 1,
      mentionDeliveriesCount: 5,
    });
  });

  it('redacts the exact bytes of another person’s refused delivery in their charset, and it still replays into their lead', async () => {
    const [row] = await app.strapi.db.query(DELIVERY).findMany({ where: { originLeadId: bodies.sergio.originLeadId as string } });
    const said = `Ligação da ${X}, ${X} — não atendeu.`;
    expect(JSON.parse(row.body).message).toBe(said);
    expect(row.rawBase64).toEqual(expect.any(String));
    const bytes = Buffer.from(row.rawBase64, 'base64');
    expect(JSON.parse(iconv.decode(bytes, 'windows-1252'))).toEqual({ ...bodies.sergio, message: said });
    expect(bytes.includes(Buffer.from('99123'))).toBe(false);
    expect(hasValidSignature(app.strapi, row)).toBe(true);

    await createAdvertiser(app.strapi, { name: 'Agência Nova', slug: 'agencia-nova', document: '52998224725' });
    const replay = await admin.post(`/grupozap/deliveries/${row.documentId}/replay`);
    expect(replay.body.data).toMatchObject({ status: 201, code: 'LEAD_CREATED' });
    const sergio = await app.strapi.db.query(LEAD).findOne({ where: { documentId: replay.body.data.leadId } });
    expect(sergio).toMatchObject({ name: 'Sérgio Antunes', email: 'sergio.antunes@example.com', message: said });
  });

  it('by CPF and by e-mail: what named her only so goes too; nothing of hers is left in any table', async () => {
    expect(await erase('cpf', CAROLINA.cpf)).toEqual({
      leads: 0,
      notes: 0,
      deliveries: 0,
      redacted: { leads: 0, notes: 1, deliveries: 0 },
    });
    expect(await noteBody('paula')).toBe(`CPF conferido: ${X}`);
    expect(await erase('email', CAROLINA.email)).toEqual({
      leads: 0,
      notes: 0,
      deliveries: 0,
      redacted: { leads: 0, notes: 1, deliveries: 0 },
    });
    expect(await noteBody('rita')).toBe(`Mandar cópia para ${X}`);

    expect(await traces(app.strapi, HER_TRACES)).toEqual([]);
    for (const [kind, value] of [
      ['phone', '48991234567'],
      ['cpf', CAROLINA.cpfMasked],
      ['email', CAROLINA.email],
    ]) {
      expect(await search(kind, value)).toMatchObject({
        counts: { leads: 0, notes: 0, deliveries: 0 },
        mentions: { leads: 0, notes: 0, deliveries: 0 },
      });
    }
  });

  it('leaves whoever she is not byte for byte', async () => {
    expect(await helenaSnapshot()).toEqual(helenaBefore);
    expect((await leadRow('helena')).message).toBe(bodies.helena.message);
    expect(await noteBody('helena')).toBe('Falei com a Carolina da imobiliária às 14h, ramal 4567.');
  });

  (currentTestDb() === 'sqlite' ? it : it.skip)(
    'on SQLite, leaves nothing of hers in the database files: secure_delete, then a checkpointed WAL',
    async () => {
      const [{ secure_delete: secureDelete }] = await app.strapi.db.connection.raw('PRAGMA secure_delete');
      expect(secureDelete).toBe(1);
      expect(await inDatabaseFiles(HER_TRACES)).toEqual([]);
      // Helena is still in the file: the search reads it
      expect(await inDatabaseFiles(['helena.prado@example.com'])).not.toEqual([]);
    }
  );

  (currentTestDb() === 'sqlite' ? it : it.skip)(
    'on SQLite, still erases when the WAL cannot be checkpointed, says so without naming anyone, and the nightly job does it',
    async () => {
      const body = someoneElse('Ivo Brandão', 'ivo.brandao@example.com', '62', '987650007', { message: 'Quero o apartamento.' });
      expect((await deliver('/jardim', body)).status).toBe(201);
      // another process reading the database: the checkpoint cannot truncate the log under it
      const busyTimeout = async () => (await app.strapi.db.connection.raw('PRAGMA busy_timeout'))[0].timeout as number;
      const timeout = await busyTimeout();
      expect(timeout).toBeGreaterThan(0);
      const reader = openSqlite(app.database.name);
      const warn = jest.spyOn(app.strapi.log, 'warn');
      try {
        reader.exec('BEGIN');
        reader.prepare('SELECT count(*) FROM grupozap_leads').get();
        const erased = await erase('email', 'ivo.brandao@example.com');
        expect(erased).toMatchObject({ leads: 1, deliveries: 1 });
        const said = warn.mock.calls.map((call) => String(call[0])).filter((message) => message.includes('write-ahead log'));
        expect(said).toHaveLength(1);
        expect(said[0]).not.toMatch(/ivo|brand|9876/i);
        // it did not wait for the reader: the app's own waits are as they were
        expect(await busyTimeout()).toBe(timeout);
      } finally {
        warn.mockRestore();
        reader.exec('ROLLBACK');
        reader.close();
      }
      expect(await app.strapi.db.query(LEAD).count({ where: { email: 'ivo.brandao@example.com' } })).toBe(0);
      expect(await inDatabaseFiles(['ivo.brandao@example.com'])).toEqual(['db-wal ← ivo.brandao@example.com']);

      const job = app.strapi.cron.jobs.find((entry: { name: string | null }) => entry.name === 'grupozap-retention');
      await job!.job.invoke();
      expect(await inDatabaseFiles(['ivo.brandao@example.com', 'Ivo Brandão'])).toEqual([]);
    }
  );
});

import { freshLead } from '../helpers/fixtures';
import { createAdvertiser } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * The retention purge runs in the app that takes the portal's deliveries. On SQLite every query
 * settles at once: a purge that never let the event loop read a request kept every delivery
 * waiting until it ended. Here a delivery posted while a purge of 3,000 leads runs is answered
 * before the purge is over.
 */
const LEAD = 'plugin::grupozap.lead';
const DAY = 86_400_000;
const OLD_LEADS = 3000;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  const receivedAt = new Date(Date.now() - 800 * DAY);
  for (let from = 0; from < OLD_LEADS; from += 500) {
    await app.strapi.db.query(LEAD).createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        originLeadId: `old-${from + i}`,
        name: `Antigo ${from + i}`,
        email: `antigo${from + i}@example.com`,
        receivedAt,
        leadStatus: 'new',
        isTest: false,
      })),
    });
  }
});

afterAll(async () => {
  app?.strapi.config.set('plugin::grupozap.retentionDays', null);
  await app?.stop();
});

it('answers the portal while the purge goes on', async () => {
  app.strapi.config.set('plugin::grupozap.retentionDays', 365);
  let purged: number | null = null;
  const purge = app.strapi
    .plugin('grupozap')
    .service('privacy')
    .runRetention(new Date())
    .then((run: { leads: number }) => (purged = run.leads));

  const answers: Array<{ status: number; purgeOver: boolean }> = [];
  for (let i = 0; i < 3; i += 1) {
    const res = await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(freshLead());
    answers.push({ status: res.status, purgeOver: purged !== null });
  }
  await purge;

  expect(purged).toBe(OLD_LEADS);
  expect(answers).toEqual(Array(3).fill({ status: 201, purgeOver: false }));
});

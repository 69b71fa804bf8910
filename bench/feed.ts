/**
 * `npm run bench:feed`: the VRSync feed of one advertiser with BENCH_FEED_LISTINGS listings
 * (50,000 by default), fetched over loopback as the portal would, plain and gzipped.
 * Prints the time to the last byte, the size, and the server's memory while it streams (peak RSS
 * and heap, sampled every 20 ms, against the same figures just before). The app runs in this
 * process (the playground on a fresh database, as the API tests boot it), so the figures include
 * Strapi itself. DB=postgres or mysql as `npm run bench`; SQLite by default.
 */
import http from 'node:http';
import { createGunzip } from 'node:zlib';
import { insertListings, validListing } from '../tests/helpers/feed-listings';
import { createAdvertiser } from '../tests/helpers/seed';
import { startTestApp } from '../tests/helpers/strapi';

const LISTINGS = Number(process.env.BENCH_FEED_LISTINGS ?? 50_000);
process.env.TEST_DB = process.env.DB ?? 'sqlite';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface Fetched {
  status: number;
  ms: number;
  bytes: number;
  xmlBytes: number;
  listings: number;
}

/** Reads the whole answer, keeping only counts, so the client side holds no feed in memory. */
const fetchFeed = (url: string, gzip: boolean): Promise<Fetched> =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    http
      .get(url, { headers: { 'Accept-Encoding': gzip ? 'gzip' : 'identity' } }, (response) => {
        let bytes = 0;
        let xmlBytes = 0;
        let listings = 0;
        let tail = '';
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        const xml = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
        xml.on('data', (chunk: Buffer) => {
          xmlBytes += chunk.length;
          const text = tail + chunk.toString('latin1');
          listings += text.split('<Listing>').length - 1;
          tail = text.slice(-9);
          if (tail.includes('<Listing>')) tail = '';
        });
        xml.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            bytes,
            xmlBytes,
            listings,
          })
        );
        xml.on('error', reject);
      })
      .on('error', reject);
  });

/** Peak RSS and heap while `work` runs, sampled every 20 ms. */
const peakDuring = async <T>(work: () => Promise<T>) => {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  const timer = setInterval(sample, 20);
  try {
    const result = await work();
    sample();
    return { result, rss, heap };
  } finally {
    clearInterval(timer);
  }
};

const main = async () => {
  const app = await startTestApp();
  try {
    const strapi = app.strapi;
    await strapi.plugin('grupozap').service('settings').update({
      username: 'vivareal',
      publicUrl: 'https://crm.example.com',
      urlForm: 'path',
      zonelessTimezone: 'America/Sao_Paulo',
      allowedIps: [],
    });
    const advertiser = await createAdvertiser(strapi, { name: 'Bench Imóveis', slug: 'bench', document: '11222333000181' });
    let started = Date.now();
    const rows = Array.from({ length: LISTINGS }, (_, index) => validListing(`B-${String(index).padStart(7, '0')}`));
    await insertListings(strapi, advertiser.id, rows, 250);
    process.stdout.write(
      `db=${process.env.TEST_DB} listings=${LISTINGS} inserted in ${((Date.now() - started) / 1000).toFixed(1)} s\n`
    );

    const token: string = await strapi.plugin('grupozap').service('listing-feed').regenerateToken(advertiser.id);
    const url = `${await app.listen()}/api/grupozap/feeds/bench/vrsync.xml?token=${token}`;
    global.gc?.();
    const before = process.memoryUsage();
    for (const gzip of [false, true]) {
      started = Date.now();
      const { result, rss, heap } = await peakDuring(() => fetchFeed(url, gzip));
      if (result.status !== 200 || result.listings !== LISTINGS) {
        throw new Error(`expected ${LISTINGS} listings with 200, got ${result.listings} with ${result.status}`);
      }
      process.stdout.write(
        `${gzip ? 'gzip    ' : 'identity'}  ${(result.ms / 1000).toFixed(2)} s  ${mb(result.bytes)} sent (${mb(result.xmlBytes)} XML)  ` +
          `peak RSS ${mb(rss)} (+${mb(Math.max(0, rss - before.rss))})  peak heap ${mb(heap)} (+${mb(Math.max(0, heap - before.heapUsed))})\n`
      );
    }
  } finally {
    await app.stop();
  }
};

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

'use strict';

const DEMO_ADVERTISER = {
  name: 'Imobiliária Demo',
  slug: 'imobiliaria-demo',
  // a made-up CNPJ with valid check digits
  document: '11222333000181',
  email: 'contato@imobiliaria-demo.example',
  active: true,
  sendLeadEmail: false,
};
// the demo's portal secret, set in Settings → Grupo ZAP on a fresh playground (change it there)
const DEMO_SECRET = 'playground-secret-change-me';
const DEMO_LISTING = { clientListingId: 'DEMO-001', title: 'Apartamento 2 quartos, Centro', originListingId: '2700000001' };

// the app's own properties (api::imovel.imovel), mirrored into Listings and the VRSync feed
const DEMO_PROPERTIES = [
  {
    codigo: 'DEMO-101',
    titulo: 'Apartamento 3 quartos com varanda gourmet',
    finalidade: 'sale',
    tipo: 'residential_apartment',
    precoVenda: 780000,
    condominio: 950,
    area: 96,
    quartos: 3,
    banheiros: 2,
    suites: 1,
    vagas: 2,
    rua: 'Rua Bocaiúva',
    numero: '1200',
    bairro: 'Centro',
    cidade: 'Florianópolis',
    uf: 'SC',
    cep: '88015-530',
  },
  {
    codigo: 'DEMO-102',
    titulo: 'Casa com quintal perto da praia',
    finalidade: 'rent',
    tipo: 'residential_home',
    precoAluguel: 4500,
    area: 140,
    quartos: 3,
    banheiros: 2,
    vagas: 1,
    bairro: 'Campeche',
    cidade: 'Florianópolis',
    uf: 'SC',
  },
  // left out of the feed on purpose (no price): the feed health shows why
  {
    codigo: 'DEMO-103',
    titulo: 'Sala comercial no centro',
    finalidade: 'sale',
    tipo: 'commercial_office',
    area: 40,
    bairro: 'Centro',
    cidade: 'Florianópolis',
    uf: 'SC',
  },
];

const seedProperties = async (strapi) => {
  const photo = await strapi.db.query('plugin::upload.file').create({
    // a placeholder picture URL: the feed only carries it
    data: {
      name: 'demo-fachada.jpg',
      hash: 'demo_fachada',
      ext: '.jpg',
      mime: 'image/jpeg',
      size: 1,
      provider: 'local',
      url: 'https://images.example.com/demo-fachada.jpg',
    },
  });
  const properties = strapi.documents('api::imovel.imovel');
  for (const property of DEMO_PROPERTIES) {
    const data = { ...property, descricao: property.titulo, anunciante: DEMO_ADVERTISER.slug, fotos: [photo.id] };
    const created = await properties.create({ data });
    await properties.publish({ documentId: created.documentId });
  }
};

const seedDemo = async (strapi) => {
  const advertisers = strapi.documents('plugin::grupozap.advertiser');
  let advertiser = await advertisers.findFirst({ filters: { slug: DEMO_ADVERTISER.slug } });
  if (!advertiser) {
    advertiser = await advertisers.create({ data: DEMO_ADVERTISER });
    await strapi.documents('plugin::grupozap.listing').create({
      data: { ...DEMO_LISTING, advertiser: advertiser.documentId },
    });
    if (strapi.contentType('api::imovel.imovel')) await seedProperties(strapi);
  }

  const port = strapi.config.get('server.port');
  const settings = strapi.plugin('grupozap').service('settings');
  const store = strapi.store({ type: 'plugin', name: 'grupozap' });
  if (!(await store.get({ key: 'settings' }))) {
    // a fresh playground: a known secret and a local public URL, so the curl below works at once
    await settings.update({
      username: 'vivareal',
      publicUrl: strapi.config.get('server.url') || `http://localhost:${port}`,
      urlForm: 'path',
      zonelessTimezone: 'America/Sao_Paulo',
      allowedIps: [],
    });
    if (!strapi.config.get('plugin::grupozap.secretKey')) await settings.setSecret({ secret: DEMO_SECRET });
  }
  const configSecret = strapi.config.get('plugin::grupozap.secretKey');
  const stored = await store.get({ key: 'settings' });
  const secret = configSecret || (stored.secret && stored.secret.hint === DEMO_SECRET.slice(-4) ? DEMO_SECRET : null);
  const credential = Buffer.from(`vivareal:${secret || '<YOUR-SECRET>'}`).toString('base64');
  const lead = JSON.stringify({
    leadOrigin: 'Grupo OLX',
    timestamp: new Date().toISOString(),
    originLeadId: 'demo-' + Date.now().toString(36),
    clientListingId: DEMO_LISTING.clientListingId,
    name: 'Carla Souza',
    email: 'carla@example.com',
    ddd: '48',
    phone: '988627634',
    message: 'Gostaria de agendar uma visita.',
    temperature: 'Alta',
    transactionType: 'SELL',
  });
  strapi.log.info(
    [
      '',
      'Grupo ZAP playground: post a lead with',
      `  curl -i -X POST http://localhost:${port}/api/grupozap/lead/${DEMO_ADVERTISER.slug} \\`,
      `    -H 'Authorization: Basic ${credential}' -H 'Content-Type: application/json' \\`,
      `    -d '${lead}'`,
      '',
    ].join('\n')
  );
};

module.exports = { seedDemo, DEMO_ADVERTISER, DEMO_LISTING, DEMO_PROPERTIES, DEMO_SECRET };

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
const DEMO_LISTING = { clientListingId: 'DEMO-001', title: 'Apartamento 2 quartos, Centro', originListingId: '2700000001' };

const seedDemo = async (strapi) => {
  const advertisers = strapi.documents('plugin::grupozap.advertiser');
  let advertiser = await advertisers.findFirst({ filters: { slug: DEMO_ADVERTISER.slug } });
  if (!advertiser) {
    advertiser = await advertisers.create({ data: DEMO_ADVERTISER });
    await strapi.documents('plugin::grupozap.listing').create({
      data: { ...DEMO_LISTING, advertiser: advertiser.documentId },
    });
  }

  const secret = strapi.config.get('plugin::grupozap.secretKey');
  const port = strapi.config.get('server.port');
  const credential = Buffer.from(`vivareal:${secret || '<GRUPOZAP_SECRET_KEY>'}`).toString('base64');
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

module.exports = { seedDemo, DEMO_ADVERTISER, DEMO_LISTING };

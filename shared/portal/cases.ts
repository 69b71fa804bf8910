import { randomUUID } from 'node:crypto';

/** The HTTP status a case expects: an exact code, or a class such as `2xx`. */
export type Expected = number | '2xx' | '4xx';

export interface SimCase {
  name: string;
  expected: Expected;
  /** The raw body sent (a string, so that malformed JSON can be sent too). */
  body: string;
  password?: string;
}

export interface CaseOptions {
  secret: string;
  listing: string;
  /** Unique per run, so a run never collides with an earlier one. */
  runId?: string;
}

const now = () => new Date().toISOString();

/** A lead as the portal sends it today (Grupo OLX payload). */
export const currentLead = (originLeadId: string, clientListingId: string) => ({
  leadOrigin: 'Grupo OLX',
  timestamp: now(),
  originLeadId,
  originListingId: '2700000001',
  clientListingId,
  name: 'Homologação Simulador',
  email: 'simulador@example.com',
  ddd: '11',
  phone: '987654321',
  phoneNumber: '11987654321',
  message: 'Lead de teste enviado pelo grupozap-sim.',
  temperature: 'Alta',
  transactionType: 'SELL',
  extraData: { leadType: 'CONTACT_FORM' },
});

/** The standard cases of the portal's homologation, in the order they are sent. */
export const standardCases = ({ secret, listing, runId = randomUUID().slice(0, 8) }: CaseOptions): SimCase[] => {
  const id = (suffix: string) => `sim-${runId}-${suffix}`;
  const current = JSON.stringify(currentLead(id('current'), listing));
  const legacy = {
    leadOrigin: 'Zap',
    timestamp: '2019-04-14T09:05:00',
    originLeadId: id('legacy'),
    originListingId: '2447193',
    clientListingId: listing,
    name: 'Maria',
    email: '',
    phoneNumber: '5521988887777',
    message: 'Olá, ainda está disponível?',
  };
  const mcmv = {
    leadOrigin: 'MCMV_OLX',
    timestamp: now(),
    originLeadId: id('mcmv'),
    name: 'João da Silva',
    ddd: '11',
    phone: '987654321',
    message: 'Simulação de financiamento.',
    extraData: { leadType: 'CONTACT_FORM', mcmv: { unitType: 'APARTMENT', propertyValue: 250000 } },
  };
  const unknownFields = {
    ...currentLead(id('unknown-fields'), listing),
    leadOrigin: 'Portal Novo',
    brandNewField: { nested: true },
  };
  const noListing = { ...currentLead(id('no-listing'), listing) } as Record<string, unknown>;
  delete noListing.clientListingId;

  return [
    { name: 'current payload', expected: 201, body: current, password: secret },
    { name: 'legacy: zone-less timestamp, phoneNumber only', expected: '2xx', body: JSON.stringify(legacy), password: secret },
    { name: 'MCMV lead without listing', expected: '2xx', body: JSON.stringify(mcmv), password: secret },
    { name: 'unknown fields and enum values', expected: '2xx', body: JSON.stringify(unknownFields), password: secret },
    { name: 'duplicate of the current payload', expected: '2xx', body: current, password: secret },
    {
      name: 'wrong credential',
      expected: 401,
      body: JSON.stringify(currentLead(id('wrong-auth'), listing)),
      password: `${secret}-wrong`,
    },
    { name: 'missing clientListingId', expected: '4xx', body: JSON.stringify(noListing), password: secret },
    { name: 'malformed JSON', expected: '4xx', body: '{"originLeadId": "broken", ', password: secret },
  ];
};

export const matches = (expected: Expected, status: number): boolean => {
  if (expected === '2xx') return status >= 200 && status < 300;
  if (expected === '4xx') return status >= 400 && status < 500;
  return status === expected;
};

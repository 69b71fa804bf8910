import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';

const LISTING = 'plugin::grupozap.listing';

/** A listing the VRSync feed carries: every field the documentation restricts is valid. */
export const validListing = (code: string) => ({
  clientListingId: code,
  title: `Apartamento ${code} com vista`,
  description: 'Três quartos & varanda <gourmet>, perto do metrô.',
  transactionType: 'sale',
  propertyType: 'residential_apartment',
  salePrice: 650000,
  condoFee: 900,
  iptu: 2400,
  livingArea: 87,
  bedrooms: 3,
  bathrooms: 2,
  suites: 1,
  parkingSpaces: 1,
  street: 'Rua Harmonia',
  streetNumber: '120',
  neighborhood: 'Vila Madalena',
  city: 'São Paulo',
  state: 'SP',
  postalCode: '05435-000',
  latitude: -23.5558,
  longitude: -46.6896,
  photoUrls: [`/uploads/${code}-1.jpg`, `https://cdn.example.com/${code}/2.jpg?w=800&h=600`],
  features: ['Piscina', 'Churrasqueira'],
  active: true,
});

const documentId = () => randomBytes(12).toString('hex').slice(0, 24);

/**
 * Inserts listings of one advertiser fast: rows with the Query Engine's createMany, then their
 * advertiser links straight into the relation's join table (createMany does not write relations).
 */
export const insertListings = async (
  strapi: Core.Strapi,
  advertiserId: number,
  rows: Record<string, unknown>[],
  batchSize = 200
): Promise<void> => {
  const joinTable = (
    strapi.db.metadata.get(LISTING).attributes.advertiser as unknown as {
      joinTable: {
        name: string;
        joinColumn: { name: string };
        inverseJoinColumn: { name: string };
        inverseOrderColumnName?: string;
      };
    }
  ).joinTable;
  for (let start = 0; start < rows.length; start += batchSize) {
    const now = new Date();
    const batch = rows
      .slice(start, start + batchSize)
      .map((row) => ({ documentId: documentId(), createdAt: now, updatedAt: now, ...row }));
    await strapi.db.query(LISTING).createMany({ data: batch });
    const created: { id: number }[] = await strapi.db.query(LISTING).findMany({
      where: { documentId: { $in: batch.map((row) => row.documentId) } },
      select: ['id'],
      orderBy: { id: 'asc' },
    });
    await strapi.db.connection(joinTable.name).insert(
      created.map(({ id }, index) => ({
        [joinTable.joinColumn.name]: id,
        [joinTable.inverseJoinColumn.name]: advertiserId,
        ...(joinTable.inverseOrderColumnName ? { [joinTable.inverseOrderColumnName]: start + index + 1 } : {}),
      }))
    );
  }
};

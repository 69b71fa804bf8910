import fs from 'node:fs';
import path from 'node:path';

/** The sample bodies this repository owns (tests/fixtures/leads). */
export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'leads');

export type LeadBody = Record<string, unknown>;

export const loadFixture = (name: string): LeadBody =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, name), 'utf8')) as LeadBody;

export const fixtureNames = (): string[] =>
  fs
    .readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort();

let counter = 0;
/** A fixture with an originLeadId of its own, so tests do not see each other's leads. */
export const freshLead = (name = 'grupo-olx-current.json', overrides: LeadBody = {}): LeadBody => {
  counter += 1;
  return { ...loadFixture(name), originLeadId: `t-${process.pid}-${Date.now().toString(36)}-${counter}`, ...overrides };
};

let people = 0;
/**
 * The contact of a person no other lead of the run has (a valid mobile in São Paulo, an e-mail):
 * the fixtures all have one person, whose new leads distribution gives to the agent who holds
 * their open lead.
 */
export const anotherPerson = (): LeadBody => {
  people += 1;
  const digits = String((process.pid * 7919 + people) % 100_000_000).padStart(8, '0');
  return { email: `pessoa-${process.pid}-${people}@example.com`, ddd: '11', phone: `9${digits}`, phoneNumber: undefined };
};

/**
 * A report's counts over some leads, in a form that adds up: a day's tally is kept in the
 * database (see services/report-days), and a report adds the tallies of its days. Pure code.
 */

/** One lead as the report reads it. */
export interface TalliedLead {
  /** Milliseconds since the epoch. */
  receivedAt: number;
  status: string | null;
  /** Read only when `status` is `lost`. */
  lostReason: string | null;
  origin: string | null;
  advertiserId: number | null;
  /** Who answered first, else the assignee; null: nobody. */
  agentId: number | null;
  firstResponseSeconds: number | null;
  /** The lead's person (see services/people); a lead not yet given one counts as its own. */
  personId: number;
}

/** Seconds to first response, binned: [how many, their sum] per bin (see `binOf`). */
export type ResponseBins = Record<string, [number, number]>;

export interface Tally {
  total: number;
  /** Leads per quarter of an hour, keyed by the quarter's start in ms since the epoch / 900,000. */
  quarters: Record<string, number>;
  /** Keys are `keyOf(value)`: the value's text, or '' for null. */
  status: Record<string, number>;
  /** Lost leads per reason. */
  lostReason: Record<string, number>;
  origin: Record<string, number>;
  advertiser: Record<string, number>;
  agents: Record<string, ResponseBins>;
  /**
   * The people the leads are from, each once: kept as their ids so that two days' tallies add up
   * to the people of both (a person who wrote on both days counts once). Absent from tallies kept
   * before it was counted (their days were made again: the triggers' signature changed).
   */
  people?: number[];
}

export const QUARTER_MS = 15 * 60 * 1000;

/** Every time zone in use today is a whole number of quarters of an hour off UTC. */
export const quarterOf = (ms: number): number => Math.floor(ms / QUARTER_MS);

/** null → '' and any text → '=text', so that null and '' stay apart as object keys. */
export const keyOf = (value: string | number | null): string => (value === null ? '' : `=${value}`);
export const valueOf = (key: string): string | null => (key === '' ? null : key.slice(1));

/** Exact seconds up to a minute; above, bins 1% wide (a median read from them is off by less than 1%). */
const EXACT_UP_TO = 60;
const LOG_STEP = Math.log(1.01);

export const binOf = (seconds: number): number =>
  seconds <= EXACT_UP_TO
    ? Math.max(0, Math.round(seconds))
    : EXACT_UP_TO + 1 + Math.floor(Math.log(seconds / EXACT_UP_TO) / LOG_STEP);

export const emptyTally = (): Tally => ({
  total: 0,
  quarters: {},
  status: {},
  lostReason: {},
  origin: {},
  advertiser: {},
  agents: {},
  people: [],
});

/**
 * A set of person ids (database ids: whole numbers from 1) as a bitmap that grows to the largest:
 * a year's report adds up a million of them, which a `Set` takes half a second to hold and a
 * bitmap of 125 kB a few milliseconds.
 */
export class IdSet {
  /** Ids up to this are bits (16 MB at most); the rare larger one goes to a `Set`. */
  static readonly BITMAP_LIMIT = 2 ** 27;
  private bits = new Uint8Array(1024);
  private large = new Set<number>();

  has(id: number): boolean {
    if (id >= IdSet.BITMAP_LIMIT || id < 0 || !Number.isInteger(id)) return this.large.has(id);
    const byte = id >>> 3;
    return byte < this.bits.length && (this.bits[byte] & (1 << (id & 7))) !== 0;
  }

  add(id: number): void {
    if (id >= IdSet.BITMAP_LIMIT || id < 0 || !Number.isInteger(id)) {
      this.large.add(id);
      return;
    }
    const byte = id >>> 3;
    if (byte >= this.bits.length) {
      let size = this.bits.length;
      while (size <= byte) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte] |= 1 << (id & 7);
  }
}

/** The people of a tally as a set, made once per tally and kept in step with its `people`. */
const peopleSets = new WeakMap<Tally, IdSet>();
const peopleSetOf = (tally: Tally): IdSet => {
  let set = peopleSets.get(tally);
  if (!set) {
    tally.people ??= [];
    set = new IdSet();
    for (const personId of tally.people) set.add(personId);
    peopleSets.set(tally, set);
  }
  return set;
};

const addPerson = (tally: Tally, set: IdSet, personId: number) => {
  if (set.has(personId)) return;
  set.add(personId);
  tally.people!.push(personId);
};

/** How many people the tally's leads are from. */
export const peopleCount = (tally: Tally): number => tally.people?.length ?? 0;

const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

const addToBins = (bins: ResponseBins, bin: string, count: number, sum: number) => {
  const current = bins[bin];
  if (current) {
    current[0] += count;
    current[1] += sum;
  } else bins[bin] = [count, sum];
};

/** Counts one lead in `tally` (changed in place). */
export const addLead = (tally: Tally, lead: TalliedLead): Tally => {
  tally.total += 1;
  bump(tally.quarters, String(quarterOf(lead.receivedAt)));
  bump(tally.status, keyOf(lead.status));
  if (lead.status === 'lost') bump(tally.lostReason, keyOf(lead.lostReason));
  bump(tally.origin, keyOf(lead.origin));
  bump(tally.advertiser, keyOf(lead.advertiserId));
  addPerson(tally, peopleSetOf(tally), lead.personId);
  if (lead.firstResponseSeconds !== null && Number.isFinite(lead.firstResponseSeconds)) {
    const bins = (tally.agents[keyOf(lead.agentId)] ??= {});
    addToBins(bins, String(binOf(lead.firstResponseSeconds)), 1, lead.firstResponseSeconds);
  }
  return tally;
};

/** Adds `from` into `into` (changed in place). */
export const mergeTally = (into: Tally, from: Tally): Tally => {
  into.total += from.total;
  for (const field of ['quarters', 'status', 'lostReason', 'origin', 'advertiser'] as const) {
    for (const [key, count] of Object.entries(from[field])) bump(into[field], key, count);
  }
  for (const [agent, bins] of Object.entries(from.agents)) {
    const target = (into.agents[agent] ??= {});
    for (const [bin, [count, sum]] of Object.entries(bins)) addToBins(target, bin, count, sum);
  }
  const people = peopleSetOf(into);
  for (const personId of from.people ?? []) addPerson(into, people, personId);
  return into;
};

/** How many values the bins hold. */
export const responded = (bins: ResponseBins): number => Object.values(bins).reduce((sum, [count]) => sum + count, 0);

/**
 * The median of the binned values: the middle value (the mean of the two middle ones for an even
 * count), each taken as the mean of its bin. Exact when the middle values' bins hold one value, or
 * equal ones (and always below a minute); otherwise within the bin, 1%.
 */
export const binnedMedian = (bins: ResponseBins): number => {
  const sorted = Object.entries(bins)
    .map(([bin, [count, sum]]) => ({ bin: Number(bin), count, mean: sum / count }))
    .sort((a, b) => a.bin - b.bin);
  const n = sorted.reduce((sum, bin) => sum + bin.count, 0);
  if (!n) return 0;
  const at = (rank: number): number => {
    let seen = 0;
    for (const bin of sorted) {
      seen += bin.count;
      if (rank < seen) return bin.mean;
    }
    return sorted[sorted.length - 1].mean;
  };
  return n % 2 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
};

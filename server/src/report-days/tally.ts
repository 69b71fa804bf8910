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
  /**
   * Leads per quarter of an hour, keyed by the quarter's start in ms since the epoch / 900,000: as
   * an object in a kept day, a `QuarterCounts` once counted into.
   */
  quarters: Record<string, number> | QuarterCounts;
  /** Keys are `keyOf(value)`: the value's text, or '' for null. */
  status: Record<string, number>;
  /** Lost leads per reason. */
  lostReason: Record<string, number>;
  origin: Record<string, number>;
  advertiser: Record<string, number>;
  agents: Record<string, ResponseBins>;
  /**
   * The people the leads are from, each once: kept as their ids so that two days' tallies add up
   * to the people of both (a person who wrote on both days counts once). A kept day holds them
   * encoded (`encodeIds`), or as an array if kept before that; absent from tallies kept before
   * they were counted. In memory, once counted into, an `IdSet`.
   */
  people?: number[] | string | IdSet;
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
  quarters: new QuarterCounts(),
  status: {},
  lostReason: {},
  origin: {},
  advertiser: {},
  agents: {},
  people: new IdSet(),
});

/**
 * Leads per quarter of an hour in a `Map`: a year's report adds 35,000 quarters, which an object
 * (keys that look like array indexes) takes 20 ms to copy and as long to go through; a `Map`, a
 * few. As JSON, the object a kept day holds.
 */
export class QuarterCounts {
  private counts = new Map<number, number>();

  add(quarter: number, leads: number): void {
    this.counts.set(quarter, (this.counts.get(quarter) ?? 0) + leads);
  }

  forEach(each: (quarter: number, leads: number) => void): void {
    this.counts.forEach((leads, quarter) => each(quarter, leads));
  }

  clone(): QuarterCounts {
    const copy = new QuarterCounts();
    copy.counts = new Map(this.counts);
    return copy;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a - b));
  }
}

/** Calls `each` with every quarter of `quarters` and its leads, whichever its form. */
export const forEachQuarter = (quarters: Tally['quarters'], each: (quarter: number, leads: number) => void): void => {
  if (quarters instanceof QuarterCounts) quarters.forEach(each);
  else for (const [quarter, leads] of Object.entries(quarters)) each(Number(quarter), leads);
};

/** The quarters of a tally as `QuarterCounts`, which it holds from then on. */
const quartersOf = (tally: Tally): QuarterCounts => {
  if (tally.quarters instanceof QuarterCounts) return tally.quarters;
  const counts = new QuarterCounts();
  forEachQuarter(tally.quarters, (quarter, leads) => counts.add(quarter, leads));
  tally.quarters = counts;
  return counts;
};

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
  /** How many ids it holds. */
  size = 0;

  has(id: number): boolean {
    if (id >= IdSet.BITMAP_LIMIT || id < 0 || !Number.isInteger(id)) return this.large.has(id);
    const byte = id >>> 3;
    return byte < this.bits.length && (this.bits[byte] & (1 << (id & 7))) !== 0;
  }

  /** Adds `id`; whether it was not there yet. */
  add(id: number): boolean {
    if (id >= IdSet.BITMAP_LIMIT || id < 0 || !Number.isInteger(id)) {
      if (this.large.has(id)) return false;
      this.large.add(id);
      this.size += 1;
      return true;
    }
    const byte = id >>> 3;
    if (byte >= this.bits.length) {
      let size = this.bits.length;
      while (size <= byte) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (id & 7);
    if (this.bits[byte] & bit) return false;
    this.bits[byte] |= bit;
    this.size += 1;
    return true;
  }

  /** Calls `each` with every id: those of the bitmap ascending, then the others. */
  forEach(each: (id: number) => void): void {
    const { bits } = this;
    // skips empty stretches four bytes at a time (the bitmap's length is a multiple of 1024)
    const words = new Uint32Array(bits.buffer, bits.byteOffset, bits.length >>> 2);
    for (let word = 0; word < words.length; word += 1) {
      if (!words[word]) continue;
      for (let byte = word * 4; byte < word * 4 + 4; byte += 1) {
        const value = bits[byte];
        if (value) for (let bit = 0; bit < 8; bit += 1) if (value & (1 << bit)) each(byte * 8 + bit);
      }
    }
    this.large.forEach((id) => each(id));
  }

  /** A set of the same ids, apart from this one (a copy of the bitmap). */
  clone(): IdSet {
    const copy = new IdSet();
    copy.bits = this.bits.slice();
    copy.large = new Set(this.large);
    copy.size = this.size;
    return copy;
  }

  /** As JSON, its ids. */
  toJSON(): number[] {
    const ids: number[] = [];
    this.forEach((id) => ids.push(id));
    return ids;
  }
}

/**
 * Ids (whole numbers from 0) as text a fifth the size of their JSON: ascending, each as its gap
 * from the one before in 7-bit groups (LEB128), in base64. A year's report reads a million of
 * them from the kept days; one that is not a whole number is kept apart, after a `|`, as JSON.
 */
export const encodeIds = (ids: readonly number[]): string => {
  const whole = ids.filter((id) => Number.isSafeInteger(id) && id >= 0).sort((a, b) => a - b);
  const other = ids.filter((id) => !(Number.isSafeInteger(id) && id >= 0));
  const bytes: number[] = [];
  let previous = 0;
  for (const id of whole) {
    let gap = id - previous;
    previous = id;
    while (gap >= 128) {
      bytes.push((gap % 128) | 128);
      gap = Math.floor(gap / 128);
    }
    bytes.push(gap);
  }
  const text = Buffer.from(bytes).toString('base64');
  return other.length ? `${text}|${JSON.stringify(other)}` : text;
};

/** Calls `each` with every id of `encodeIds`' text, in ascending order (then the others). */
export const forEachEncodedId = (text: string, each: (id: number) => void): void => {
  const bar = text.indexOf('|');
  const bytes = Buffer.from(bar < 0 ? text : text.slice(0, bar), 'base64');
  let previous = 0;
  let gap = 0;
  let scale = 1;
  for (const byte of bytes) {
    gap += (byte & 127) * scale;
    if (byte & 128) scale *= 128;
    else {
      previous += gap;
      each(previous);
      gap = 0;
      scale = 1;
    }
  }
  if (bar >= 0) for (const id of JSON.parse(text.slice(bar + 1)) as number[]) each(id);
};

const forEachId = (people: Tally['people'], each: (id: number) => void): void => {
  if (people instanceof IdSet) people.forEach(each);
  else if (typeof people === 'string') forEachEncodedId(people, each);
  else for (const id of people ?? []) each(id);
};

/** The ids of a tally's people (ascending when counted into or kept encoded). */
export const peopleIds = (tally: Tally): number[] => {
  const ids: number[] = [];
  forEachId(tally.people, (id) => ids.push(id));
  return ids;
};

/** A day's tally as the database keeps it: its people encoded. */
export const serializeTally = (tally: Tally): string =>
  JSON.stringify({ ...tally, people: typeof tally.people === 'string' ? tally.people : encodeIds(peopleIds(tally)) });

/**
 * The people of a tally as a set, which it holds from then on: a year's report adds a million
 * ids into one and needs only their count, never their list.
 */
const peopleSetOf = (tally: Tally): IdSet => {
  if (tally.people instanceof IdSet) return tally.people;
  const set = new IdSet();
  forEachId(tally.people, (id) => set.add(id));
  tally.people = set;
  return set;
};

/** How many people the tally's leads are from. */
export const peopleCount = (tally: Tally): number => {
  if (tally.people instanceof IdSet) return tally.people.size;
  if (typeof tally.people !== 'string') return new Set(tally.people ?? []).size;
  let count = 0;
  forEachEncodedId(tally.people, () => (count += 1));
  return count;
};

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
  quartersOf(tally).add(quarterOf(lead.receivedAt), 1);
  bump(tally.status, keyOf(lead.status));
  if (lead.status === 'lost') bump(tally.lostReason, keyOf(lead.lostReason));
  bump(tally.origin, keyOf(lead.origin));
  bump(tally.advertiser, keyOf(lead.advertiserId));
  peopleSetOf(tally).add(lead.personId);
  if (lead.firstResponseSeconds !== null && Number.isFinite(lead.firstResponseSeconds)) {
    const bins = (tally.agents[keyOf(lead.agentId)] ??= {});
    addToBins(bins, String(binOf(lead.firstResponseSeconds)), 1, lead.firstResponseSeconds);
  }
  return tally;
};

/** Adds `from` into `into` (changed in place). */
export const mergeTally = (into: Tally, from: Tally): Tally => {
  into.total += from.total;
  const quarters = quartersOf(into);
  forEachQuarter(from.quarters, (quarter, leads) => quarters.add(quarter, leads));
  for (const field of ['status', 'lostReason', 'origin', 'advertiser'] as const) {
    for (const [key, count] of Object.entries(from[field] ?? {})) bump(into[field], key, count);
  }
  for (const [agent, bins] of Object.entries(from.agents)) {
    const target = (into.agents[agent] ??= {});
    for (const [bin, [count, sum]] of Object.entries(bins)) addToBins(target, bin, count, sum);
  }
  const people = peopleSetOf(into);
  forEachId(from.people, (personId) => people.add(personId));
  return into;
};

/** A tally apart from `tally` (changing one leaves the other): its people as an `IdSet`. */
export const cloneTally = (tally: Tally): Tally => {
  const people = peopleSetOf(tally).clone();
  const counts = (field: Record<string, number>) => ({ ...field });
  return {
    total: tally.total,
    quarters: quartersOf(tally).clone(),
    status: counts(tally.status),
    lostReason: counts(tally.lostReason ?? {}),
    origin: counts(tally.origin),
    advertiser: counts(tally.advertiser),
    agents: Object.fromEntries(
      Object.entries(tally.agents).map(([agent, bins]) => [
        agent,
        Object.fromEntries(Object.entries(bins).map(([bin, [count, sum]]) => [bin, [count, sum] as [number, number]])),
      ])
    ),
    people,
  };
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

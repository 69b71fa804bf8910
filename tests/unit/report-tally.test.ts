import fc from 'fast-check';
import {
  addLead,
  binOf,
  binnedMedian,
  cloneTally,
  emptyTally,
  encodeIds,
  forEachEncodedId,
  forEachQuarter,
  IdSet,
  mergeTally,
  peopleCount,
  peopleIds,
  responded,
  serializeTally,
  type ResponseBins,
  type Tally,
  type TalliedLead,
} from '../../server/src/report-days/tally';

/** The exact median: the middle value, or the mean of the two middle ones. */
const exactMedian = (values: number[]): number => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const binsOf = (values: number[]): ResponseBins => {
  const tally = emptyTally();
  for (const seconds of values) addLead(tally, { ...LEAD, firstResponseSeconds: seconds });
  return tally.agents[''] ?? {};
};

const LEAD: TalliedLead = {
  receivedAt: 0,
  status: 'new',
  lostReason: null,
  origin: null,
  advertiserId: null,
  agentId: null,
  firstResponseSeconds: null,
  personId: 1,
};

const seconds = fc.integer({ min: 0, max: 30 * 86_400 });

const lead = fc.record({
  receivedAt: fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
  status: fc.option(fc.constantFrom('new', 'contacted', 'won', 'lost', ''), { nil: null }),
  lostReason: fc.option(fc.constantFrom('Fora do orçamento', 'Sem retorno', ''), { nil: null }),
  origin: fc.option(fc.constantFrom('VivaReal', 'ZAP', ''), { nil: null }),
  advertiserId: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  agentId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  firstResponseSeconds: fc.option(seconds, { nil: null }),
  personId: fc.integer({ min: 1, max: 20 }),
});

describe('binnedMedian', () => {
  it('takes the middle value, or the mean of the two middle ones, when each stands alone in its bin', () => {
    expect(binnedMedian({})).toBe(0);
    expect(binnedMedian(binsOf([30]))).toBe(30);
    expect(binnedMedian(binsOf([300, 10, 60]))).toBe(60);
    expect(binnedMedian(binsOf([10, 60, 300, 900]))).toBe(180);
    expect(binnedMedian(binsOf([1200, 1200, 600, 3000, 1200]))).toBe(1200);
  });

  it('is exact below a minute, whatever the values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 200 }), (values) => {
        expect(binnedMedian(binsOf(values))).toBe(exactMedian(values));
      })
    );
  });

  it('is within 1% of the exact median for any values', () => {
    fc.assert(
      fc.property(fc.array(seconds, { minLength: 1, maxLength: 300 }), (values) => {
        const exact = exactMedian(values);
        expect(Math.abs(binnedMedian(binsOf(values)) - exact)).toBeLessThanOrEqual(Math.max(exact * 0.01, 0.5));
      })
    );
  });

  it('counts every value once', () => {
    fc.assert(
      fc.property(fc.array(seconds, { maxLength: 100 }), (values) => {
        expect(responded(binsOf(values))).toBe(values.length);
      })
    );
  });

  it('puts longer times in later bins (a median never goes back)', () => {
    fc.assert(fc.property(seconds, seconds, (a, b) => a <= b || binOf(a) >= binOf(b)));
  });
});

describe('mergeTally', () => {
  it('gives the tally of all the leads from the tallies of any split of them (days kept apart, then added up)', () => {
    fc.assert(
      fc.property(fc.array(lead, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 5 }), (leads, cuts) => {
        const whole = leads.reduce((tally, one) => addLead(tally, one), emptyTally());
        const points = [...new Set(cuts.map((cut) => cut % (leads.length + 1)))].sort((a, b) => a - b);
        const parts = [0, ...points, leads.length]
          .slice(1)
          .map((end, i, ends) => leads.slice(i ? ends[i - 1] : 0, end).reduce((tally, one) => addLead(tally, one), emptyTally()));
        const merged = parts.reduce((into, part) => mergeTally(into, JSON.parse(JSON.stringify(part))), emptyTally());
        expect(merged).toEqual(whole);
      })
    );
  });

  it('counts each person once, however their leads fall in days', () => {
    fc.assert(
      fc.property(fc.array(lead, { maxLength: 60 }), fc.nat(), (leads, cut) => {
        const at = cut % (leads.length + 1);
        const [first, second] = [leads.slice(0, at), leads.slice(at)].map((part) =>
          part.reduce((tally, one) => addLead(tally, one), emptyTally())
        );
        // a kept day is read back from its JSON
        const merged = [first, second].reduce((into, part) => mergeTally(into, JSON.parse(JSON.stringify(part))), emptyTally());
        expect(peopleCount(merged)).toBe(new Set(leads.map((one) => one.personId)).size);
      })
    );
  });

  it('reads a day kept before people were counted as having none', () => {
    const old = JSON.parse(JSON.stringify({ ...emptyTally(), people: undefined }));
    expect(peopleCount(mergeTally(emptyTally(), old))).toBe(0);
    expect(peopleCount(addLead(old, { ...LEAD, personId: 7 }))).toBe(1);
  });

  it('adds to a copy (cloneTally) what it would add to the tally, and leaves the tally as it was', () => {
    fc.assert(
      fc.property(fc.array(lead, { maxLength: 40 }), fc.array(lead, { maxLength: 40 }), (held, more) => {
        const sum = held.reduce((tally, one) => addLead(tally, one), emptyTally());
        const before = JSON.parse(JSON.stringify(sum));
        const copy = cloneTally(sum);
        expect(JSON.parse(JSON.stringify(copy))).toEqual(before);
        const added = more.reduce((tally, one) => addLead(tally, one), copy);
        expect(JSON.parse(JSON.stringify(sum))).toEqual(before);
        const whole = [...held, ...more].reduce((tally, one) => addLead(tally, one), emptyTally());
        expect(JSON.parse(JSON.stringify(added))).toEqual(JSON.parse(JSON.stringify(whole)));
        expect(peopleCount(added)).toBe(new Set([...held, ...more].map((one) => one.personId)).size);
      })
    );
  });

  it('keeps null and the empty text apart', () => {
    const tally = [null, '', null].reduce((into, origin) => addLead(into, { ...LEAD, origin }), emptyTally());
    expect(tally.origin).toEqual({ '': 2, '=': 1 });
  });
});

describe('IdSet', () => {
  it('holds what a Set holds, small ids and large ones alike', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 70_000 }),
      fc.integer({ min: IdSet.BITMAP_LIMIT - 3, max: IdSet.BITMAP_LIMIT + 3 }),
      fc.integer({ min: 2 ** 31, max: 2 ** 40 })
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 200 }), fc.array(id, { maxLength: 50 }), (added, asked) => {
        const ids = new IdSet();
        for (const one of added) ids.add(one);
        const expected = new Set(added);
        for (const one of [...added, ...asked]) expect(ids.has(one)).toBe(expected.has(one));
        expect(ids.size).toBe(expected.size);
        const bitmap = [...expected].filter((one) => one < IdSet.BITMAP_LIMIT).sort((a, b) => a - b);
        const large = [...expected].filter((one) => one >= IdSet.BITMAP_LIMIT);
        const seen: number[] = [];
        ids.forEach((one) => seen.push(one));
        expect(seen.slice(0, bitmap.length)).toEqual(bitmap);
        expect(seen.slice(bitmap.length).sort((a, b) => a - b)).toEqual(large.sort((a, b) => a - b));
        expect(JSON.parse(JSON.stringify(ids))).toEqual(seen);
      })
    );
  });
});

describe('QuarterCounts', () => {
  it("counts each lead in its quarter, kept as the object a day's JSON always held, and read back from it", () => {
    fc.assert(
      fc.property(fc.array(lead, { maxLength: 80 }), (leads) => {
        const tally = leads.reduce((into, one) => addLead(into, one), emptyTally());
        const byHand: Record<string, number> = {};
        for (const one of leads) {
          const quarter = String(Math.floor(one.receivedAt / 900_000));
          byHand[quarter] = (byHand[quarter] ?? 0) + 1;
        }
        const kept = JSON.parse(serializeTally(tally)) as Tally;
        expect(kept.quarters).toEqual(byHand);
        const read: Record<string, number> = {};
        forEachQuarter(kept.quarters, (quarter, leads) => (read[String(quarter)] = leads));
        forEachQuarter(tally.quarters, (quarter, leads) => expect(read[String(quarter)]).toBe(leads));
        expect(Object.keys(read)).toHaveLength(Object.keys(byHand).length);
        // a kept day counted into takes its quarters along
        expect(JSON.parse(serializeTally(mergeTally(kept, emptyTally()))).quarters).toEqual(byHand);
      })
    );
  });
});

describe('kept people', () => {
  const decoded = (text: string) => {
    const ids: number[] = [];
    forEachEncodedId(text, (id) => ids.push(id));
    return ids;
  };

  it('gives back every id, ascending, whatever they are', () => {
    const id = fc.oneof(
      fc.nat(),
      fc.nat({ max: 2 ** 20 }),
      fc.maxSafeInteger(),
      fc.integer({ min: -5, max: -1 }),
      fc.double({ noNaN: true, noDefaultInfinity: true })
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 200 }), (ids) => {
        const whole = ids.filter((one) => Number.isSafeInteger(one) && one >= 0).sort((a, b) => a - b);
        const other = ids.filter((one) => !(Number.isSafeInteger(one) && one >= 0));
        expect(decoded(encodeIds(ids))).toEqual([...whole, ...other].map((one) => (Object.is(one, -0) ? 0 : one)));
      })
    );
  });

  it('takes a fifth of the room of their JSON or less, for the ids of a day', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => 900_000 + i * 3);
    expect(encodeIds(ids).length * 5).toBeLessThanOrEqual(JSON.stringify(ids).length);
  });

  it('adds up the same from kept days as from the leads, people each once', () => {
    fc.assert(
      fc.property(fc.array(lead, { maxLength: 60 }), fc.nat(), (leads, cut) => {
        const at = cut % (leads.length + 1);
        const whole = leads.reduce((tally, one) => addLead(tally, one), emptyTally());
        const kept = [leads.slice(0, at), leads.slice(at)].map(
          (part) => JSON.parse(serializeTally(part.reduce((tally, one) => addLead(tally, one), emptyTally()))) as Tally
        );
        const merged = kept.reduce((into, day) => mergeTally(into, day), emptyTally());
        const sorted = (tally: Tally) => ({ ...tally, people: peopleIds(tally).sort((a, b) => a - b) });
        expect(sorted(merged)).toEqual(sorted(whole));
        expect(peopleCount(kept[0]) + peopleCount(kept[1])).toBeGreaterThanOrEqual(peopleCount(whole));
      })
    );
  });
});

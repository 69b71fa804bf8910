import { nextInTurn } from '../../server/src/utils/round-robin';

const all = () => true;
const except =
  (...away: number[]) =>
  (id: number) =>
    !away.includes(id);

describe('nextInTurn', () => {
  it('starts with the first agent, then goes round in order', () => {
    expect(nextInTurn([7, 3, 5], all, null)).toBe(7);
    expect(nextInTurn([7, 3, 5], all, 7)).toBe(3);
    expect(nextInTurn([7, 3, 5], all, 3)).toBe(5);
    expect(nextInTurn([7, 3, 5], all, 5)).toBe(7);
  });

  it('passes over agents who are away, without giving anyone two in a row', () => {
    expect(nextInTurn([1, 2, 3], except(2), 1)).toBe(3);
    expect(nextInTurn([1, 2, 3], except(1), 3)).toBe(2);
    expect(nextInTurn([1, 2, 3], except(1, 3), 2)).toBe(2);
  });

  it('starts at the first when the last agent left the list', () => {
    expect(nextInTurn([1, 2, 3], all, 99)).toBe(1);
  });

  it('passes over the agent to skip, unless nobody else can take it', () => {
    expect(nextInTurn([1, 2, 3], all, 1, 2)).toBe(3);
    expect(nextInTurn([1, 2], except(1), 1, 2)).toBeNull();
  });

  it('gives nobody when there are no agents or all are away', () => {
    expect(nextInTurn([], all, null)).toBeNull();
    expect(nextInTurn([1, 2], except(1, 2), 1)).toBeNull();
  });
});

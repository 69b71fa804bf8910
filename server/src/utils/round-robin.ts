/**
 * The next agent in turn: the first available one after `last` in the advertiser's order of
 * agents, going round. The turn is a position in that order, not a count, so an agent who is
 * away is passed over without anyone getting two leads in a row while another is due, and comes
 * back in their place. Without a last agent (or one no longer in the list) it starts at the first.
 * `skip` is passed over as well (the current assignee of a lead being reassigned).
 */
export const nextInTurn = (
  order: readonly number[],
  available: (agentId: number) => boolean,
  last: number | null,
  skip: number | null = null
): number | null => {
  const start = last === null ? -1 : order.indexOf(last);
  for (let step = 1; step <= order.length; step += 1) {
    const candidate = order[(start + step) % order.length];
    if (candidate !== skip && available(candidate)) return candidate;
  }
  return null;
};

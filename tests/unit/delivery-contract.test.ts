import { PORTAL_ANSWERS } from '../../server/src/delivery/answers';
import { DELIVERY_CODES, DELIVERY_OUTCOMES } from '../../shared/contracts/deliveries';
import deliverySchema from '../../server/src/content-types/delivery/schema.json';

describe('the delivery log contract shared with the admin', () => {
  it('lists every code a delivery row can hold, in the server’s order', () => {
    expect([...DELIVERY_CODES]).toEqual(Object.keys(PORTAL_ANSWERS));
  });

  it('lists the outcomes of the schema, and each code maps to one of them', () => {
    expect([...DELIVERY_OUTCOMES]).toEqual(deliverySchema.attributes.outcome.enum);
    for (const code of DELIVERY_CODES) {
      expect(DELIVERY_OUTCOMES).toContain(PORTAL_ANSWERS[code].outcome);
    }
  });
});

import { isTransientDatabaseError, retryingTransient } from '../../server/src/utils/database-errors';

/** An Error as a driver throws it: a message plus `code` and/or `errno`. */
const driverError = (fields: { code?: string; errno?: number }, message = 'driver error'): Error =>
  Object.assign(new Error(message), fields);

const wrap = (cause: unknown, message = 'wrapped'): Error => new Error(message, { cause });

describe('isTransientDatabaseError: driver codes worth a retry', () => {
  it.each([
    [{ code: '40001' }, 'PostgreSQL serialization_failure'],
    [{ code: '40P01' }, 'PostgreSQL deadlock_detected'],
    [{ code: 'ER_LOCK_DEADLOCK', errno: 1213 }, 'MySQL/MariaDB deadlock (mysql2 shape)'],
    [{ code: 'ER_LOCK_DEADLOCK' }, 'MySQL/MariaDB deadlock, code only'],
    [{ errno: 1213 }, 'MySQL/MariaDB deadlock, errno only'],
    [{ code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }, 'MySQL/MariaDB lock wait timeout'],
    [{ errno: 1205 }, 'lock wait timeout, errno only'],
    [{ code: 'SQLITE_BUSY' }, 'SQLite busy'],
    [{ code: 'SQLITE_LOCKED' }, 'SQLite locked'],
  ])('%j (%s) is transient', (fields, _what) => {
    expect(isTransientDatabaseError(driverError(fields))).toBe(true);
  });

  it('works on Error subclasses, as the drivers throw', () => {
    class DatabaseError extends Error {
      code = '40P01';
    }
    expect(isTransientDatabaseError(new DatabaseError('deadlock detected'))).toBe(true);
  });
});

describe('isTransientDatabaseError: everything else is not', () => {
  it.each([
    [{ code: '23505' }, 'PostgreSQL unique_violation'],
    [{ code: '23502' }, 'PostgreSQL not_null_violation'],
    [{ code: '22001' }, 'PostgreSQL string_data_right_truncation'],
    [{ code: 'ER_DUP_ENTRY', errno: 1062 }, 'MySQL duplicate entry'],
    [{ code: 'ER_DATA_TOO_LONG', errno: 1406 }, 'MySQL data too long'],
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE' }, 'SQLite unique constraint'],
    [{ code: 'ECONNREFUSED', errno: -111 }, 'connection refused'],
    [{ code: '40002' }, 'a neighbouring code'],
    [{ code: '1213' }, 'the MySQL errno as a string is no code'],
    [{}, 'no code at all'],
  ])('%j (%s) is not transient', (fields, _what) => {
    expect(isTransientDatabaseError(driverError(fields))).toBe(false);
  });

  it('does not read the message', () => {
    expect(isTransientDatabaseError(new Error('deadlock detected 40P01 SQLITE_BUSY ER_LOCK_DEADLOCK'))).toBe(false);
  });

  it.each([
    [undefined],
    [null],
    ['40P01'],
    [1213],
    [{ code: '40P01' }], // not an Error
    [{ errno: 1213 }],
  ])('non-Error value %j is not transient', (value) => {
    expect(isTransientDatabaseError(value)).toBe(false);
  });
});

describe('isTransientDatabaseError: causes', () => {
  it('looks at the cause of a wrapping error', () => {
    expect(isTransientDatabaseError(wrap(driverError({ code: '40P01' })))).toBe(true);
    expect(isTransientDatabaseError(wrap(driverError({ errno: 1213 })))).toBe(true);
  });

  it('looks two causes deep', () => {
    expect(isTransientDatabaseError(wrap(wrap(driverError({ code: 'SQLITE_BUSY' }))))).toBe(true);
  });

  it('stops after three errors in the chain', () => {
    expect(isTransientDatabaseError(wrap(wrap(wrap(driverError({ code: 'SQLITE_BUSY' })))))).toBe(false);
  });

  it('does not follow a cause that is not an Error', () => {
    expect(isTransientDatabaseError(wrap({ code: '40P01' }))).toBe(false);
    expect(isTransientDatabaseError(wrap('40P01'))).toBe(false);
  });

  it('is not transient when no error in the chain is', () => {
    expect(isTransientDatabaseError(wrap(driverError({ code: '23505' })))).toBe(false);
  });

  it('answers true when the outer error is transient, whatever its cause', () => {
    expect(isTransientDatabaseError(Object.assign(wrap(driverError({ code: '23505' })), { code: '40001' }))).toBe(true);
  });

  it('terminates on a cause that points back to itself', () => {
    const looping = driverError({ code: '23505' });
    (looping as Error & { cause?: unknown }).cause = looping;
    expect(isTransientDatabaseError(looping)).toBe(false);
  });
});

describe('retryingTransient', () => {
  const deadlock = () => Object.assign(new Error('Deadlock found when trying to get lock'), { errno: 1213 });

  it('runs the transaction again after a deadlock, and gives its result', async () => {
    let runs = 0;
    const result = await retryingTransient(async () => {
      runs += 1;
      if (runs < 3) throw deadlock();
      return 'committed';
    });
    expect([result, runs]).toEqual(['committed', 3]);
  });

  it('gives up after the attempts allowed, with the last error', async () => {
    let runs = 0;
    await expect(
      retryingTransient(async () => {
        runs += 1;
        throw deadlock();
      }, 2)
    ).rejects.toThrow('Deadlock');
    expect(runs).toBe(2);
  });

  it('does not run again after any other error', async () => {
    let runs = 0;
    await expect(
      retryingTransient(async () => {
        runs += 1;
        throw new Error('duplicate key');
      })
    ).rejects.toThrow('duplicate key');
    expect(runs).toBe(1);
  });
});

import { generateSecret, hashSecret, verifySecret } from '../../server/src/utils/secret-hash';

describe('portal secret hashing', () => {
  it('verifies the secret it hashed and nothing else', async () => {
    const hash = await hashSecret('the-secret-the-portal-gave');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toContain('the-secret');
    await expect(verifySecret('the-secret-the-portal-gave', hash)).resolves.toBe(true);
    await expect(verifySecret('the-secret-the-portal-gavE', hash)).resolves.toBe(false);
    await expect(verifySecret('', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashSecret('same'), hashSecret('same')]);
    expect(a).not.toBe(b);
  });

  it('refuses a stored value it does not understand', async () => {
    await expect(verifySecret('x', 'plain-text')).resolves.toBe(false);
    await expect(verifySecret('x', 'bcrypt$10$abc$def$ghi$jkl')).resolves.toBe(false);
  });

  it('generates 256-bit secrets safe in a header', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

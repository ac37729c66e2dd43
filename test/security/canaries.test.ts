/** The suite-wide canary sweep (test/setup/canary-sweep.ts) must actually catch a leak in each output kind. */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  capturedLogger,
  leaks,
  plantPrivateKey,
  plantSecret,
  resetCanaries,
  watchOutput,
} from '../helpers/canaries.ts';
import { ENV_CANARY } from '../setup/canary-sweep.ts';

afterEach(() => resetCanaries()); // the leaks below are deliberate; the file-level sweep must not see them

describe('secret canary sweep', () => {
  it('finds the env canary in a captured log line and names where, without printing the secret', () => {
    capturedLogger('probe').warn({ env: process.env.CLOUDOPS_TEST_CANARY_SECRET }, 'dumped env');
    const found = leaks();
    expect(found).toEqual(['env CLOUDOPS_TEST_CANARY_SECRET appeared in log: probe']);
    expect(found.join('')).not.toContain(ENV_CANARY);
  });

  it('finds a private key printed on one line (its PEM wrapping removed) in a Slack post', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    plantPrivateKey('test private key', pem);
    const oneLine = pem
      .split('\n')
      .filter((l) => !l.startsWith('-----'))
      .join('');
    watchOutput('slack', () => JSON.stringify({ text: `key: ${oneLine}` }));
    expect(leaks()).toContain('test private key appeared in slack');
  });

  it('ignores values too short to be a secret and finds a planted config secret in model requests', () => {
    plantSecret('short', 'abc');
    plantSecret('CloudStack secretKey', 'CM76OnTvpi2UfCIDFtxO6n5a');
    watchOutput('model requests', () => 'abc … CM76OnTvpi2UfCIDFtxO6n5a');
    expect(leaks()).toEqual(['CloudStack secretKey appeared in model requests']);
  });
});

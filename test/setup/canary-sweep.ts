/**
 * vitest setup file (every test file): plants the env and lab-setting canaries, and after the file's own
 * hooks have run, fails if any planted secret reached a watched output (Slack, model, logs, audit rows).
 */
import { afterAll } from 'vitest';
import { SECRET_CANARIES } from '../../src/lab/settings-catalog.ts';
import { leaks, plantSecret, resetCanaries } from '../helpers/canaries.ts';

export const ENV_CANARY = 'CANARY-env-3b9f1d27c4e8';
process.env.CLOUDOPS_TEST_CANARY_SECRET = ENV_CANARY;
plantSecret('env CLOUDOPS_TEST_CANARY_SECRET', ENV_CANARY);
for (const c of SECRET_CANARIES) plantSecret('lab secret setting', c);
// The HMAC key signing approvals and audit rows: every service in a test signs with it; it must never show.
export const AUDIT_KEY_CANARY = 'CANARY-auditkey-7d1e0c94b2a65f38e0d1c9a7';
process.env.CLOUDOPS_AUDIT_KEY = AUDIT_KEY_CANARY;
plantSecret('env CLOUDOPS_AUDIT_KEY', AUDIT_KEY_CANARY);

// Registered before the file's hooks, so with vitest's default 'stack' order it runs after their afterAll
// (helpers snapshot audit rows on close).
afterAll(() => {
  const found = leaks();
  resetCanaries();
  if (found.length > 0) throw new Error(`secret canaries leaked:\n${[...new Set(found)].join('\n')}`);
});

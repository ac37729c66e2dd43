/** Canonical JSON (what hashes cover) and the one redaction helper. */
import { describe, expect, it } from 'vitest';
import { canonicalJson, requestInputHash } from '../../src/approvals/canonical.ts';
import { redactSecrets } from '../../src/core/redact.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":"é","z":1}]},"b":1}',
    );
  });
  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });
  it('binds env, step order, inputs and concurrency', () => {
    const base = {
      env: 'lab',
      concurrency: 1,
      steps: [
        { tool: 'stop_vm', input: { vm: 'a' } },
        { tool: 'stop_vm', input: { vm: 'b' } },
      ],
    };
    const h = requestInputHash(base);
    expect(
      requestInputHash({
        ...base,
        steps: [
          { tool: 'stop_vm', input: { vm: 'a' } },
          { tool: 'stop_vm', input: { vm: 'b' } },
        ],
      }),
    ).toBe(h);
    expect(requestInputHash({ ...base, env: 'prod' })).not.toBe(h);
    expect(requestInputHash({ ...base, concurrency: 2 })).not.toBe(h);
    expect(requestInputHash({ ...base, steps: [...base.steps].reverse() })).not.toBe(h);
    expect(requestInputHash({ ...base, steps: [base.steps[0]!] })).not.toBe(h);
  });
});

describe('redactSecrets', () => {
  it('masks secret-looking keys and known secret values anywhere, without touching the input', () => {
    const input = {
      apiKey: 'abc',
      nested: [{ password: 'p', note: 'url?signature=x&k=SUPERSECRET1' }],
      ok: 3,
    };
    const out = redactSecrets(input, ['SUPERSECRET1', 'ab', undefined]);
    expect(out).toEqual({
      apiKey: '<redacted>',
      nested: [{ password: '<redacted>', note: 'url?signature=x&k=<redacted>' }],
      ok: 3,
    });
    expect(input.apiKey).toBe('abc');
  });
});

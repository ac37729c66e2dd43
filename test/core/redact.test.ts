/** The redaction helper every surface shares: which settings are secret, and known values scrubbed anywhere. */
import { describe, expect, it } from 'vitest';
import { isSecretSetting, isSecretSettingName, REDACTED, redactSecrets } from '../../src/core/redact.ts';

describe('isSecretSettingName', () => {
  it.each([
    'ldap.bind.password',
    'ldap.truststore.password',
    'saml2.sp.key',
    'security.singlesignon.key',
    'router.aggregation.secret',
    'api.key',
    'secstorage.copy.password',
    'ssl.keystore',
    'ssh.privatekey',
    'system.vm.password',
    'oauth2.token.endpoint.secret',
    'user.password.reset.smtp.password',
    'kvm.ssh.credentials',
    'object.storage.accesskey',
  ])('%s is secret', (n) => expect(isSecretSettingName(n)).toBe(true));
  it.each([
    'mem.overprovisioning.factor',
    'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor',
    'capacity.check.period',
    'enable.dynamic.scale.vm',
  ])('%s is not', (n) => expect(isSecretSettingName(n)).toBe(false));
  it("CloudStack's Secure and Hidden categories are secret whatever the name", () => {
    expect(isSecretSetting({ name: 'moon.phase', category: 'Secure' })).toBe(true);
    expect(isSecretSetting({ name: 'moon.phase', category: 'Hidden' })).toBe(true);
    expect(isSecretSetting({ name: 'moon.phase', category: 'Advanced' })).toBe(false);
  });
});

describe('redactSecrets', () => {
  it('scrubs every occurrence inside nested strings and keeps the shape', () => {
    const v = {
      summary: 'key=abcd1234 and again abcd1234',
      rows: [['x', 'abcd1234-suffix'], 3, null],
      deep: { a: { b: 'prefix abcd1234' } },
    };
    expect(redactSecrets(v, ['abcd1234'])).toEqual({
      summary: `key=${REDACTED} and again ${REDACTED}`,
      rows: [['x', `${REDACTED}-suffix`], 3, null],
      deep: { a: { b: `prefix ${REDACTED}` } },
    });
    expect(v.summary).toContain('abcd1234'); // a copy, not an edit
  });
  it('replaces the longer of two overlapping secrets whole', () => {
    expect(redactSecrets('s=secret-long', ['secret', 'secret-long'])).toBe(`s=${REDACTED}`);
  });
  it('ignores empty and very short values, and survives cycles', () => {
    const a: Record<string, unknown> = { t: 'abc' };
    a.self = a;
    const r = redactSecrets(a, ['', undefined, 'ab']);
    expect(r).toStrictEqual(a);
    const b: Record<string, unknown> = { t: 'pw=hunter22' };
    b.self = b;
    const rb = redactSecrets(b, ['hunter22']) as Record<string, unknown>;
    expect(rb.t).toBe(`pw=${REDACTED}`);
    expect(rb.self).toBe(rb);
  });
});

import { describe, expect, it } from 'vitest';
import {
  formatExpires,
  javaUrlEncode,
  parseExpires,
  signParams,
  stringToSign,
  verifySignature,
} from '../../src/cloudstack/sign.ts';

// The four vectors of shared notes §2.1, verified there against Python and a Java re-implementation.
const vectors: { params: Record<string, string>; secret: string; toSign: string; signature: string }[] = [
  {
    params: { apiKey: 'foo', command: 'listVirtualMachines', listall: 'true', response: 'json' },
    secret: 'bar',
    toSign: 'apikey=foo&command=listvirtualmachines&listall=true&response=json',
    signature: 'B0d6hBsZTcFVCiioSxzwKA9Pke8=',
  },
  {
    params: {
      apiKey: 'foo',
      command: 'listVirtualMachines',
      page: '1',
      pageSize: '10',
      response: 'json',
      temPlateidd: '4',
      templateId: '3',
      zoneId: '2',
    },
    secret: 'bar',
    toSign:
      'apikey=foo&command=listvirtualmachines&page=1&pagesize=10&response=json&templateidd=4&templateid=3&zoneid=2',
    signature: 'mMS7XALuGkCXk7kj5SywySku0Z0=',
  },
  {
    params: {
      apikey: 'plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg',
      command: 'listUsers',
      response: 'json',
    },
    secret: 'VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ',
    toSign:
      'apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66mg&command=listusers&response=json',
    signature: 'TTpdDq/7j/J58XCRHomKoQXEQds=',
  },
  {
    params: {
      apiKey: 'foo',
      clusterid: '1c4e4b5e-6f2a-4b7e-9d1a-0c2f4e5a6b7c',
      command: 'listConfigurations',
      expires: '2026-11-24T17:00:00+0000',
      name: 'vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor',
      response: 'json',
      signatureVersion: '3',
    },
    secret: 'bar',
    toSign:
      'apikey=foo&clusterid=1c4e4b5e-6f2a-4b7e-9d1a-0c2f4e5a6b7c&command=listconfigurations&expires=2026-11-24t17%3a00%3a00%2b0000&name=vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor&response=json&signatureversion=3',
    signature: '2B+jv4eJrIwxJorPAfoplQN/R9M=',
  },
];

describe('CloudStack signing', () => {
  for (const [i, v] of vectors.entries()) {
    it(`vector ${i + 1}: string to sign and signature`, () => {
      expect(stringToSign(v.params)).toBe(v.toSign);
      expect(signParams(v.params, v.secret)).toBe(v.signature);
      expect(verifySignature({ ...v.params, signature: v.signature }, v.secret)).toBe(true);
    });
  }

  it('sorts upper-case names before lower-case ones (UTF-16 order, before lower-casing)', () => {
    expect(stringToSign({ b: '1', B: '2', a: '3' })).toBe('b=2&a=3&b=1');
  });

  it('encodes like java.net.URLEncoder with + as %20', () => {
    expect(javaUrlEncode("a b~!'()*-._")).toBe('a%20b%7E%21%27%28%29*-._');
    expect(javaUrlEncode('日')).toBe('%E6%97%A5');
    expect(javaUrlEncode('a+b/c=d&e')).toBe('a%2Bb%2Fc%3Dd%26e');
  });

  it('rejects a tampered parameter, a wrong secret and a missing signature', () => {
    const v = vectors[0]!;
    expect(verifySignature({ ...v.params, listall: 'false', signature: v.signature }, v.secret)).toBe(false);
    expect(verifySignature({ ...v.params, signature: v.signature }, 'baz')).toBe(false);
    expect(verifySignature({ ...v.params }, v.secret)).toBe(false);
    expect(verifySignature({ ...v.params, signature: `${v.signature}x` }, v.secret)).toBe(false);
  });

  it('formats and parses expires as CloudStack does', () => {
    const d = new Date(Date.UTC(2026, 10, 24, 17, 0, 0, 123));
    expect(formatExpires(d)).toBe('2026-11-24T17:00:00+0000');
    expect(parseExpires('2026-11-24T17:00:00+0000')).toBe(Date.UTC(2026, 10, 24, 17));
    expect(parseExpires('2026-11-24T22:30:00+0530')).toBe(Date.UTC(2026, 10, 24, 17));
    expect(parseExpires('2026-11-24T17:00:00.500Z')).toBe(Date.UTC(2026, 10, 24, 17, 0, 0, 500));
    expect(Number.isNaN(parseExpires('tomorrow'))).toBe(true);
  });
});

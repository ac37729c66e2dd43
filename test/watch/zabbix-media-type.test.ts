/** The importable Zabbix media type sends what the intake accepts: every body field is a parameter, the route and auth match. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { zabbixPayload } from '../../src/intake/zabbix.ts';

it('docs/zabbix-media-type.yaml names every field of the documented body and posts to /alerts/zabbix with the bearer token', () => {
  const doc = parse(
    readFileSync(resolve(import.meta.dirname, '../../docs/zabbix-media-type.yaml'), 'utf8'),
  ) as {
    zabbix_export: {
      media_types: { type: string; parameters: { name: string; value: string }[]; script: string }[];
    };
  };
  const mt = doc.zabbix_export.media_types[0]!;
  expect(mt.type).toBe('WEBHOOK');
  const params = new Set(mt.parameters.map((p) => p.name));
  for (const field of Object.keys(zabbixPayload.shape)) {
    expect(params.has(field), field).toBe(true);
    expect(mt.script).toContain(
      `${field}: p.${field}`.replace('environment: p.environment', 'body.environment = p.environment'),
    );
  }
  expect(mt.parameters.find((p) => p.name === 'URL')?.value).toMatch(/\/alerts\/zabbix$/);
  expect(mt.script).toContain("'Authorization: Bearer ' + p.Token");
  expect(mt.parameters.find((p) => p.name === 'event_value')?.value).toBe('{EVENT.VALUE}');
});

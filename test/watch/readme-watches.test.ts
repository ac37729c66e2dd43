/** The watches/intake example README shows must validate as written. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { intakeSchema, watchesSchema } from '../../src/config/watch-schema.ts';

it('README watches and intake example validates', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Watches and alert webhooks'));
  const doc = parse(/```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '') as {
    environments: { watches: unknown }[];
    intake: unknown;
  };
  const w = watchesSchema.parse(doc.environments[0]!.watches);
  expect(w.checks.map((c) => c.kind)).toEqual([
    'drbd',
    'pacemaker',
    'oom',
    'memory',
    'capacity',
    'management-log',
    'cloudstack',
  ]);
  expect(intakeSchema.parse(doc.intake).port).toBe(9095);
});

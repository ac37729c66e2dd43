/** The config example README shows operators must load as written (with its secrets in the environment). */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';

describe('README config example', () => {
  it('validates and resolves its secrets from the named environment variables', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Pointing it at a real CloudStack'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const dir = await mkdtemp(join(tmpdir(), 'readme-cfg-'));
    const path = join(dir, 'config.yaml');
    await writeFile(path, yaml!);
    const loaded = await loadConfig(path, {
      CS_TOKYO_API_KEY: 'k',
      CS_TOKYO_SECRET_KEY: 's',
      CS_TOKYO_DB_PASSWORD: 'p',
    });
    expect(loaded.config.environments[0]!.hosts.map((h) => h.role)).toEqual([
      'kvm',
      'storage',
      'storage',
      'management',
      'guest',
    ]);
    expect(loaded.secrets.get('tokyo')).toMatchObject({ apiKey: 'k', secretKey: 's', dbPassword: 'p' });
  });
});

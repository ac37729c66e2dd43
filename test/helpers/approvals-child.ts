/**
 * A second bot process for multi-process approval tests. Reads one JSON command from argv[2], speaks
 * line by line on stdout (READY, ID <id>, STARTED <label>, RESULT <json>), and is often killed with -9.
 */
import { openMysqlStore } from '../../src/store/mysql-store.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { openServiceOnLab, slack } from './approvals-lab.ts';
import { fileStepTool } from './file-step-tool.ts';

interface Command {
  mode: 'approve' | 'create-loop' | 'run-plan';
  configPath: string;
  store: { engine: 'sqlite'; path: string } | { engine: 'mysql'; url: string };
  runsFile: string;
  leaseMs?: number;
  id?: string;
  clicks?: number;
  hang?: string[];
}

const cmd = JSON.parse(process.argv[2] ?? '{}') as Command;
const say = (line: string) => process.stdout.write(`${line}\n`);

const store =
  cmd.store.engine === 'sqlite'
    ? openSqliteStore(cmd.store.path)
    : await openMysqlStore({ url: cmd.store.url });
const service = await openServiceOnLab(cmd.configPath, {
  store,
  leaseMs: cmd.leaseMs,
  extraTools: [fileStepTool(cmd.runsFile, { hang: cmd.hang, onStart: (l) => say(`STARTED ${l}`) })],
});
say('READY');

if (cmd.mode === 'approve') {
  const users = ['UAPP1', 'UAPP2', 'ULEAD'];
  const results = await Promise.all(
    Array.from({ length: cmd.clicks ?? 25 }, (_, i) =>
      service.approvals.approve(cmd.id!, slack(users[i % 3]!)),
    ),
  );
  const won = results.filter((r) => r.ok && r.execution);
  const final = won[0]?.ok ? await won[0].execution : undefined;
  say(
    `RESULT ${JSON.stringify({ won: won.length, codes: results.map((r) => (r.ok ? 'ok' : r.code)), final: final?.status })}`,
  );
} else if (cmd.mode === 'create-loop') {
  for (let i = 0; ; i++) {
    const r = await service.approvals.create({
      env: 'lab',
      steps: [{ tool: 'file_step', input: { label: `c${i}` } }],
      requester: slack('UREQ'),
      origin: { env: 'lab' },
    });
    say(r.ok ? `ID ${r.request.id}` : `ERROR ${r.code} ${r.message}`);
  }
} else if (cmd.mode === 'run-plan') {
  const d = await service.approvals.approve(cmd.id!, slack('UAPP1'));
  say(`DECIDED ${d.ok ? d.request.status : d.code}`);
  if (d.ok) await d.execution;
}
await service.close();
await store.close();
process.exit(0);

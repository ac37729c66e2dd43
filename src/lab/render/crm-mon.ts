/**
 * `crm_mon -1 --output-as=xml` as Pacemaker 2.1 prints it, built from a pair's pacemaker spec. Element and
 * attribute layout follow real crm_mon output (checked against the real tool in test/lab-render); a
 * promoted resource is rendered as the promotable clone it is in a real DRBD/NFS cluster.
 */
import type { StoragePairSpec } from '../scenario.ts';
import { ctime } from './lab-clock.ts';

type Pacemaker = NonNullable<StoragePairSpec['pacemaker']>;
type Spec = Pacemaker['resources'][number];

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const tag = (name: string, a: Record<string, string | number | boolean>, close = true) =>
  `<${name}${Object.entries(a)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('')}${close ? '/>' : '>'}`;

const REQUEST = 'crm_mon -1 --output-as=xml';
const API = '2.25';

/** What crm_mon prints on a node whose cluster stack is down (exit code 102, CRM_EX_NOT_CONNECTED). */
export function renderCrmMonNotConnected(): { stdout: string; code: number } {
  const stdout = [
    `<pacemaker-result api-version="${API}" request="${REQUEST}">`,
    '  <status code="102" message="Not connected">',
    '    <errors>',
    '      <error>error: Could not connect to launcher: Connection refused</error>',
    '      <error>crm_mon: Connection to cluster failed: Connection refused</error>',
    '    </errors>',
    '  </status>',
    '</pacemaker-result>',
  ];
  return { stdout: `${stdout.join('\n')}\n`, code: 102 };
}

/** Exit status names as crm_mon prints them, to their OCF codes. */
const OCF_CODES: Record<string, number> = {
  error: 1,
  'invalid parameter': 2,
  'unimplemented feature': 3,
  'insufficient privileges': 4,
  'not installed': 5,
  'not configured': 6,
  'not running': 7,
};

interface Instance {
  id: string;
  agent: string;
  role: string;
  active: boolean;
  failed: boolean;
  node?: string;
  /** target-role Stopped (the resource is disabled). */
  disabled?: boolean;
}

function instances(
  r: Spec,
  up: (n: string) => boolean,
  nodes: string[],
): { clone?: string; list: Instance[] } {
  const failed = r.failed || r.role === 'FAILED';
  const on = r.runningOn && up(r.runningOn) ? r.runningOn : undefined;
  if (r.role === 'Promoted' || r.role === 'Unpromoted') {
    const list: Instance[] = nodes.map((n) => {
      const role = n === on ? r.role : r.role === 'Promoted' ? 'Unpromoted' : 'Promoted';
      return up(n)
        ? { id: r.id, agent: r.agent, role, active: true, failed: failed && n === on, node: n }
        : { id: r.id, agent: r.agent, role: 'Stopped', active: false, failed: false };
    });
    return { clone: `${r.id}-clone`, list };
  }
  const role = r.role === 'FAILED' ? 'Started' : r.role;
  const active = !!on && role !== 'Stopped' && !r.disabled;
  return {
    list: [
      {
        id: r.id,
        agent: r.agent,
        role: active ? role : 'Stopped',
        active,
        failed,
        node: active ? on : undefined,
        ...(r.disabled ? { disabled: true } : {}),
      },
    ],
  };
}

export function renderCrmMon(pm: Pacemaker, now: number): string {
  const names = pm.nodes.map((n) => n.name);
  const ids = new Map(names.map((n, i) => [n, i + 1]));
  const up = (n: string) => pm.nodes.some((x) => x.name === n && x.state !== 'offline');
  const dc = pm.nodes.find((n) => n.state !== 'offline')?.name;
  const groups = pm.resources.map((r) =>
    // A node in maintenance keeps its resources running (unmanaged); a standby node runs none.
    instances(
      r,
      (n) => pm.nodes.some((x) => x.name === n && (x.state === 'online' || x.state === 'maintenance')),
      names,
    ),
  );
  const all = groups.flatMap((g) => g.list);
  const running = (n: string) => all.filter((i) => i.node === n).length;
  const out: string[] = [`<pacemaker-result api-version="${API}" request="${REQUEST}">`, '  <summary>'];
  out.push(`    ${tag('stack', { type: 'corosync' })}`);
  out.push(
    `    ${dc ? tag('current_dc', { present: true, version: '2.1.5-a3f44794f94', name: dc, id: ids.get(dc) ?? 0, with_quorum: pm.quorate, mixed_version: false }) : tag('current_dc', { present: false })}`,
  );
  out.push(`    ${tag('last_update', { time: ctime(now) })}`);
  out.push(
    `    ${tag('last_change', { time: ctime(now - 3_600_000), user: 'hacluster', client: 'crmd', origin: dc ?? names[0] ?? '' })}`,
  );
  out.push(`    ${tag('nodes_configured', { number: names.length })}`);
  out.push(`    ${tag('resources_configured', { number: all.length, disabled: 0, blocked: 0 })}`);
  out.push(
    `    ${tag('cluster_options', { 'stonith-enabled': true, 'symmetric-cluster': true, 'no-quorum-policy': 'stop', 'maintenance-mode': false, 'stop-all-resources': false, 'stonith-timeout-ms': 60000, 'priority-fencing-delay-ms': 0 })}`,
  );
  out.push('  </summary>', '  <nodes>');
  for (const n of pm.nodes) {
    const online = n.state !== 'offline';
    out.push(
      `    ${tag('node', {
        name: n.name,
        id: ids.get(n.name) ?? 0,
        online,
        standby: n.state === 'standby',
        standby_onfail: false,
        maintenance: n.state === 'maintenance',
        pending: false,
        unclean: false,
        health: 'green',
        ...(online ? { feature_set: '3.16.2' } : {}),
        shutdown: false,
        expected_up: online,
        is_dc: n.name === dc,
        resources_running: running(n.name),
        type: 'member',
      })}`,
    );
  }
  out.push('  </nodes>', '  <resources>');
  for (const g of groups) {
    const ind = g.clone ? '      ' : '    ';
    if (g.clone)
      out.push(
        `    ${tag('clone', { id: g.clone, multi_state: true, unique: false, managed: true, disabled: false, failed: g.list.some((i) => i.failed), failure_ignored: false }, false)}`,
      );
    for (const i of g.list) {
      const inMaintenance = pm.nodes.some((n) => n.name === i.node && n.state === 'maintenance');
      const a = {
        id: i.id,
        resource_agent: i.agent,
        role: i.role,
        ...(i.disabled ? { target_role: 'Stopped' } : {}),
        active: i.active,
        orphaned: false,
        blocked: false,
        // Pacemaker 2.1.5 marks resources on a node in maintenance only as unmanaged.
        managed: !inMaintenance,
        failed: i.failed,
        failure_ignored: false,
        nodes_running_on: i.node ? 1 : 0,
      };
      if (!i.node) out.push(`${ind}${tag('resource', a)}`);
      else
        out.push(
          `${ind}${tag('resource', a, false)}`,
          `${ind}  ${tag('node', { name: i.node, id: ids.get(i.node) ?? 0, cached: true })}`,
          `${ind}</resource>`,
        );
    }
    if (g.clone) out.push('    </clone>');
  }
  out.push('  </resources>');
  // `pcs node maintenance` is a node attribute, and crm_mon lists it as one.
  const inMaintenance = pm.nodes.filter((n) => n.state === 'maintenance');
  if (inMaintenance.length) {
    out.push('  <node_attributes>');
    for (const n of inMaintenance)
      out.push(
        `    ${tag('node', { name: n.name }, false)}`,
        `      ${tag('attribute', { name: 'maintenance', value: 'true' })}`,
        '    </node>',
      );
    out.push('  </node_attributes>');
  }
  out.push(...nodeHistory(all, pm, now));
  // Pacemaker does not unpack the resource history of an offline node, so its failures are not shown.
  const failures = pm.failedActions.filter((f) => up(f.node));
  if (failures.length) {
    out.push('  <failures>');
    failures.forEach((f, k) => {
      const interval = f.operation === 'monitor' ? 10000 : 0;
      const at = Date.parse(f.at);
      out.push(
        `    ${tag('failure', {
          op_key: `${f.resource}_${f.operation}_${interval}`,
          node: f.node,
          exitstatus: f.exitStatus,
          exitreason: f.exitReason,
          exitcode: OCF_CODES[f.exitStatus] ?? 1,
          call: 20 + k,
          status: 'complete',
          'last-rc-change': Number.isFinite(at)
            ? `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')}Z`
            : f.at,
          queued: 0,
          exec: 0,
          interval,
          task: f.operation,
        })}`,
      );
    });
    out.push('  </failures>');
  }
  out.push(`  ${tag('status', { code: 0, message: 'OK' })}`, '</pacemaker-result>');
  return `${out.join('\n')}\n`;
}

function nodeHistory(all: Instance[], pm: Pacemaker, now: number): string[] {
  const out: string[] = ['  <node_history>'];
  for (const n of pm.nodes.filter((x) => x.state !== 'offline')) {
    const here = all.filter((i) => i.node === n.name);
    if (!here.length) continue;
    out.push(`    ${tag('node', { name: n.name }, false)}`);
    here.forEach((i, k) => {
      out.push(
        `      ${tag('resource_history', { id: i.id, orphan: false, 'migration-threshold': 1000000 }, false)}`,
      );
      const task = i.role === 'Promoted' ? 'promote' : 'start';
      out.push(
        `        ${tag('operation_history', { call: 5 + k, task, rc: 0, rc_text: 'ok', 'last-rc-change': ctime(now - 3_600_000), 'exec-time': '10ms', 'queue-time': '0ms' })}`,
      );
      out.push('      </resource_history>');
    });
    out.push('    </node>');
  }
  out.push('  </node_history>');
  return out.length > 2 ? out : [];
}

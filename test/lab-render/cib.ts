/** Builds a Pacemaker CIB (configuration + status) from a lab pair's spec, so the real crm_mon can render it. */
import type { StoragePairSpec } from '../../src/lab/scenario.ts';

type Pacemaker = NonNullable<StoragePairSpec['pacemaker']>;

const RC: Record<string, number> = {
  error: 1,
  'invalid parameter': 2,
  'unimplemented feature': 3,
  'not installed': 5,
  'not configured': 6,
  'not running': 7,
};

function op(
  rsc: string,
  opName: string,
  rc: number,
  call: number,
  interval: number,
  when: number,
  reason?: string,
): string {
  const key = `${rsc}_${opName}_${interval}`;
  const id = rc === 0 ? `${rsc}_last_0` : `${rsc}_last_failure_0`;
  const tk = `${call}:1:0:aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa`;
  return `<lrm_rsc_op id="${id}" operation_key="${key}" operation="${opName}" crm-debug-origin="do_update_resource" crm_feature_set="3.16.2" transition-key="${tk}" transition-magic="0:${rc};${tk}" ${reason ? `exit-reason="${reason}" ` : ''}call-id="${call}" rc-code="${rc}" op-status="0" interval="${interval}" last-rc-change="${Math.floor(when / 1000)}" exec-time="0" queue-time="0" op-digest="x"/>`;
}

export function buildCib(pm: Pacemaker, now: number): string {
  const ids = new Map(pm.nodes.map((n, i) => [n.name, i + 1]));
  const dc = pm.nodes.find((n) => n.state !== 'offline');
  const agent = (a: string) => {
    const [cls = 'ocf', provider = 'heartbeat', type = 'Dummy'] = a.split(':');
    return `class="${cls}" provider="${provider}" type="${type}"`;
  };
  const resources = pm.resources.map((r) => {
    const meta = r.disabled
      ? `<meta_attributes id="${r.id}-meta"><nvpair id="${r.id}-tr" name="target-role" value="Stopped"/></meta_attributes>`
      : '';
    const prim = meta
      ? `<primitive id="${r.id}" ${agent(r.agent)}>${meta}</primitive>`
      : `<primitive id="${r.id}" ${agent(r.agent)}/>`;
    if (r.role !== 'Promoted' && r.role !== 'Unpromoted') return prim;
    return `<clone id="${r.id}-clone"><meta_attributes id="${r.id}-clone-meta"><nvpair id="${r.id}-p" name="promotable" value="true"/><nvpair id="${r.id}-pm" name="promoted-max" value="1"/></meta_attributes>${prim}</clone>`;
  });
  const standby = pm.nodes.map(
    (n) =>
      `<node id="${ids.get(n.name)}" uname="${n.name}">${n.state === 'standby' || n.state === 'maintenance' ? `<instance_attributes id="na-${n.name}"><nvpair id="sb-${n.name}" name="${n.state}" value="${n.state === 'standby' ? 'on' : 'true'}"/></instance_attributes>` : ''}</node>`,
  );
  const states = pm.nodes.map((n) => {
    const online = n.state !== 'offline';
    const ops: string[] = [];
    let call = 5;
    for (const r of pm.resources) {
      const a = agent(r.agent);
      const promotable = r.role === 'Promoted' || r.role === 'Unpromoted';
      const runsHere =
        (n.state === 'online' || n.state === 'maintenance') &&
        !r.disabled &&
        (r.runningOn === n.name || (promotable && r.runningOn && r.runningOn !== n.name));
      const fails = pm.failedActions.filter((f) => f.resource === r.id && f.node === n.name);
      // A lost node is fenced and the DC erases its resource history, so an offline node has none.
      if (!online || (!runsHere && !fails.length)) continue;
      const lines: string[] = [];
      // In a promotable clone the runningOn node holds the spec's role and the other node the opposite one.
      const promoted = promotable && (r.role === 'Promoted') === (r.runningOn === n.name);
      if (runsHere) lines.push(op(r.id, promoted ? 'promote' : 'start', 0, call++, 0, now - 3_600_000));
      for (const f of fails) {
        lines.push(
          op(
            r.id,
            f.operation,
            RC[f.exitStatus] ?? 1,
            call++,
            f.operation === 'monitor' ? 10000 : 0,
            Date.parse(f.at),
            f.exitReason,
          ),
        );
        // After a failed start Pacemaker stops the resource there (start-failure-is-fatal) and records it.
        if (f.operation === 'start' && !runsHere)
          lines.push(op(r.id, 'stop', 0, call++, 0, Date.parse(f.at) + 1000));
      }
      ops.push(`<lrm_resource id="${r.id}" ${a}>${lines.join('')}</lrm_resource>`);
    }
    const attrs = online
      ? 'in_ccm="true" crmd="online" join="member" expected="member"'
      : 'in_ccm="false" crmd="offline" join="down" expected="down"';
    return `<node_state id="${ids.get(n.name)}" uname="${n.name}" ${attrs} crm-debug-origin="do_update_resource"><lrm id="${ids.get(n.name)}"><lrm_resources>${ops.join('')}</lrm_resources></lrm></node_state>`;
  });
  return `<cib crm_feature_set="3.16.2" validate-with="pacemaker-3.9" epoch="10" num_updates="0" admin_epoch="0" have-quorum="${pm.quorate ? 1 : 0}" ${dc ? `dc-uuid="${ids.get(dc.name)}"` : ''}>
<configuration><crm_config><cluster_property_set id="cib-bootstrap-options"><nvpair id="o1" name="stonith-enabled" value="true"/><nvpair id="o2" name="cluster-name" value="${pm.clusterName}"/></cluster_property_set></crm_config>
<nodes>${standby.join('')}</nodes><resources>${resources.join('')}</resources><constraints/></configuration>
<status>${states.join('')}</status></cib>
`;
}

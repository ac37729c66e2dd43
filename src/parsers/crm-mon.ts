/**
 * Parses `crm_mon -1 --output-as=xml` (Pacemaker 2.1 schema): nodes, resources flattened out of clones,
 * groups and bundles, failed actions, quorum and DC; also the <status code="102"> answer of a stopped node.
 */
import { looksLikeHtml, toInt } from './input.ts';
import type { CrmFailure, CrmMon, CrmNode, CrmResource } from './types.ts';
import { boolAttr, child, childrenNamed, parseXml, type XmlElement } from './xml-lite.ts';

export function parseCrmMonXml(xml: string): CrmMon {
  const r: CrmMon = { nodes: [], resources: [], failures: [], quorum: {}, warnings: [] };
  if (typeof xml !== 'string' || !xml.trim()) return { ...r, warnings: ['empty output from crm_mon'] };
  if (looksLikeHtml(xml)) return { ...r, warnings: ['crm_mon: got an HTML page instead of XML'] };
  const doc = parseXml(xml);
  r.warnings.push(...doc.warnings.map((w) => `crm_mon: ${w}`));
  const root = doc.root;
  if (!root) return r;
  if (root.name !== 'pacemaker-result' && root.name !== 'crm_mon') {
    r.warnings.push(`crm_mon: root element is <${root.name}>, not <pacemaker-result>`);
    return r;
  }
  const status = child(root, 'status');
  if (status) {
    const errors = childrenNamed(child(status, 'errors'), 'error').map((e) => e.text);
    r.status = { code: toInt(status.attrs.code) ?? -1, message: status.attrs.message ?? '', errors };
    if (r.status.code !== 0)
      r.warnings.push(
        `crm_mon: status ${r.status.code} ${r.status.message}${errors.length ? `: ${errors.join('; ')}` : ''}`,
      );
  }
  const dc = child(child(root, 'summary'), 'current_dc');
  if (dc) {
    if (dc.attrs.present === 'true' && dc.attrs.name) r.dc = dc.attrs.name;
    const q = boolAttr(dc, 'with_quorum');
    if (q !== undefined) r.quorum.hasQuorum = q;
  }
  for (const n of childrenNamed(child(root, 'nodes'), 'node')) r.nodes.push(toNode(n));
  collectResources(child(root, 'resources'), {}, r.resources);
  for (const f of childrenNamed(child(root, 'failures'), 'failure')) r.failures.push(toFailure(f));
  if (!status && !child(root, 'nodes'))
    r.warnings.push('crm_mon: neither <nodes> nor <status> in the XML (truncated?)');
  return r;
}

function toNode(n: XmlElement): CrmNode {
  return {
    name: n.attrs.name ?? '',
    online: boolAttr(n, 'online') ?? false,
    standby: boolAttr(n, 'standby') ?? false,
    maintenance: boolAttr(n, 'maintenance') ?? false,
    unclean: boolAttr(n, 'unclean') ?? false,
    resourcesRunning: toInt(n.attrs.resources_running) ?? 0,
    isDc: boolAttr(n, 'is_dc'),
    type: n.attrs.type,
  };
}

interface Enclosing {
  clone?: string;
  group?: string;
  bundle?: string;
}

function collectResources(el: XmlElement | undefined, ctx: Enclosing, out: CrmResource[]): void {
  for (const c of el?.children ?? []) {
    if (c.name === 'resource') out.push(toResource(c, ctx));
    else if (c.name === 'clone') collectResources(c, { ...ctx, clone: c.attrs.id }, out);
    else if (c.name === 'group') collectResources(c, { ...ctx, group: c.attrs.id }, out);
    else if (c.name === 'bundle') collectResources(c, { ...ctx, bundle: c.attrs.id }, out);
    else if (c.name === 'replica') collectResources(c, ctx, out);
  }
}

function toResource(el: XmlElement, ctx: Enclosing): CrmResource {
  return {
    id: el.attrs.id ?? '',
    agent: el.attrs.resource_agent,
    role: el.attrs.role,
    ...(el.attrs.target_role ? { targetRole: el.attrs.target_role } : {}),
    active: boolAttr(el, 'active') ?? false,
    failed: boolAttr(el, 'failed') ?? false,
    managed: boolAttr(el, 'managed') ?? true,
    nodes: childrenNamed(el, 'node').map((n) => n.attrs.name ?? ''),
    ...ctx,
  };
}

// Operation names that can end an op_key (<resource>_<task>_<interval>); resource ids may contain "_".
const TASKS = [
  'monitor',
  'start',
  'stop',
  'promote',
  'demote',
  'migrate_to',
  'migrate_from',
  'notify',
  'reload',
  'reload-agent',
];

function toFailure(f: XmlElement): CrmFailure {
  const opKey = f.attrs.op_key ?? '';
  const tasks = f.attrs.task ? [f.attrs.task, ...TASKS] : TASKS;
  // Plain string matching: a task name from the XML is never turned into a RegExp.
  const noInterval = opKey.replace(/_\d+$/, '');
  const found = noInterval !== opKey ? tasks.find((t) => noInterval.endsWith(`_${t}`)) : undefined;
  const task = f.attrs.task ?? found ?? '';
  return {
    resource: found ? noInterval.slice(0, -(found.length + 1)) : opKey,
    node: f.attrs.node ?? '',
    task,
    exitReason: f.attrs.exitreason ?? '',
    exitStatus: f.attrs.exitstatus ?? '',
    lastRc: toInt(f.attrs.exitcode),
    at: f.attrs['last-rc-change'],
    opKey,
  };
}

/**
 * Format conformance with the real tools: libvirt's test driver (`virsh -c test:///file`) fed our own domain
 * XML, and Pacemaker's crm_mon fed a CIB built from the same pair spec (CIB_file=…). Our output must have the
 * real layout and parse to the same figures as the real tool's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createHostResponder } from '../../src/lab/host-responder.ts';
import { loadScenario } from '../../src/lab/load-scenario.ts';
import { labNow } from '../../src/lab/render/lab-clock.ts';
import { LabWorld } from '../../src/lab/world.ts';
import { parseCrmMonXml } from '../../src/parsers/crm-mon.ts';
import { parseVirshDominfo } from '../../src/parsers/virsh-dominfo.ts';
import { parseDomainXmlMemory } from '../../src/parsers/virsh-dumpxml.ts';
import { parseXml, walk, type XmlElement } from '../../src/parsers/xml-lite.ts';
import { buildCib } from './cib.ts';
import { describeWithTool, runTool } from './real-tool.ts';
import { layoutsScenario, pacemakerMaintenanceScenario } from './world-fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cloudops-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithTool('virsh', 'libvirt-clients', 'virsh output vs the libvirt test driver', () => {
  const world = new LabWorld(layoutsScenario());
  const host = world.hostByName('kvm01')!;
  const kvm = createHostResponder(world, { kind: 'kvm', host });
  const running = world.vmsOnHost(host).filter((v) => v.state === 'Running');
  // The test driver runs the domains it is given, numbering them 1..n like our lab host does.
  const domains = running.map((v) =>
    kvm(['virsh', 'dumpxml', v.instanceName]).stdout.replace(
      /^<domain type='kvm' id='\d+'>/,
      "<domain type='test'>",
    ),
  );
  const nodeXml = path.join(dir, 'node.xml');
  writeFileSync(
    nodeXml,
    `<node>\n<cpu><mhz>2000</mhz><model>i686</model><active>2</active><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads></cpu>\n<memory>67108864</memory>\n${domains.join('')}</node>\n`,
  );
  const virsh = (...args: string[]) => runTool('virsh', ['-c', `test://${nodeXml}`, ...args]);

  it('libvirt accepts our domain XML and `virsh list --all` is byte-identical', () => {
    expect(running.map((v) => v.domId)).toEqual([1, 2]);
    const real = virsh('list', '--all');
    expect(real.code).toBe(0);
    expect(kvm(['virsh', 'list', '--all']).stdout).toBe(real.stdout);
  });

  it('dominfo has the real labels, layout and memory figures', () => {
    for (const vm of running) {
      const real = virsh('dominfo', vm.instanceName);
      const ours = kvm(['virsh', 'dominfo', vm.instanceName]).stdout;
      const labels = (s: string) =>
        s
          .split('\n')
          .filter((l) => l && !l.startsWith('Security'))
          .map((l) => l.slice(0, 16));
      expect(labels(ours)).toEqual(labels(real.stdout));
      expect(ours.endsWith('\n\n')).toBe(real.stdout.endsWith('\n\n'));
      const [a, b] = [parseVirshDominfo(ours), parseVirshDominfo(real.stdout)];
      expect([a.maxMemoryKiB, a.usedMemoryKiB, a.cpus, a.uuid]).toEqual([
        b.maxMemoryKiB,
        b.usedMemoryKiB,
        b.cpus,
        b.uuid,
      ]);
    }
  });

  it("libvirt's normalised dumpxml of our XML reads to the same memory figures", () => {
    for (const vm of running) {
      const real = parseDomainXmlMemory(virsh('dumpxml', vm.instanceName).stdout);
      const ours = parseDomainXmlMemory(kvm(['virsh', 'dumpxml', vm.instanceName]).stdout);
      expect(real.warnings).toEqual([]);
      expect(ours).toEqual(real);
    }
  });

  it('dommemstat prints the same keys in the same order, and unknown domains fail the same way', () => {
    const vm = world.vmByName('capped')!;
    const keys = (s: string) =>
      s
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]);
    expect(keys(kvm(['virsh', 'dommemstat', vm.instanceName]).stdout)).toEqual(
      keys(virsh('dommemstat', vm.instanceName).stdout),
    );
    const real = virsh('dominfo', 'i-9-999-VM');
    expect(kvm(['virsh', 'dominfo', 'i-9-999-VM'])).toEqual({
      stdout: '',
      stderr: real.stderr,
      code: real.code,
    });
  });
});

/** Every element path with its attribute names, for structural comparison with the real tool. */
function shape(el: XmlElement | null): Set<string> {
  const out = new Set<string>();
  const visit = (e: XmlElement, at: string) => {
    const p = `${at}/${e.name}`;
    out.add(`${p}[${Object.keys(e.attrs).sort().join(',')}]`);
    for (const c of e.children) visit(c, p);
  };
  if (el) visit(el, '');
  return out;
}

/** The bundled scenarios, plus a node in maintenance with a disabled resource (derived from pacemaker-standby). */
async function conformanceScenario(name: string) {
  return name === 'pacemaker-maintenance' ? pacemakerMaintenanceScenario() : loadScenario(name);
}

describeWithTool(
  'crm_mon',
  'pacemaker-cli-utils',
  'crm_mon XML vs the real crm_mon on an equivalent CIB',
  () => {
    it.each([
      'healthy',
      'storage-node-offline',
      'drbd-split-brain',
      'pacemaker-standby',
      'pacemaker-runs-nowhere',
      'pacemaker-maintenance',
    ])('%s: same structure and same cluster state', async (name) => {
      const world = new LabWorld(await conformanceScenario(name));
      const pair = world.storagePairs[0]!;
      const pm = pair.pacemaker!;
      const cib = path.join(dir, `${name}-cib.xml`);
      writeFileSync(cib, buildCib(pm, labNow(world)));
      const real = runTool('crm_mon', ['-1', '--output-as=xml'], { CIB_file: cib });
      expect(real.code, real.stderr).toBe(0);
      const reporter = pm.nodes.find((n) => n.state === 'online')!.name;
      const ours = createHostResponder(world, { kind: 'storage', pair, node: reporter })([
        'crm_mon',
        '-1',
        '--output-as=xml',
      ]).stdout;

      const realDoc = parseXml(real.stdout);
      const ourDoc = parseXml(ours);
      // CIB_file has no cluster stack, so the real tool says stack type "unknown" and leaves last_change's user empty.
      const missing = [...shape(realDoc.root)].filter((s) => !shape(ourDoc.root).has(s));
      expect(missing).toEqual([]);
      const extra = [...shape(ourDoc.root)].filter((s) => !shape(realDoc.root).has(s));
      expect(extra).toEqual([]);
      expect(
        [...walk(ourDoc.root!)]
          .map((e) => e.name)
          .filter((n) => n !== 'operation_history' && n !== 'resource_history'),
      ).toEqual(
        [...walk(realDoc.root!)]
          .map((e) => e.name)
          .filter((n) => n !== 'operation_history' && n !== 'resource_history'),
      );

      const [a, b] = [parseCrmMonXml(ours), parseCrmMonXml(real.stdout)];
      expect(a.nodes).toEqual(b.nodes);
      expect(a.resources).toEqual(b.resources);
      expect(a.failures).toEqual(b.failures);
      expect(a.quorum).toEqual(b.quorum);
      expect(a.dc).toBe(b.dc);
    });

    it('a node with no cluster stack answers exactly like crm_mon on a host where Pacemaker is down', async () => {
      const world = new LabWorld(await loadScenario('storage-node-offline'));
      const pair = world.storagePairs[0]!;
      const real = runTool('crm_mon', ['-1', '--output-as=xml']);
      const ours = createHostResponder(world, { kind: 'storage', pair, node: 'nfs02' })([
        'crm_mon',
        '-1',
        '--output-as=xml',
      ]);
      expect(ours.code).toBe(real.code);
      expect(parseCrmMonXml(ours.stdout).status).toEqual(parseCrmMonXml(real.stdout).status);
    });
  },
);

/**
 * The seed's incident: VMs booted at offering ÷ memoryOvercommitRatio because
 * vm.min.memory.equals.memory.divided.by.mem.overprovisioning.factor is true for their cluster. Names the
 * scope of the cause (cluster override vs global), shows the evidence chain on one VM, and proposes a fix
 * fitted to the CloudStack version.
 */

import { compareVersions } from '../core/versions.ts';
import { tr } from '../i18n/text.ts';
import type { SettingData } from '../tools/cloudstack/setting.ts';
import { MIN_MEMORY_KEY } from '../tools/memory/cluster-memory-settings.ts';
import type { FleetAuditData } from '../tools/memory/fleet-memory-audit.ts';
import { percent } from '../tools/memory/memory-verdict.ts';
import { kibText } from '../tools/text-table.ts';
import { restartSteps, sampleEvidence } from './memory-capped-evidence.ts';
import type { Intent, Runbook, RunbookContext } from './runbook.ts';
import { runbookSteps, runbookText } from './runbook-text.ts';
import type { Evidence, Finding, ProposedStep } from './types.ts';

const ID = 'vm-memory-capped';

const withHosts = (data: FleetAuditData, vms: string[]) =>
  vms.map((vm) => ({ vm, host: data.vms.find((v) => v.vm === vm)?.host }));

/** CloudStack reads a non-dynamic key only at management-server start: then the plan restarts it after the change. */
async function managementRestartStep(rc: RunbookContext, key: string): Promise<ProposedStep | undefined> {
  const env = await rc.tool('cloudstack_setting', { query: key });
  const view = (env.data as SettingData | null)?.settings.find((x) => x.name === key);
  if (view?.isDynamic !== false) return undefined;
  return {
    text: tr(
      rc.lang,
      `Restart the management server: CloudStack reads \`${key}\` only at start (not dynamic)`,
      `管理サーバーを再起動します: \`${key}\` は起動時にのみ読み込まれます（動的ではありません）`,
    ),
    action: { tool: 'restart_management_server', input: {} },
  };
}

export const memoryCapped: Runbook = {
  id: ID,
  applies: (i: Intent) =>
    i.kind === 'vm' ||
    (i.kind === 'host' && i.host.role === 'kvm') ||
    (i.kind === 'topics' && i.topics.has('memory')),
  async run(rc, intent) {
    const cluster = intent.kind === 'host' ? intent.host.cluster : undefined;
    const audit = await rc.tool('fleet_memory_audit', cluster ? { cluster } : {});
    const data = audit.data as FleetAuditData | null;
    if (audit.status === 'error' || !data) return [];
    const version = await rc.cloudstackVersion();
    const findings: Finding[] = [];
    const onlyVm = intent.kind === 'vm' ? intent.vm : undefined;
    const groups = data.groups.filter((g) => !onlyVm || g.vms.includes(onlyVm));

    // One finding per scope of cause: clusters that override the global value, and clusters inheriting it.
    for (const overridden of [true, false]) {
      const gs = groups.filter(
        (g) =>
          g.cause === 'overprovisioning' &&
          (data.clusters.find((c) => c.cluster === g.cluster)?.divideOverridden ?? false) === overridden,
      );
      if (gs.length === 0) continue;
      const settings = gs.map((g) => data.clusters.find((c) => c.cluster === g.cluster)!);
      const vms = gs.flatMap((g) => g.vms);
      const shares = new Set(data.vms.filter((v) => vms.includes(v.vm)).map((v) => percent(v.ratio ?? 0)));
      const clusterNames = settings.map((s) => s.cluster);
      // Before 4.16 the key does not exist and the division is unconditional.
      const legacy =
        (version !== undefined && compareVersions(version, '4.16.0') < 0) ||
        settings[0]?.globalDivide === undefined;
      const scopeText = legacy
        ? tr(
            rc.lang,
            `cluster memoryOvercommitRatio, ${clusterNames.join(', ')}`,
            `クラスターの memoryOvercommitRatio、${clusterNames.join(', ')}`,
          )
        : overridden
          ? tr(
              rc.lang,
              `cluster scope (${clusterNames.join(', ')})`,
              `クラスタースコープ（${clusterNames.join(', ')}）`,
            )
          : tr(rc.lang, 'global scope, inherited by the cluster', 'グローバルスコープ（クラスターが継承）');
      const ratio = [...new Set(settings.map((s) => s.ratio))].join('/');
      const vars = {
        count: vms.length,
        share: shares.size === 1 ? [...shares][0]! : tr(rc.lang, 'part', '一部'),
        scopeText,
        key: MIN_MEMORY_KEY,
        value: 'true',
        ratio,
        vms: vms.slice(0, 20).join(', ') + (vms.length > 20 ? ` (+${vms.length - 20})` : ''),
        scopeParam: overridden ? ` clusterid=<${clusterNames.join('|')}>` : '',
        capacityNote: tr(rc.lang, 'see /cloudops capacity', '/cloudops capacity で確認'),
        version: version ?? '?',
      };
      const steps: ProposedStep[] = runbookSteps(ID, legacy ? 'steps-legacy' : 'steps', rc.lang, vars).map(
        (text) => ({ text }),
      );
      // Each setting step binds the value it assumes now, so a plan approved later cannot undo someone's change.
      const settingActions: {
        tool: string;
        input: { name: string; value: string; scope: string; scopeName?: string; expectedValue: string };
      }[] = legacy
        ? settings.map((s) => ({
            tool: 'update_setting',
            input: {
              name: 'mem.overprovisioning.factor',
              value: '1',
              scope: 'cluster',
              scopeName: s.cluster,
              expectedValue: String(s.ratio),
            },
          }))
        : overridden
          ? clusterNames.map((c) => ({
              tool: 'update_setting',
              input: {
                name: MIN_MEMORY_KEY,
                value: 'false',
                scope: 'cluster',
                scopeName: c,
                expectedValue: 'true',
              },
            }))
          : [
              {
                tool: 'update_setting',
                input: { name: MIN_MEMORY_KEY, value: 'false', scope: 'global', expectedValue: 'true' },
              },
            ];
      if (steps[0]) steps[0].action = settingActions[0];
      for (const extra of settingActions.slice(1))
        steps.splice(1, 0, {
          text: `${extra.input.name} = ${extra.input.value} (${extra.input.scope} ${extra.input.scopeName ?? ''})`,
          action: extra,
        });
      if (!legacy && !overridden && settings.some((x) => x.overrideSource === 'api-difference'))
        steps.splice(1, 0, {
          text: tr(
            rc.lang,
            `Then re-read \`/cloudops config ${MIN_MEMORY_KEY}\`: without the DB door a cluster override that equals the old global value cannot be seen, and such a cluster stays capped until its own value is changed (updateConfiguration with clusterid).`,
            `その後 \`/cloudops config ${MIN_MEMORY_KEY}\` を再確認してください。DB 接続がない場合、旧グローバル値と同じ値のクラスター上書きは見えず、そのクラスターは自身の値を変更（clusterid 指定の updateConfiguration）するまで制限されたままです。`,
          ),
        });
      const restart = await managementRestartStep(rc, settingActions[0]!.input.name);
      if (restart) steps.splice(settingActions.length, 0, restart);
      steps.push(...restartSteps(withHosts(data, vms), rc.lang));
      if (version && compareVersions(version, '4.16.0') >= 0 && compareVersions(version, '4.18.1') < 0)
        steps.push({ text: runbookText(ID, 'note-4.16', rc.lang) });

      const globalDivide = settings[0]!.globalDivide;
      const evidence: Evidence[] = [
        {
          label: `${MIN_MEMORY_KEY} (global)`,
          value:
            globalDivide === undefined
              ? tr(
                  rc.lang,
                  'absent: this CloudStack always divides by the ratio',
                  'なし: このバージョンは常に比率で割ります',
                )
              : String(globalDivide),
          source: 'cloudstack-api',
          kind: 'observed',
        },
        ...settings
          .filter(() => globalDivide !== undefined)
          .map(
            (s): Evidence => ({
              label: `${MIN_MEMORY_KEY} (cluster ${s.cluster})`,
              value: `${s.divideByRatio}${s.divideOverridden ? ' — override' : ' — inherited'}`,
              source: s.overrideSource === 'database' ? 'cloudstack-api + database' : 'cloudstack-api',
              kind: 'observed',
            }),
          ),
        ...settings.map(
          (s): Evidence => ({
            label: `memoryOvercommitRatio (cluster ${s.cluster})`,
            value: String(s.ratio),
            source: 'cloudstack-api',
            kind: 'observed',
          }),
        ),
        ...(await sampleEvidence(rc, vms)),
        {
          label: tr(rc.lang, 'expected boot size', '想定される起動時サイズ'),
          value: tr(
            rc.lang,
            `offering ÷ ${ratio} — matches libvirt <currentMemory> of ${vms.length} VMs`,
            `オファリング ÷ ${ratio} — ${vms.length} 台の libvirt <currentMemory> と一致`,
          ),
          source: 'runbook',
          kind: 'inferred',
        },
      ];
      if (version)
        evidence.push({
          label: 'CloudStack version',
          value: version,
          source: 'cloudstack-api',
          kind: 'observed',
        });
      findings.push({
        runbook: ID,
        severity: 'critical',
        title: runbookText(ID, 'title', rc.lang, vars),
        cause: legacy ? 'legacy-division' : overridden ? 'cluster' : 'global',
        summary: runbookText(ID, legacy ? 'summary-legacy' : 'summary', rc.lang, vars),
        evidence,
        affected: vms,
        risk: runbookText(ID, 'risk', rc.lang, vars),
        steps,
      });
    }

    const pending = groups.filter((g) => g.cause === 'pending-restart');
    if (pending.length) {
      const vms = pending.flatMap((g) => g.vms);
      const vars = {
        count: vms.length,
        ratio: [...new Set(pending.map((g) => g.ratio))].join('/'),
        key: MIN_MEMORY_KEY,
        vms: vms.join(', '),
      };
      findings.push({
        runbook: ID,
        severity: 'warning',
        title: runbookText(ID, 'title-pending', rc.lang, vars),
        cause: 'pending-restart',
        summary: runbookText(ID, 'summary-pending', rc.lang, vars),
        evidence: [
          ...pending.map(
            (g): Evidence => ({
              label: `${MIN_MEMORY_KEY} (cluster ${g.cluster})`,
              value: 'false',
              source: 'cloudstack-api',
              kind: 'observed',
            }),
          ),
          ...(await sampleEvidence(rc, vms)),
        ],
        affected: vms,
        risk: runbookText(ID, 'risk', rc.lang, vars),
        steps: [
          ...runbookSteps(ID, 'steps-pending', rc.lang, vars).map((text) => ({ text })),
          ...restartSteps(withHosts(data, vms), rc.lang),
        ],
      });
    }

    const unexplained = groups.filter((g) => g.cause === 'unexplained');
    if (unexplained.length) {
      const vms = unexplained.flatMap((g) => g.vms);
      findings.push({
        runbook: ID,
        severity: 'warning',
        title: tr(
          rc.lang,
          `${vms.length} VMs run below their offering for a reason the settings do not explain`,
          `${vms.length} 台のVMが設定では説明できない理由でオファリング未満です`,
        ),
        summary: tr(
          rc.lang,
          'Their size is not offering ÷ cluster ratio. Check for a custom `memory` VM detail, a manual `virsh setmem`, or a dynamic offering.',
          'サイズがオファリング÷比率と一致しません。VM詳細の `memory`、手動の `virsh setmem`、動的オファリングを確認してください。',
        ),
        evidence: data.vms
          .filter((v) => vms.includes(v.vm))
          .map((v) => ({
            label: v.vm,
            value: `offering ${v.offeringMiB} MiB, balloon ${kibText(v.balloonKiB)}`,
            source: v.host,
            kind: 'observed' as const,
          })),
        affected: vms,
        steps: [
          {
            text: tr(
              rc.lang,
              'Inspect one VM with /cloudops vm <name> memory',
              '/cloudops vm <名前> memory で1台ずつ確認',
            ),
          },
        ],
      });
    }
    return findings;
  },
};

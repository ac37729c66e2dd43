/** stop_vm: stops a running VM, gracefully (ACPI shutdown) unless the plan explicitly asks for forced. */
import { tr } from '../../i18n/text.ts';
import { powerAction } from './power-action.ts';

export const stopVm = powerAction({
  name: 'stop_vm',
  title: { en: 'Stop a VM', ja: 'VMの停止' },
  description:
    'Stops a running VM through the CloudStack API (stopVirtualMachine): a graceful guest shutdown, or forced=true only when explicitly asked. Follows the async job and verifies the VM is Stopped. Needs human approval.',
  forcedMeans: 'true = mark Stopped even if the host does not answer (power off); only when asked',
  idempotent: true,
  describe: ({ vm, forced, expectedHost }, lang) => {
    const on = expectedHost ? tr(lang, ` on ${expectedHost}`, `（${expectedHost} 上）`) : '';
    return forced
      ? tr(
          lang,
          `FORCE-stop ${vm}${on} (no guest shutdown)`,
          `${vm}${on} を強制停止（ゲストのシャットダウンなし）`,
        )
      : tr(lang, `stop ${vm}${on} (graceful shutdown)`, `${vm}${on} を停止（正常シャットダウン）`);
  },
  command: 'stopVirtualMachine',
  call: (api, id, forced, signal) => api.stopVirtualMachine(id, forced, { signal }),
  leadsTo: 'Stopped',
});

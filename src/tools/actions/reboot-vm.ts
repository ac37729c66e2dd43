/**
 * reboot_vm: forced=false is an ACPI reboot of the same domain (memory unchanged); forced=true is CloudStack's
 * stop + start (since 4.16), which regenerates the domain and so applies changed memory settings.
 */
import { tr } from '../../i18n/text.ts';
import { powerAction } from './power-action.ts';

export const rebootVm = powerAction({
  name: 'reboot_vm',
  title: { en: 'Reboot a VM', ja: 'VMの再起動' },
  description:
    'Reboots a running VM through the CloudStack API (rebootVirtualMachine). forced=false: guest reboot of the same libvirt domain, memory unchanged. forced=true: stop + start, the domain is re-created and its memory re-sized from the current settings (the memory-cap fix). Verifies the VM is Running again. Needs human approval.',
  forcedMeans: 'true = stop + start (new domain, memory re-sized); false = guest reboot, same domain',
  describe: ({ vm, forced }, lang) =>
    forced
      ? tr(
          lang,
          `forced reboot of ${vm} = stop + start (memory re-sized)`,
          `${vm} の強制再起動 = 停止+起動（メモリ再設定）`,
        )
      : tr(
          lang,
          `reboot ${vm} (guest reboot, memory unchanged)`,
          `${vm} を再起動（ゲスト再起動、メモリは変わりません）`,
        ),
  command: 'rebootVirtualMachine',
  call: (api, id, forced, signal) => api.rebootVirtualMachine(id, forced, { signal }),
  leadsTo: 'Running',
});

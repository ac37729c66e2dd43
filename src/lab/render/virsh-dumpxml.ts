/**
 * `virsh dumpxml` of a running CloudStack domain, shaped like the LAB fixture (virsh-dumpxml-i-2-34-VM-3G.xml)
 * with the memory section as CloudStack 4.18.1+ writes it: <maxMemory slots='16'> and the NUMA cell only when
 * the offering is larger than the boot memory, <stats period> only when the agent set one.
 */
import { OpsError } from '../../core/errors.ts';
import type { DomainMemory } from '../memory.ts';
import { type LabVm, labUuid } from '../world.ts';
import { statsPeriod } from './balloon.ts';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

/** <maxMemory> (hotplug), <memory>, <currentMemory>: the lines the memory incident is about. */
function memoryLines(d: DomainMemory): string[] {
  return [
    ...(d.maxMemoryKiB !== null ? [`  <maxMemory slots='16' unit='KiB'>${d.maxMemoryKiB}</maxMemory>`] : []),
    `  <memory unit='KiB'>${d.memoryKiB}</memory>`,
    `  <currentMemory unit='KiB'>${d.currentMemoryKiB}</currentMemory>`,
  ];
}

/** vCPUs, sysinfo and CPU model; shares follow the cluster's CPU overcommit; the NUMA cell exists only with memory hotplug. */
function cpuLines(vm: LabVm, d: DomainMemory): string[] {
  const cpus = vm.offering.cpu;
  const cpuRatio = Number(vm.host.cluster.details.get('cpuOvercommitRatio') ?? '1') || 1;
  return [
    `  <vcpu placement='static'>${cpus}</vcpu>`,
    '  <cputune>',
    `    <shares>${cpus * Math.floor(vm.offering.speedMHz / cpuRatio)}</shares>`,
    '  </cputune>',
    '  <resource>',
    '    <partition>/machine</partition>',
    '  </resource>',
    "  <sysinfo type='smbios'>",
    '    <system>',
    "      <entry name='manufacturer'>Apache Software Foundation</entry>",
    "      <entry name='product'>CloudStack KVM Hypervisor</entry>",
    `      <entry name='serial'>${vm.id}</entry>`,
    `      <entry name='uuid'>${vm.id}</entry>`,
    '    </system>',
    '  </sysinfo>',
    ...OS_AND_FEATURES,
    "  <cpu mode='custom' match='exact' check='full'>",
    "    <model fallback='forbid'>qemu64</model>",
    "    <feature policy='require' name='x2apic'/>",
    "    <feature policy='require' name='hypervisor'/>",
    ...(d.maxMemoryKiB !== null
      ? [
          '    <numa>',
          `      <cell id='0' cpus='0-${cpus - 1}' memory='${d.currentMemoryKiB}' unit='KiB'/>`,
          '    </numa>',
        ]
      : []),
    '  </cpu>',
    ...CLOCK_AND_LIFECYCLE,
  ];
}

const OS_AND_FEATURES = [
  '  <os>',
  "    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>",
  "    <boot dev='cdrom'/>",
  "    <boot dev='hd'/>",
  "    <smbios mode='sysinfo'/>",
  '  </os>',
  '  <features>',
  '    <acpi/>',
  '    <apic/>',
  '    <pae/>',
  '  </features>',
];

const CLOCK_AND_LIFECYCLE = [
  "  <clock offset='utc'>",
  "    <timer name='kvmclock'/>",
  '  </clock>',
  '  <on_poweroff>destroy</on_poweroff>',
  '  <on_reboot>restart</on_reboot>',
  '  <on_crash>destroy</on_crash>',
];

/** The root disk on the cluster's primary storage pool, named by volume UUID as CloudStack does. */
function diskLines(vm: LabVm): string[] {
  const volume = labUuid('volume', vm.name);
  const pool = labUuid('pool', vm.host.cluster.name);
  return [
    "    <disk type='file' device='disk'>",
    "      <driver name='qemu' type='qcow2' cache='none'/>",
    `      <source file='/mnt/${pool}/${volume}' index='1'/>`,
    "      <target dev='vda' bus='virtio'/>",
    `      <serial>${volume.replace(/-/g, '').slice(0, 20)}</serial>`,
    "      <alias name='virtio-disk0'/>",
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>",
    '    </disk>',
    "    <controller type='usb' index='0' model='piix3-uhci'>",
    "      <alias name='usb'/>",
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x2'/>",
    '    </controller>',
    "    <controller type='pci' index='0' model='pci-root'>",
    "      <alias name='pci.0'/>",
    '    </controller>',
  ];
}

/** Serial console, input devices, VNC on 5900 + domain id − 1, video. */
function consoleLines(vm: LabVm): string[] {
  const port = 5900 + (vm.domId ?? 1) - 1;
  const pts = `/dev/pts/${(vm.domId ?? 1) - 1}`;
  return [
    "    <serial type='pty'>",
    `      <source path='${pts}'/>`,
    "      <target type='isa-serial' port='0'>",
    "        <model name='isa-serial'/>",
    '      </target>',
    "      <alias name='serial0'/>",
    '    </serial>',
    `    <console type='pty' tty='${pts}'>`,
    `      <source path='${pts}'/>`,
    "      <target type='serial' port='0'/>",
    "      <alias name='serial0'/>",
    '    </console>',
    "    <input type='tablet' bus='usb'>",
    "      <alias name='input0'/>",
    "      <address type='usb' bus='0' port='1'/>",
    '    </input>',
    "    <input type='mouse' bus='ps2'>",
    "      <alias name='input1'/>",
    '    </input>',
    "    <input type='keyboard' bus='ps2'>",
    "      <alias name='input2'/>",
    '    </input>',
    `    <graphics type='vnc' port='${port}' autoport='yes' listen='0.0.0.0'>`,
    "      <listen type='address' address='0.0.0.0'/>",
    '    </graphics>',
    "    <audio id='1' type='none'/>",
    '    <video>',
    "      <model type='cirrus' vram='16384' heads='1' primary='yes'/>",
    "      <alias name='video0'/>",
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>",
    '    </video>',
  ];
}

/** virtio balloon with <stats period> only when the agent set one; model='none' when ballooning is off. */
function balloonLines(vm: LabVm, d: DomainMemory): string[] {
  if (d.balloonModel === 'none') return ["    <memballoon model='none'/>"];
  const period = statsPeriod(vm);
  return [
    "    <memballoon model='virtio'>",
    ...(period > 0 ? [`      <stats period='${period}'/>`] : []),
    "      <alias name='balloon0'/>",
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>",
    '    </memballoon>',
  ];
}

export function renderDumpxml(vm: LabVm): string {
  const d = vm.domain;
  if (!d) throw new OpsError('invalid_argument', `${vm.name} is not running`);
  const lines = [
    `<domain type='kvm' id='${vm.domId ?? 1}'>`,
    `  <name>${esc(vm.instanceName)}</name>`,
    `  <uuid>${vm.id}</uuid>`,
    `  <description>${esc(vm.spec.name)}</description>`,
    ...memoryLines(d),
    ...cpuLines(vm, d),
    '  <devices>',
    '    <emulator>/usr/bin/qemu-system-x86_64</emulator>',
    ...diskLines(vm),
    ...consoleLines(vm),
    ...balloonLines(vm, d),
    '  </devices>',
    "  <seclabel type='dynamic' model='dac' relabel='yes'>",
    '    <label>+64055:+64055</label>',
    '    <imagelabel>+64055:+64055</imagelabel>',
    '  </seclabel>',
    '</domain>',
  ];
  return `${lines.join('\n')}\n\n`;
}

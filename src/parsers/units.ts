/** libvirt's memory `unit=` attribute to KiB (docs: formatdomain "Memory Allocation"); default unit is KiB. */

const FACTORS: Record<string, number> = {
  b: 1,
  bytes: 1,
  kb: 1000,
  k: 1024,
  kib: 1024,
  mb: 1000 ** 2,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1000 ** 4,
  t: 1024 ** 4,
  tib: 1024 ** 4,
};

/** KiB for a value in the given unit, rounded up like libvirt does; undefined for an unknown unit or bad number. */
export function toKiB(value: string, unit: string | undefined): number | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  const factor = FACTORS[(unit ?? 'KiB').trim().toLowerCase()];
  if (factor === undefined) return undefined;
  return Math.ceil((Number(value.trim()) * factor) / 1024);
}

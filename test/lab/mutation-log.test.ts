/** The lab records every mutating call it receives, and a forged one changes nothing; unprivileged SSH mutations are refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedQuery } from '../../src/cloudstack/http.ts';
import { API_KEY, type ApiLab, startApiLab } from '../cloudstack/lab-api.ts';

let lab: ApiLab;
beforeAll(async () => {
  lab = await startApiLab('memory-cap');
});
afterAll(() => lab.close());

describe('lab API mutation log', () => {
  it('a stopVirtualMachine with a forged signature is recorded as refused and the VM keeps running', async () => {
    const n = lab.server.mutations().length;
    const vm = lab.world.vmByName('web01')!;
    const q = signedQuery({ apiKey: API_KEY, secretKey: 'not-the-secret' }, 'stopVirtualMachine', {
      id: vm.id,
    });
    const res = await fetch(`${lab.server.url}?${q}`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(vm.state).toBe('Running');
    // Refused before dispatch: no job exists, so nothing can change later either.
    expect(
      lab.server
        .mutations()
        .slice(n)
        .map(({ command, params, ok }) => ({ command, params, ok })),
    ).toEqual([{ command: 'stopVirtualMachine', params: { id: vm.id }, ok: false }]);
    expect(JSON.stringify(lab.server.mutations())).not.toContain('signature');
  });

  it('reads are not recorded; a signed migration is, with its parameters', async () => {
    const n = lab.server.mutations().length;
    await lab.client().listVirtualMachines();
    const vm = lab.world.vmByName('web02')!;
    const to = lab.world.hostByName('kvm02')!;
    const hosts = await lab.client().findHostsForMigration(vm.id);
    expect(hosts.map((h) => [h.name, h.suitableformigration, h.requiresStorageMotion])).toEqual([
      ['kvm02', true, false],
    ]);
    await lab.client().migrateVirtualMachine(vm.id, to.id);
    expect(vm.host).toBe(to);
    expect(
      lab.server
        .mutations()
        .slice(n)
        .map((m) => [m.command, m.params]),
    ).toEqual([['migrateVirtualMachine', { virtualmachineid: vm.id, hostid: to.id }]]);
  });
});

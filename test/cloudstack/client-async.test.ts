import { afterEach, describe, expect, it } from 'vitest';
import { MIN_MEMORY_KEY } from '../../src/tools/memory/cluster-memory-settings.ts';
import { until } from '../helpers/event-order.ts';
import { type ApiLab, startApiLab, tightScenario } from './lab-api.ts';

let lab: ApiLab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

const domainKiB = (l: ApiLab, name: string) => l.world.vmByName(name)?.domain?.currentMemoryKiB;

describe('client ↔ lab API: async jobs', () => {
  it('polls stop and start jobs to completion; the world changes only when the job completes', async () => {
    lab = await startApiLab('memory-cap', { jobDelayMs: 150 });
    const api = lab.client();
    const vm = (await api.listVirtualMachines({ name: 'web02' }))[0]!;
    const stopping = api.stopVirtualMachine(vm.id);
    // The job was accepted and polled at least once (the lab's request log), and the VM has not moved yet.
    await until(() => lab!.server.requests().some((r) => r.command === 'queryAsyncJobResult'));
    expect(lab.world.vmByName('web02')?.state).toBe('Running');
    const stopped = await stopping;
    expect(stopped).toMatchObject({ id: vm.id, state: 'Stopped' });
    expect(stopped.hostid).toBeUndefined();
    expect(lab.world.vmByName('web02')?.state).toBe('Stopped');
    const polls = lab.server.requests().filter((r) => r.command === 'queryAsyncJobResult');
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.every((p) => p.method === 'GET' && p.ok)).toBe(true);

    const started = await api.startVirtualMachine(vm.id);
    expect(started).toMatchObject({ state: 'Running', hostname: 'kvm01', memorykbs: 3145728 });
  });

  it('a failed job surfaces its errortext and errorcode', async () => {
    lab = await startApiLab(tightScenario());
    const api = lab.client();
    const vm = (await api.listVirtualMachines({ name: 'big2' }))[0]!;
    const err = await api.startVirtualMachine(vm.id).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'cloudstack_api',
      errorcode: 533,
      cserrorcode: 4325,
      errortext: `Unable to create a deployment for VM[User|${vm.instancename}]`,
    });
    expect((err as { jobId?: string }).jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect((err as Error).message).toContain((err as { jobId: string }).jobId);
    expect(lab.world.vmByName('big2')?.state).toBe('Stopped');
  });

  it('gives up at the async deadline, naming the job id', async () => {
    lab = await startApiLab('memory-cap', { jobDelayMs: 5000 });
    const api = lab.client({ asyncJobTimeoutMs: 300 });
    const vm = (await api.listVirtualMachines({ name: 'web01' }))[0]!;
    const err = await api.stopVirtualMachine(vm.id).catch((e: unknown) => e);
    // Gave up before the job finished (no clock needed): the VM the job stops is still running.
    expect(lab.world.vmByName('web01')?.state).toBe('Running');
    expect(err).toMatchObject({ code: 'timeout' });
    const jobId = (err as { jobId: string }).jobId;
    expect((err as Error).message).toContain(`CloudStack job ${jobId} (stopVirtualMachine) still running`);
    expect(lab.server.requests().filter((r) => r.command === 'stopVirtualMachine')).toHaveLength(1);
  });
});

describe('the incident fix through the API: a setting applies only on stop/start', () => {
  it('updateConfiguration leaves running domains; non-forced reboot keeps them; stop+start and forced reboot resize', async () => {
    lab = await startApiLab('memory-cap');
    const api = lab.client();
    const cluster = (await api.listClusters({ name: 'cl-tokyo-a' }))[0]!;
    const updated = await api.updateConfiguration({
      name: MIN_MEMORY_KEY,
      value: 'false',
      clusterid: cluster.id,
    });
    expect(updated).toMatchObject({ name: MIN_MEMORY_KEY, value: 'false', scope: 'cluster' });
    expect(lab.server.requests().find((r) => r.command === 'updateConfiguration')?.method).toBe('POST');
    expect(domainKiB(lab, 'web01')).toBe(3145728);

    const id = async (n: string) => (await api.listVirtualMachines({ name: n }))[0]!.id;
    const [web01, web02, web03] = [await id('web01'), await id('web02'), await id('web03')];
    await api.rebootVirtualMachine(web01);
    expect(domainKiB(lab, 'web01')).toBe(3145728);

    await api.stopVirtualMachine(web02);
    const web02Again = await api.startVirtualMachine(web02);
    expect(domainKiB(lab, 'web02')).toBe(6291456);
    expect(web02Again.memorykbs).toBe(6291456);

    await api.rebootVirtualMachine(web03, true);
    expect(domainKiB(lab, 'web03')).toBe(6291456);
  });

  it('rejects a value of the wrong type and a key at a scope it does not have', async () => {
    lab = await startApiLab('memory-cap');
    const api = lab.client();
    const zone = (await api.listZones())[0]!;
    await expect(api.updateConfiguration({ name: MIN_MEMORY_KEY, value: 'yes' })).rejects.toMatchObject({
      errorcode: 431,
      errortext: "Please enter either 'true' or 'false'.",
    });
    await expect(
      api.updateConfiguration({ name: MIN_MEMORY_KEY, value: 'false', zoneid: zone.id }),
    ).rejects.toMatchObject({ errorcode: 431 });
    await expect(api.updateConfiguration({ name: 'no.such.key', value: '1' })).rejects.toMatchObject({
      errortext: "Config parameter with name no.such.key doesn't exist",
    });
    expect(lab.world.effectiveSetting(MIN_MEMORY_KEY)).toBe('true');
  });
});

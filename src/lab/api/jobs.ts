/**
 * The lab's async job table: a job's effect on the world happens only when it completes (after a short delay),
 * so clients must really poll queryAsyncJobResult, as against a production management server.
 */
import { randomUUID } from 'node:crypto';
import { ApiFailure, CS_CLOUD_RUNTIME } from './failure.ts';

interface Job {
  id: string;
  cmd: string;
  instanceType: string;
  instanceId: string;
  created: string;
  status: 0 | 1 | 2;
  result?: Record<string, unknown>;
  completed?: string;
}

/** CloudStack answers with its command classes' names. */
const CMD_CLASSES: Record<string, string> = {
  startVirtualMachine: 'org.apache.cloudstack.api.command.admin.vm.StartVMCmdByAdmin',
  stopVirtualMachine: 'org.apache.cloudstack.api.command.admin.vm.StopVMCmdByAdmin',
  rebootVirtualMachine: 'org.apache.cloudstack.api.command.admin.vm.RebootVMCmdByAdmin',
  migrateVirtualMachine: 'org.apache.cloudstack.api.command.admin.vm.MigrateVMCmd',
  scaleVirtualMachine: 'org.apache.cloudstack.api.command.admin.vm.ScaleVMCmdByAdmin',
  migrateVolume: 'org.apache.cloudstack.api.command.admin.volume.MigrateVolumeCmdByAdmin',
};
/** What a job works on (jobinstancetype); VM commands otherwise. */
const INSTANCE_TYPES: Record<string, string> = { migrateVolume: 'Volume' };

const isoNow = () => `${new Date().toISOString().slice(0, 19)}+0000`;

export class JobTable {
  private readonly jobs = new Map<string, Job>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly delayMs: number;

  constructor(delayMs: number) {
    this.delayMs = delayMs;
  }

  /** `run` changes the world and returns the jobresult; an ApiFailure it throws becomes a failed job. */
  submit(command: string, instanceId: string, run: () => Record<string, unknown>): string {
    const job: Job = {
      id: randomUUID(),
      cmd: CMD_CLASSES[command] ?? command,
      instanceType: INSTANCE_TYPES[command] ?? 'VirtualMachine',
      instanceId,
      created: isoNow(),
      status: 0,
    };
    this.jobs.set(job.id, job);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        job.result = run();
        job.status = 1;
      } catch (e) {
        const f = e instanceof ApiFailure ? e : new ApiFailure(530, CS_CLOUD_RUNTIME, String(e));
        job.result = { errorcode: f.errorcode, cserrorcode: f.cserrorcode, errortext: f.message };
        job.status = 2;
      }
      job.completed = isoNow();
    }, this.delayMs);
    this.timers.add(timer);
    return job.id;
  }

  get(id: string): Record<string, unknown> | undefined {
    const j = this.jobs.get(id);
    if (!j) return undefined;
    return {
      jobid: j.id,
      cmd: j.cmd,
      jobstatus: j.status,
      jobprocstatus: 0,
      jobresultcode: j.status === 2 ? 530 : 0,
      jobresulttype: 'object',
      jobinstancetype: j.instanceType,
      jobinstanceid: j.instanceId,
      created: j.created,
      ...(j.status !== 0 ? { jobresult: j.result, completed: j.completed } : {}),
    };
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

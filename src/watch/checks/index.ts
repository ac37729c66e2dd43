/** Which runner serves which `watches.checks[].kind`. */
import type { WatchKind } from '../../config/watch-schema.ts';
import { capacityCheck } from './capacity.ts';
import { cloudstackCheck } from './cloudstack.ts';
import type { CheckRunner } from './context.ts';
import { oomCheck } from './oom.ts';
import { managementLogCheck, memoryCheck } from './simple.ts';
import { drbdCheck, pacemakerCheck } from './storage.ts';

export const CHECKS: Record<WatchKind, CheckRunner> = {
  memory: memoryCheck,
  drbd: drbdCheck,
  pacemaker: pacemakerCheck,
  oom: oomCheck,
  capacity: capacityCheck,
  'management-log': managementLogCheck,
  cloudstack: cloudstackCheck,
};

/**
 * The modules where a silent bug is dangerous, each with the tests that guard it. `npm run mutation` mutates
 * one module at a time against only its tests (the machine is small and shared). A file that does not exist
 * yet (approval policy, state machine, verdicts being split out) is skipped until it lands.
 */
export interface MutationModule {
  name: string;
  files: string[];
  tests: string[];
}

export const MODULES: MutationModule[] = [
  {
    name: 'shell quoting',
    files: ['src/ssh/quote.ts'],
    tests: ['test/ssh/quote.test.ts', 'test/ssh/commands.test.ts'],
  },
  {
    name: 'command specs',
    files: ['src/ssh/define-command.ts', 'src/ssh/validate-args.ts', 'src/ssh/arg-patterns.ts'],
    // The YAML tests build commands from templates (a value never becomes an option, unused params).
    tests: [
      'test/ssh/commands.test.ts',
      'test/ssh/quote.test.ts',
      'test/tools/read-only-policy.test.ts',
      'test/tools/yaml-tools.test.ts',
    ],
  },
  { name: 'host keys', files: ['src/ssh/host-keys.ts'], tests: ['test/ssh/host-keys.test.ts'] },
  {
    name: 'signing',
    files: ['src/cloudstack/sign.ts', 'src/lab/api/auth.ts'],
    tests: ['test/cloudstack/sign.test.ts', 'test/lab/api-auth.test.ts'],
  },
  {
    name: 'YAML read-only policy',
    files: ['src/tools/yaml/read-only-policy.ts', 'src/tools/yaml/read-only-paths.ts'],
    tests: ['test/tools/yaml-tools.test.ts', 'test/tools/read-only-policy.test.ts'],
  },
  { name: 'SQL guard', files: ['src/db/readonly.ts'], tests: ['test/db/readonly.test.ts'] },
  {
    name: 'registry mutate guard',
    files: ['src/tools/registry.ts'],
    // The approval bench runs mutating tools through execute() with real grants (and forged ones).
    tests: [
      'test/tools/registry.test.ts',
      'test/approvals/no-side-door.test.ts',
      'test/approvals/quorum-grant.test.ts',
      'test/approvals/state-machine.test.ts',
    ],
  },
  {
    name: 'memory verdicts',
    files: ['src/tools/memory/memory-verdict.ts', 'src/tools/memory/fleet-memory-audit-judge.ts'],
    tests: ['test/tools/fleet-audit-judge.test.ts', 'test/tools/verdicts.test.ts'],
  },
  {
    name: 'DRBD verdicts',
    files: ['src/tools/storage/drbd-assess.ts', 'src/runbooks/drbd-findings.ts'],
    // Unit tables only: the lab-backed storage scenarios would run once per mutant.
    tests: ['test/tools/drbd-assess.test.ts', 'test/runbooks/drbd-*.test.ts', 'test/parsers/drbd.test.ts'],
  },
  {
    name: 'Pacemaker verdicts',
    files: ['src/tools/storage/pacemaker-assess.ts', 'src/runbooks/pacemaker-findings.ts'],
    tests: ['test/tools/pacemaker-assess.test.ts', 'test/runbooks/pacemaker-*.test.ts'],
  },
  {
    name: 'OOM verdict',
    files: ['src/runbooks/oom-verdict.ts'],
    tests: ['test/runbooks/oom-verdict.test.ts'],
  },
  {
    name: 'memory cause scope',
    files: ['src/runbooks/memory-capped-scope.ts'],
    tests: ['test/runbooks/memory-cause-scope.test.ts'],
  },
  { name: 'approval policy', files: ['src/approvals/policy.ts'], tests: ['test/approvals/policy.test.ts'] },
  {
    name: 'approval state machine',
    files: [
      'src/approvals/create.ts',
      'src/approvals/decide.ts',
      'src/approvals/quorum.ts',
      'src/approvals/expiry.ts',
    ],
    // The lab-backed flow (approval-flow, multi-process) is too slow to run once per mutant; these run the
    // same service over a real SQLite store without the lab.
    tests: ['test/approvals/state-machine.test.ts', 'test/approvals/quorum-grant.test.ts'],
  },
  {
    name: 'approval executor and grant',
    files: ['src/approvals/executor.ts', 'src/approvals/grant.ts'],
    tests: ['test/approvals/state-machine.test.ts', 'test/approvals/quorum-grant.test.ts'],
  },
];

/**
 * Surviving mutants that no test can tell apart from the original, each with the reason. `npm run mutation`
 * reads this list: a survivor that matches an entry is printed as "equivalent" with its reason, any other
 * survivor as one to kill. An entry names the mutated file, the mutator, and text on the mutated line (not a
 * line number, so edits elsewhere in the file do not orphan it); `replacement` narrows it when one line has
 * several mutants of the same kind and only some are equivalent.
 */
export interface Equivalent {
  file: string;
  mutator: string;
  /** Text found on the mutated line. */
  near: string;
  /** Stryker's replacement text, when only that one is equivalent. */
  replacement?: string;
  why: string;
}

export const EQUIVALENT: Equivalent[] = [
  // YAML read-only policy
  {
    file: 'src/tools/yaml/read-only-paths.ts',
    mutator: 'ConditionalExpression',
    near: "if (segs[0] === 'proc' && segs[1] !== undefined",
    replacement: 'true',
    why: 'only a path whose second segment is a pid, "self" or "thread-self" outside /proc differs, and Linux has none under /sys/ or /var/log/ (the over-refusal side)',
  },
  {
    file: 'src/tools/yaml/read-only-paths.ts',
    mutator: 'LogicalOperator',
    near: "if (segs[0] === 'proc' && segs[1] !== undefined",
    why: 'as above: needs a process-like second segment outside /proc',
  },
  {
    file: 'src/tools/yaml/read-only-paths.ts',
    mutator: 'MethodExpression',
    near: 'const bad = segs.slice(2).find(',
    why: 'the two segments skipped are "proc" and the pid, never a denied name',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'StringLiteral',
    near: "rule.forbidText.join(' ')} (got",
    why: 'virsh forbids one text, and a one-element list joins the same with any separator',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'StringLiteral',
    near: "rule.countOptions?.includes(args[k - 1] ?? '')",
    why: 'only the first argument has no previous one, and neither "" nor the replacement is a count option',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'StringLiteral',
    near: "arg.slice(2).split('=')[0] ?? ''",
    why: '`split` always returns at least one element, so the fallback is never used',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'StringLiteral',
    near: "d.startsWith('--') && d.slice(2).startsWith(name)",
    why: 'a short option "-x" sliced at 2 is "", which never starts with the non-empty name',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'Regex',
    near: 'deny.find((d) => /^-[^-]$/.test(d)',
    why: 'every deny entry is either "-x" or "--long…" with no "-" second to last, so the anchors change nothing',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'MethodExpression',
    near: 'arg.slice(1).includes(d.slice(1))',
    why: 'the letter searched for is never "-", so searching the leading "-" too finds the same',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'StringLiteral',
    near: "program?.split('/').pop() ?? ''",
    why: 'only an undefined program reaches the fallback, and no rule is named "Stryker was here!" either',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'OptionalChaining',
    near: 'rule.onlyArgs?.includes(a)',
    why: 'inside `if (rule.onlyArgs)`; the `?.` is only for the type checker',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'ConditionalExpression',
    near: 'if (why) return why;',
    replacement: 'true',
    why: 'ip is the only verb-path program and has neither forbidden text nor paths, so falling through also returns null',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'ConditionalExpression',
    near: 'if (rule.forbidText) {',
    replacement: 'true',
    why: 'without forbidden text the `find` below finds nothing',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'MethodExpression',
    near: 'rule.forbidText?.some((t) => a.includes(t))',
    why: 'virsh forbids one text (";"), and `some` and `every` agree on a one-element list',
  },
  {
    file: 'src/tools/yaml/read-only-policy.ts',
    mutator: 'OptionalChaining',
    near: 'rule.forbidText?.some((t) => a.includes(t))',
    why: 'inside `if (rule.forbidText)`; the `?.` is only for the type checker',
  },

  // Approval state machine
  {
    file: 'src/approvals/create.ts',
    mutator: 'ArrayDeclaration',
    near: 'const risks = [];',
    why: 'a junk element has no tool or risk, and `maxRisk` turns it into "read", which raises nothing',
  },
  {
    file: 'src/approvals/create.ts',
    mutator: 'StringLiteral',
    near: "policy ? effectiveRisk(risks, policy) : 'mutate'",
    why: 'without a policy `requestPolicy` denies before it looks at the risk',
  },
  {
    file: 'src/approvals/decide.ts',
    mutator: 'StringLiteral',
    near: "policy ? effectiveRisk(risks, policy) : 'mutate'",
    why: 'without a policy `approvalPolicy` refuses before it looks at the risk',
  },
  {
    file: 'src/approvals/decide.ts',
    mutator: 'ArrowFunction',
    near: "d.logger.error({ err: e }, 'audit append failed')",
    why: 'only the log line of a failed refusal audit changes; the refusal returned is the same',
  },
  {
    file: 'src/approvals/decide.ts',
    mutator: 'ObjectLiteral',
    near: "d.logger.error({ err: e }, 'audit append failed')",
    why: 'only the log line changes',
  },
  {
    file: 'src/approvals/decide.ts',
    mutator: 'StringLiteral',
    near: "d.logger.error({ err: e }, 'audit append failed')",
    why: 'only the log line changes',
  },
  {
    file: 'src/approvals/decide.ts',
    mutator: 'ArrowFunction',
    near: 'd.isMember).catch(() => false)',
    why: '`undefined` is as falsy as `false` to the one caller',
  },
  {
    file: 'src/approvals/decide.ts',
    mutator: 'ArrayDeclaration',
    near: 'approvalsSoFar: [] }',
    why: 'a junk element has no user, so it never matches the person resuming',
  },
  // OOM verdict
  {
    file: 'src/runbooks/oom-verdict.ts',
    mutator: 'ConditionalExpression',
    near: 'ratioAllowsOvercommit: ratio !== undefined && ratio > 1',
    replacement: 'true',
    why: '`undefined > 1` is false, so the undefined test only keeps the type checker content',
  },
  {
    file: 'src/approvals/expiry.ts',
    mutator: 'ConditionalExpression',
    near: "if (doc.value.status !== 'pending' || Date.parse(doc.value.expiresAt) > now) continue;",
    replacement: 'false',
    why: 'the same test is repeated inside the compare-and-set, so without this early skip nothing else moves',
  },
  {
    file: 'src/approvals/expiry.ts',
    mutator: 'LogicalOperator',
    near: "if (doc.value.status !== 'pending' || Date.parse(doc.value.expiresAt) > now) continue;",
    why: 'as above: the compare-and-set repeats the test on the fresh record',
  },
  {
    file: 'src/approvals/expiry.ts',
    mutator: 'ConditionalExpression',
    near: "cur.status === 'pending' && Date.parse(cur.expiresAt) <= now",
    replacement: 'true',
    why: '`expiresAt` never changes after creation, and the listing already found it past (the status half is killed by the race test)',
  },
  {
    file: 'src/approvals/expiry.ts',
    mutator: 'ArrowFunction',
    near: '() => false,',
    why: 'requests are never deleted, so the missing-record answer is never asked for; `undefined` is as falsy anyway',
  },
  {
    file: 'src/approvals/expiry.ts',
    mutator: 'BooleanLiteral',
    near: '() => false,',
    why: 'requests are never deleted, so the missing-record answer is never asked for',
  },
  // DRBD verdicts
  {
    file: 'src/tools/storage/drbd-assess.ts',
    mutator: 'StringLiteral',
    near: "SYNCING.has(p.replication ?? '')",
    why: 'a missing replication state looked up as "" or as any other non-state is not in the set either way',
  },
  {
    file: 'src/tools/storage/drbd-assess.ts',
    mutator: 'StringLiteral',
    near: "WAITING.has(lb ?? '')",
    why: 'a missing connection state looked up as "" or as any other non-state is not in the set either way',
  },
  {
    file: 'src/tools/storage/drbd-assess.ts',
    mutator: 'StringLiteral',
    near: "n.splitBrainLog[0] ?? ''",
    why: 'only nodes with at least one log line reach it',
  },
  {
    file: 'src/tools/storage/drbd-assess.ts',
    mutator: 'ConditionalExpression',
    near: 'nodes.length >= 2 &&',
    replacement: 'true',
    why: 'with one view and no unreachable node the other node answered without the resource, so no link can be Connected',
  },
  {
    file: 'src/tools/storage/drbd-assess.ts',
    mutator: 'ConditionalExpression',
    near: 'if (nodes.length !== 2 || unreachable.length > 0) return undefined;',
    replacement: 'false',
    why: '`unreachable` lists pair nodes that did not answer (drbd-status.ts); with both pair nodes seen it is empty',
  },
  {
    file: 'src/tools/storage/drbd-assess.ts',
    mutator: 'OptionalChaining',
    near: "primaries.every((n) => partnerLink(n)?.connection !== 'Connected')",
    why: 'a node that reports a role reports its resource, and with it the link to its partner',
  },
  {
    file: 'src/tools/storage/drbd-assess.ts',
    mutator: 'StringLiteral',
    near: "!['UpToDate', 'Inconsistent', 'Diskless'].includes(n.disk)",
    replacement: '""',
    why: 'only "Diskless" can be dropped unseen: the branch above already took a Diskless disk',
  },
  // Pacemaker verdicts
  {
    file: 'src/runbooks/pacemaker-findings.ts',
    mutator: 'ConditionalExpression',
    near: 'v.affected.length > 0 &&',
    replacement: 'true',
    why: 'a node-offline verdict always names its node',
  },
  {
    file: 'src/runbooks/pacemaker-findings.ts',
    mutator: 'EqualityOperator',
    near: 'v.affected.length > 0 &&',
    why: 'a node-offline verdict always names its node',
  },
  {
    file: 'src/runbooks/pacemaker-findings.ts',
    mutator: 'MethodExpression',
    near: "v.affected.every((n) => p.unreachable.some((u) => u.node === n && u.code === 'command_failed'))",
    why: 'in a pair at most one node is OFFLINE while the other reports it, so every and some agree',
  },
  {
    file: 'src/runbooks/pacemaker-findings.ts',
    mutator: 'ConditionalExpression',
    near: "p.unreachable.some((u) => u.node === n && u.code === 'command_failed')",
    replacement: 'true',
    why: 'the node that reported the verdict answered, so the only unreachable node is the OFFLINE one',
  },
  {
    file: 'src/runbooks/pacemaker-findings.ts',
    mutator: 'StringLiteral',
    near: "first: v.affected[0] ?? '<resource>'",
    why: 'only the resource plans use {{first}}, and their causes always name a resource',
  },
  {
    file: 'src/tools/storage/pacemaker-assess.ts',
    mutator: 'MethodExpression',
    near: '!instances.every(disabled)',
    why: 'target-role is a meta attribute of the resource, so every instance carries the same',
  },
  {
    file: 'src/tools/storage/pacemaker-assess.ts',
    mutator: 'ConditionalExpression',
    near: "if ('resource' in f) return f.resource;",
    replacement: 'true',
    why: 'the facts that reach it without a node (no answer, no quorum) have no resource either: undefined both ways',
  },
  {
    file: 'src/tools/storage/pacemaker-assess.ts',
    mutator: 'ArrayDeclaration',
    near: "cause === 'resource-stopped' ? ['resource-failed'] : []",
    replacement: '["Stryker was here"]',
    why: 'no fact has that kind, so other causes gain nothing',
  },
  // Approval executor and grant
  {
    file: 'src/approvals/executor.ts',
    mutator: 'ArrowFunction',
    near: '      () => false,',
    why: 'requests are never deleted, so the missing-record answer is never asked for',
  },
  {
    file: 'src/approvals/executor.ts',
    mutator: 'BooleanLiteral',
    near: '      () => false,',
    why: 'requests are never deleted, so the missing-record answer is never asked for',
  },
  {
    file: 'src/approvals/executor.ts',
    mutator: 'OptionalChaining',
    near: 'env.error?.message ?? env.summary',
    why: 'an error envelope always carries its error',
  },
  {
    file: 'src/approvals/executor.ts',
    mutator: 'ConditionalExpression',
    near: "if (cur.steps.some((s) => s.status === 'error' || s.status === 'skipped' || s.status === 'unknown')) {",
    replacement: 'false',
    why: '`finish` itself counts an unknown step as a failure, and with no pending step the loop finishes anyway',
  },
  {
    file: 'src/approvals/executor.ts',
    mutator: 'StringLiteral',
    near: "if (cur.steps.some((s) => s.status === 'error' || s.status === 'skipped' || s.status === 'unknown')) {",
    replacement: '""',
    why: 'as above, for the unknown state',
  },
  {
    file: 'src/approvals/executor.ts',
    mutator: 'ObjectLiteral',
    near: "d.logger.error({ err: e, request: id }, 'plan execution stopped on an error')",
    why: 'only the log line changes',
  },
  {
    file: 'src/approvals/executor.ts',
    mutator: 'StringLiteral',
    near: "d.logger.error({ err: e, request: id }, 'plan execution stopped on an error')",
    why: 'only the log line changes',
  },
  {
    file: 'src/approvals/executor.ts',
    mutator: 'ConditionalExpression',
    near: "(r) => r.steps[i]?.status === 'pending',",
    replacement: 'true',
    why: 'one runner per plan (the run lease), so nobody else moves a step between its pre-check and this write',
  },
  {
    file: 'src/approvals/executor.ts',
    mutator: 'OptionalChaining',
    near: "(r) => r.steps[i]?.status === 'pending',",
    why: 'the stored plan keeps its steps (the hash binds them)',
  },
  {
    file: 'src/approvals/grant.ts',
    mutator: 'BooleanLiteral',
    near: 'readonly #brand = true;',
    why: '`#brand in g` asks whether the field exists, not its value',
  },
  {
    file: 'src/approvals/grant.ts',
    mutator: 'ConditionalExpression',
    near: 'grant.tool !== tool ||',
    replacement: 'false',
    why: 'the input hash is computed over the tool name too, so another tool never matches it',
  },
  {
    file: 'src/approvals/grant.ts',
    mutator: 'ConditionalExpression',
    near: 'if (minterClaimed) throw',
    replacement: 'true',
    why: 'the first claim runs when executor.ts loads, which Stryker leaves unmutated (static); every later claim throws either way',
  },
  {
    file: 'src/runbooks/drbd-findings.ts',
    mutator: 'StringLiteral',
    near: "nfsNode: nfs ?? ''",
    why: 'the NFS node is only written into the text when there is one',
  },
  {
    file: 'src/runbooks/drbd-findings.ts',
    mutator: 'StringLiteral',
    near: 'vars.why = plan.reason ?',
    why: 'the reason is only written into the text (and the evidence) when a survivor was inferred',
  },
  {
    file: 'src/runbooks/drbd-findings.ts',
    mutator: 'ConditionalExpression',
    near: "(f.kind === 'connection' && f.value === 'StandAlone') ||",
    replacement: 'true',
    why: 'only a connection fact can have the value StandAlone (disk facts carry disk states), so the kind test is redundant',
  },
  // SQL guard (the rest of its equivalents went with a simpler skeleton)
  {
    file: 'src/db/readonly.ts',
    mutator: 'StringLiteral',
    near: "bare.replace(/;\\s*$/, '')",
    why: 'any replacement without a ";" gives the same answer',
  },
  {
    file: 'src/db/readonly.ts',
    mutator: 'OptionalChaining',
    near: '/^[A-Za-z]+/.exec(bare)?.[0]?.toUpperCase()',
    why: 'a regex match always has group 0',
  },
  {
    file: 'src/db/readonly.ts',
    mutator: 'OptionalChaining',
    near: 'bad[1]?.toUpperCase()',
    why: 'the forbidden-word pattern always captures group 1',
  },
  {
    file: 'src/db/readonly.ts',
    mutator: 'StringLiteral',
    near: 'SET SESSION max_execution_time',
    why: 'on MariaDB (the test server) the MySQL attempt is skipped either way; there is no MySQL server in CI',
  },
  {
    file: 'src/approvals/executor.ts',
    mutator: 'ConditionalExpression',
    near: "(r) => isLive(r) && r.steps[i]?.status === 'pending' && r.inputHash === req.inputHash,",
    replacement: 'true',
    why: 'of the claim guard, only "still pending" survives: one runner per plan (the run lease), so nobody else moves the step',
  },
  {
    file: 'src/approvals/executor.ts',
    mutator: 'OptionalChaining',
    near: "(r) => isLive(r) && r.steps[i]?.status === 'pending' && r.inputHash === req.inputHash,",
    why: 'the stored plan keeps its steps (the hash binds them)',
  },
  {
    file: 'src/db/readonly.ts',
    mutator: 'ArrayDeclaration',
    near: 'SET SESSION max_execution_time',
    why: 'on MariaDB (the test server) the first attempt succeeds and the MySQL one is never reached',
  },
];

/** Turns what an operator typed — a VM, a host, or a sentence in English or Japanese — into an intent. */
import type { EnvironmentConfig } from '../config/schema.ts';
import type { Intent, Topic } from './runbook.ts';

const TOPIC_WORDS: Record<Topic, RegExp> = {
  // `(?<!\d)` starts a number only at its first digit: without it a long digit run is rescanned from each digit.
  memory: /memory|mem\b|ram|(?<!\d)\d+\s*gi?b|balloon|overprovision|overcommit|メモリ|容量|GB|ギガ/i,
  oom: /oom|out of memory|killed|kill|down|crash|落ち|ダウン|停止|強制終了|メモリ不足/i,
  storage:
    /drbd|split|storage|nfs|disk|power (cut|outage|failure)|inconsistent|ストレージ|スプリット|停電|電源|ディスク|同期/i,
  cluster:
    /pacemaker|corosync|cluster|failover|offline|quorum|standby|node|クラスター|フェイルオーバー|ノード|オフライン/i,
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/**
 * A single token is a topic only when a topic pattern matches all of it ("memory", "oom", "3GB", "drbd"):
 * "ram01", "web-down" or "i-2-31-VM" are VM names, whatever they contain.
 */
function isTopicWord(token: string): boolean {
  return Object.values(TOPIC_WORDS).some((re) => re.exec(token)?.[0].length === token.length);
}

/** A bare name that is an inventory host or cluster → host/cluster intent; another bare name → VM; a sentence → topics. */
export function classifyTarget(target: string, env: EnvironmentConfig): Intent {
  const t = target.trim();
  const host = env.hosts.find((h) => h.name === t && h.role !== 'guest');
  if (host) return { kind: 'host', host };
  const clusterHosts = env.hosts.filter((h) => h.role === 'kvm' && h.cluster === t);
  if (clusterHosts.length) return { kind: 'cluster', cluster: t, hosts: clusterHosts };
  if (NAME.test(t) && !isTopicWord(t)) return { kind: 'vm', vm: t };
  return topicIntent(t);
}

/** The topics a sentence names; all topics, marked unmatched, when it names none. */
export function topicIntent(text: string): Extract<Intent, { kind: 'topics' }> {
  const t = text.trim();
  const topics = new Set<Topic>();
  for (const [topic, re] of Object.entries(TOPIC_WORDS) as [Topic, RegExp][])
    if (re.test(t)) topics.add(topic);
  // OOM and memory go together: the first question about an OOM on CloudStack is whether memory is capped.
  if (topics.has('oom')) topics.add('memory');
  if (topics.has('storage')) topics.add('cluster');
  if (topics.has('cluster')) topics.add('storage');
  // Nothing the runbooks know about: run them all as a general sweep, and say the question is outside them.
  if (topics.size === 0) {
    for (const x of Object.keys(TOPIC_WORDS) as Topic[]) topics.add(x);
    return { kind: 'topics', topics, text: t, unmatched: true };
  }
  return { kind: 'topics', topics, text: t };
}

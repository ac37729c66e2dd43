/** What every MCP handler needs: the one OpsService, the environment served, output limits, and the card poster. */
import type { Logger } from 'pino';
import type { ApprovalService, AuditLog } from '../approvals/types.ts';
import type { OpsService } from '../core/ops-service.ts';
import type { Lang } from '../tools/types.ts';
import type { CardPoster } from './slack-cards.ts';

export interface McpDeps {
  service: OpsService & { approvals: ApprovalService; audit: AuditLog };
  env: string;
  lang: Lang;
  /** The config's own secrets (API keys, DB passwords, SSH key): redacted by value from every response. */
  secrets: readonly string[];
  maxResultChars: number;
  /** Absent when no Slack channel/token is configured: then nobody is offered mutating tools. */
  cards?: CardPoster;
  logger: Logger;
  now: () => Date;
}

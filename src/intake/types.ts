/** What a payload parser needs from the intake: the environment an alert belongs to, and the inventory match. */
export interface IntakeTarget {
  /** The environment named by the alert, else the intake's default. */
  envFor(named: string | undefined): string;
  match(names: (string | undefined)[], env: string): string | undefined;
  channel?: string;
}

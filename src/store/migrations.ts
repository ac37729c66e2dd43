/**
 * The bot's own schema, as an ordered list of migrations per engine. A migration's index + 1 is its
 * version; `schema_version` records what ran, so a newer bot upgrades an older file or database in place.
 */
export interface Migration {
  description: string;
  sqlite: string[];
  mysql: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'documents, leases, audit chain',
    sqlite: [
      `CREATE TABLE docs (ns TEXT NOT NULL, k TEXT NOT NULL, value TEXT NOT NULL, revision INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL, PRIMARY KEY (ns, k))`,
      'CREATE INDEX docs_by_time ON docs (ns, updated_ms)',
      'CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_ms INTEGER NOT NULL)',
      `CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, via TEXT NOT NULL,
        kind TEXT NOT NULL, env TEXT, target TEXT, outcome TEXT NOT NULL, detail TEXT,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`,
      'CREATE INDEX audit_by_actor ON audit (actor, seq)',
      'CREATE INDEX audit_by_target ON audit (target, seq)',
    ],
    mysql: [
      `CREATE TABLE docs (ns VARCHAR(64) NOT NULL, k VARCHAR(191) NOT NULL, value LONGTEXT NOT NULL,
        revision INT NOT NULL, updated_ms BIGINT NOT NULL, PRIMARY KEY (ns, k), KEY docs_by_time (ns, updated_ms))
        CHARACTER SET utf8mb4`,
      `CREATE TABLE leases (name VARCHAR(191) PRIMARY KEY, holder VARCHAR(191) NOT NULL, expires_ms BIGINT NOT NULL)
        CHARACTER SET utf8mb4`,
      `CREATE TABLE audit (seq BIGINT PRIMARY KEY, at VARCHAR(32) NOT NULL, actor VARCHAR(191) NOT NULL,
        via VARCHAR(16) NOT NULL, kind VARCHAR(64) NOT NULL, env VARCHAR(64), target VARCHAR(191),
        outcome TEXT NOT NULL, detail LONGTEXT, prev_hash CHAR(64) NOT NULL, hash CHAR(64) NOT NULL,
        KEY audit_by_actor (actor, seq), KEY audit_by_target (target, seq)) CHARACTER SET utf8mb4`,
    ],
  },
  {
    description: 'audit rows signed with the audit key held outside the store',
    sqlite: ['ALTER TABLE audit ADD COLUMN mac TEXT'],
    mysql: ['ALTER TABLE audit ADD COLUMN mac CHAR(64) NULL'],
  },
];

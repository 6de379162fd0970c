import { sql, type Kysely, type Migration } from 'kysely'

// Migrations are frozen in time: typed Kysely<any>, never importing the current schema types.
/* eslint-disable @typescript-eslint/no-explicit-any */

const m0001_auth: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('username', 'varchar(128)', (c) => c.notNull().unique())
      .addColumn('role', 'varchar(32)', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('disabled_at', 'timestamptz')
      .execute()
    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute()
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('name', 'varchar(128)', (c) => c.notNull())
      .addColumn('prefix', 'varchar(32)', (c) => c.notNull())
      .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('scope', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(128)')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('last_used_at', 'timestamptz')
      .execute()
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('api_keys').execute()
    await db.schema.dropTable('sessions').execute()
    await db.schema.dropTable('users').execute()
  },
}

/**
 * The change log of SPEC §3.4: who changed what, in order. Append-only: a trigger refuses UPDATE,
 * DELETE and TRUNCATE, so an application bug cannot rewrite history (the hash chain added later
 * makes tampering below the application visible too). `seq` is an identity column; appends are
 * serialised by a table lock (lib/audit/change-log.ts), so seq order is also commit order.
 */
const m0002_change_log: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('change_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('actor', 'varchar(128)', (c) => c.notNull())
      .addColumn('action', 'varchar(64)', (c) => c.notNull())
      .addColumn('subject', 'varchar(256)', (c) => c.notNull())
      .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .execute()
    await sql`
      create function change_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'change_log is append-only: % is not allowed', tg_op using errcode = 'P0001';
      end
      $$
    `.execute(db)
    await sql`
      create trigger change_log_no_update_delete before update or delete on change_log
      for each row execute function change_log_append_only()
    `.execute(db)
    await sql`
      create trigger change_log_no_truncate before truncate on change_log
      for each statement execute function change_log_append_only()
    `.execute(db)
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('change_log').execute()
    await sql`drop function change_log_append_only()`.execute(db)
  },
}

/**
 * Capacity settings (SPEC §3.3): one row per (queue, model). `queue = ''` is the default for every
 * queue without its own entry; `model = ''` stands for "any model" (SPEC: model is optional). The
 * empty string rather than NULL, so that the unique constraint treats "no model" as one value on
 * every engine (NULLs are distinct in a unique constraint). `staffed` is reviewers on shift per
 * UTC hour of day, 24 whole numbers. The checks repeat the API's validation, so a bug elsewhere
 * cannot store a value the workload figures cannot use.
 */
const m0003_capacity: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('capacity_entries')
      .addColumn('id', 'serial', (c) => c.primaryKey())
      .addColumn('queue', 'varchar(128)', (c) => c.notNull())
      .addColumn('model', 'varchar(128)', (c) => c.notNull().defaultTo(''))
      .addColumn('sla_minutes', 'double precision', (c) => c.notNull().defaultTo(240).check(sql`sla_minutes > 0`))
      .addColumn('sla_target', 'double precision', (c) => c.notNull().defaultTo(0.9).check(sql`sla_target > 0 and sla_target <= 1`))
      .addColumn('target_occupancy', 'double precision', (c) =>
        c.notNull().defaultTo(0.85).check(sql`target_occupancy > 0 and target_occupancy <= 1`),
      )
      // CASE, not AND: SQL does not promise to evaluate AND left to right, and
      // jsonb_array_length raises on a non-array.
      .addColumn('staffed', 'jsonb', (c) =>
        c.notNull().check(sql`case when jsonb_typeof(staffed) = 'array' then jsonb_array_length(staffed) = 24 else false end`),
      )
      .addUniqueConstraint('capacity_entries_queue_model', ['queue', 'model'])
      .execute()
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('capacity_entries').execute()
  },
}

/** Every relational migration, in order. Names are permanent. */
export const relationalMigrations: Record<string, Migration> = {
  '0001_auth': m0001_auth,
  '0002_change_log': m0002_change_log,
  '0003_capacity': m0003_capacity,
}

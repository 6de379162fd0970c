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

/** Every relational migration, in order. Names are permanent. */
export const relationalMigrations: Record<string, Migration> = {
  '0001_auth': m0001_auth,
  '0002_change_log': m0002_change_log,
}

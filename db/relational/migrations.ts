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

/** Every relational migration, in order. Names are permanent. */
export const relationalMigrations: Record<string, Migration> = {
  '0001_auth': m0001_auth,
}

import pg from 'pg';

/** The database the demo uses when DATABASE_URL names a server but no database. */
export const DEFAULT_DATABASE = 'refundkit_medusa_demo';
/** Marks a database the demo made its own, the only kind `--reset` drops. */
const MARK = 'refundkit medusa demo';

export interface PostgresTarget {
  /** Medusa's database, as Medusa gets it. */
  url: string;
  name: string;
  /** The same server's `postgres` database, where databases are created and dropped. */
  maintenanceUrl: string;
}

/** Reads DATABASE_URL: a `postgres://` URL, with or without a database name. */
export function postgresTarget(databaseUrl: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error(`DATABASE_URL must be a postgres:// URL, got "${databaseUrl}".`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must be a postgres:// URL, got "${redact(databaseUrl)}".`);
  }
  const name = checkDatabaseName(decodeURIComponent(url.pathname.slice(1)) || DEFAULT_DATABASE);
  url.pathname = `/${name}`;
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  return { url: url.toString(), name, maintenanceUrl: maintenance.toString() };
}

/** A database name that needs no quoting. */
function checkDatabaseName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(
      `The database name in DATABASE_URL must be lower-case letters, digits and _, got "${name}".`,
    );
  }
  return name;
}

/** The URL without its password, to print. */
export function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(not a URL)';
  }
}

const FROM_ENV = ' Fix DATABASE_URL, or unset it to run Medusa on the embedded PGlite.';

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>, hint = ''): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot reach Postgres at ${new URL(url).host} (${(error as Error).message}).${hint}`);
  }
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function state(target: PostgresTarget): Promise<'missing' | 'ours' | 'foreign'> {
  return withClient(
    target.maintenanceUrl,
    async (client) => {
      const found = await client.query<{ mark: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1",
        [target.name],
      );
      const row = found.rows[0];
      if (!row) return 'missing';
      return row.mark === MARK ? 'ours' : 'foreign';
    },
    FROM_ENV,
  );
}

async function mark(client: pg.Client, name: string): Promise<void> {
  await client.query(`COMMENT ON DATABASE "${name}" IS '${MARK}'`);
}

/**
 * Creates Medusa's database unless it is there, and makes sure it is the demo's: one the demo created,
 * or an empty one it may take. A database holding tables the demo did not create is refused before
 * anything is written to it (DATABASE_URL may name a store's real database).
 */
export async function ensureDatabase(target: PostgresTarget): Promise<'created' | 'kept'> {
  const found = await state(target);
  if (found === 'ours') return 'kept';
  if (found === 'missing') {
    await withClient(target.maintenanceUrl, async (client) => {
      await client.query(`CREATE DATABASE "${target.name}"`);
      await mark(client, target.name);
    });
    return 'created';
  }
  await withClient(target.url, async (client) => {
    const tables = await client.query(
      "SELECT 1 FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') LIMIT 1",
    );
    if (tables.rowCount) {
      throw new Error(
        `The database ${target.name} (DATABASE_URL) holds tables the demo did not create; the demo migrates and seeds a database of its own. Name a new database in DATABASE_URL (the demo creates it), or unset DATABASE_URL to use the embedded PGlite.`,
      );
    }
    await mark(client, target.name);
  });
  return 'kept';
}

/** Drops Medusa's database, only if the demo created it (or took it empty). */
export async function dropDatabase(target: PostgresTarget): Promise<void> {
  const found = await state(target);
  if (found === 'missing') return;
  if (found === 'foreign') {
    throw new Error(
      `--reset drops only a database the demo created, and ${target.name} (DATABASE_URL) is not one; drop it yourself if you mean to.`,
    );
  }
  await withClient(target.maintenanceUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${target.name}" WITH (FORCE)`);
  });
}

/** Whether Medusa's admin user exists (after the migrations, which create the table). */
export async function hasUser(url: string, email: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const found = await client.query('SELECT 1 FROM "user" WHERE email = $1 AND deleted_at IS NULL', [email]);
    return (found.rowCount ?? 0) > 0;
  });
}

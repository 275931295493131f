import pg from 'pg';

/** Medusa's own database beside the others on the local Postgres; a name that needs no quoting. */
export function checkDatabaseName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`The database name must be lower-case letters, digits and _, got "${name}".`);
  }
  return name;
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Cannot reach Postgres at ${new URL(url).host} (${(error as Error).message}). The Medusa demo needs a local Postgres; pick another with --postgres.`,
    );
  }
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates the database unless it exists; `true` when it was created now. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<boolean> {
  return withClient(databaseUrl(serverUrl, 'postgres'), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${checkDatabaseName(name)}"`);
    return true;
  });
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(databaseUrl(serverUrl, 'postgres'), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${checkDatabaseName(name)}" WITH (FORCE)`);
  });
}

/** Whether Medusa's admin user exists (after the migrations, which create the table). */
export async function hasUser(url: string, email: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const found = await client.query('SELECT 1 FROM "user" WHERE email = $1 AND deleted_at IS NULL', [email]);
    return (found.rowCount ?? 0) > 0;
  });
}

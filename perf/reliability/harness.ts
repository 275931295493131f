import { prng, testSeed } from '../../testing/seed.js';
import { type AuditReport, audit, describeAudit, settle } from '../src/audit.js';
import { convergeGate, paidPayments } from '../src/dialects.js';
import { api, waitFor } from '../src/http.js';
import { answered, capRefusals, describeLoad, type LoadReport, refundLoad } from '../src/load.js';
import { createDatabase } from '../src/postgres.js';
import { type Receiver, startReceiver } from '../src/receiver.js';
import { KEYS, type ServerProcess, type ServerProcessOptions, startServer } from '../src/server-process.js';

export interface LoadScenario {
  name: string;
  processes: number;
  /** kill -9 the first process mid-load and start it again on the same port. */
  crash: boolean;
}

export interface LoadOutcome {
  load: LoadReport;
  audit: AuditReport;
  receiver: Receiver;
  /** Acknowledged refunds at the moment of the kill. */
  ackedAtKill?: number;
}

const PAYMENTS = 10;
const PAYMENT_AMOUNT = 30_000;

/**
 * A sustained refund load against `processes` servers on one fresh Postgres database, until the
 * payments are used up (so the cap is reached under load), optionally with a kill -9 in the middle;
 * then the audit. Everything is started here and stopped here.
 */
export async function runLoadScenario(scenario: LoadScenario): Promise<LoadOutcome> {
  const db = await createDatabase(scenario.name);
  // The load's choices and the receiver's pauses come from the run's seed.
  const random = prng(testSeed());
  const receiver = await startReceiver(undefined, { random });
  const servers: ServerProcess[] = [];
  const options: ServerProcessOptions = {
    databaseUrl: db.url,
    webhookUrl: receiver.url,
    refundDelayMs: 300,
    webhookRetryScale: 0.001,
  };
  try {
    // The first start migrates the fresh database; the others join it.
    servers.push(await startServer(options));
    servers.push(
      ...(await Promise.all(Array.from({ length: scenario.processes - 1 }, () => startServer(options)))),
    );
    const apis = servers.map((s) => api(s.url, KEYS.test));
    const payments = await paidPayments(convergeGate, apis[0]!, PAYMENTS, PAYMENT_AMOUNT, 4);
    const load = refundLoad({
      surface: convergeGate,
      apis,
      payments,
      concurrency: 16,
      maxAmount: 1_000,
      prefix: scenario.name,
      random,
    });
    let ackedAtKill: number | undefined;
    let answeredAtRestart = 0;
    if (scenario.crash) {
      await waitFor(
        '150 acknowledged refunds before the crash',
        async () => (load.report.acked.size >= 150 ? true : undefined),
        {
          timeoutMs: 180_000,
        },
      );
      const victim = servers[0]!;
      ackedAtKill = load.report.acked.size;
      console.log(`[${scenario.name}] kill -9 ${victim.pid} with ${ackedAtKill} refunds acknowledged`);
      await victim.kill9();
      servers[0] = await startServer({ ...options, port: victim.port });
      apis[0]!.url = servers[0].url;
      answeredAtRestart = answered(load.report);
      console.log(`[${scenario.name}] restarted as ${servers[0].pid}`);
    }
    await waitFor(
      'the payments to be used up under load',
      async () =>
        capRefusals(load.report) >= 20 && answered(load.report) - answeredAtRestart >= 100 ? true : undefined,
      { timeoutMs: 240_000 },
    );
    const report = await load.stop();
    console.log(`[${scenario.name}] ${describeLoad(report)}`);
    await settle(db.pool);
    const result = await audit(db.pool, { acked: report.acked, received: receiver.acked });
    console.log(
      `[${scenario.name}] ${describeAudit(result)}; receiver: ${receiver.attempts.length} attempts, ${receiver.acked.size} events acknowledged`,
    );
    return { load: report, audit: result, receiver, ...(ackedAtKill === undefined ? {} : { ackedAtKill }) };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await receiver.close();
    await db.drop();
  }
}

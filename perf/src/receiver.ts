import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** What the receiver does with one delivery attempt. */
export type Fault =
  | 'ok'
  /** 500 without processing. */
  | 'fail'
  /** Reset the connection without an answer. */
  | 'reset'
  /** 200 after a delay (below the server's timeout). */
  | 'slow'
  /** Never answer: the server's own timeout ends the attempt. */
  | 'hang'
  /** Process the event, then answer 500: the server retries something already handled. */
  | 'process-then-fail';

export interface Delivery {
  eventId: string;
  type: string;
  body: string;
  headers: IncomingMessage['headers'];
  receivedAt: number;
}

export interface Receiver {
  url: string;
  /** Every attempt, in arrival order. */
  attempts: Delivery[];
  /** Event ids answered 2xx (delivered), with the first delivery that was acknowledged. */
  acked: Map<string, Delivery>;
  /** Events processed once each by id (the de-duplicating receiver's effect). */
  processed: Map<string, Delivery>;
  /** Deliveries of an event id already processed, skipped. */
  duplicatesSkipped: number;
  faults: Record<Fault, number>;
  close(): Promise<void>;
}

const readAll = async (stream: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * A webhook receiver on loopback. `fault` decides each attempt's fate; every event is processed at
 * most once by id (a receiver de-duplicating as the spec recommends), and acknowledged ones counted.
 */
export async function startReceiver(
  fault: (delivery: Delivery) => Fault = () => 'ok',
  /** Numbers in [0, 1) for how long a slow answer takes (a seeded one in tests). */
  { random = Math.random }: { random?: () => number } = {},
): Promise<Receiver> {
  const attempts: Delivery[] = [];
  const acked = new Map<string, Delivery>();
  const processed = new Map<string, Delivery>();
  const faults: Record<Fault, number> = {
    ok: 0,
    fail: 0,
    reset: 0,
    slow: 0,
    hang: 0,
    'process-then-fail': 0,
  };
  const hanging = new Set<ServerResponse>();
  const self = {
    duplicatesSkipped: 0,
  };
  const handle = (delivery: Delivery) => {
    if (processed.has(delivery.eventId)) self.duplicatesSkipped++;
    else processed.set(delivery.eventId, delivery);
  };
  const server = createServer(async (req, res) => {
    const body = await readAll(req);
    let eventId = String(req.headers['sec-event-id'] ?? '');
    let type = '';
    try {
      const parsed = JSON.parse(body) as { id?: string; type?: string };
      eventId = parsed.id ?? eventId;
      type = parsed.type ?? '';
    } catch {
      // Kept as an attempt with what the headers say.
    }
    const delivery: Delivery = { eventId, type, body, headers: req.headers, receivedAt: Date.now() };
    attempts.push(delivery);
    const what = fault(delivery);
    faults[what]++;
    const ack = () => {
      handle(delivery);
      if (!acked.has(eventId)) acked.set(eventId, delivery);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    };
    switch (what) {
      case 'ok':
        return ack();
      case 'fail':
        return res.writeHead(500).end('receiver failure');
      case 'reset':
        return req.socket.destroy();
      case 'slow':
        return setTimeout(ack, 200 + Math.floor(random() * 1300));
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'process-then-fail':
        handle(delivery);
        return res.writeHead(500).end('processed, then failed');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    attempts,
    acked,
    processed,
    get duplicatesSkipped() {
      return self.duplicatesSkipped;
    },
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { messages } from '@electric-sql/pglite';

/** Parses one column's text by its type OID (PGlite's parsers: int8 -> number, jsonb -> object, …). */
export type TypeParsers = Record<number | string, (text: string, typeId: number) => unknown>;

export interface StatementResult {
  rows: Record<string, unknown>[];
  /** The command tag's verb: SELECT, INSERT, UPDATE, … */
  command: string;
  /** The row count the tag ends in, where it has one. */
  rowCount: number | undefined;
}

const decoder = new TextDecoder();
// Backend message types (https://www.postgresql.org/docs/current/protocol-message-formats.html).
const ROW_DESCRIPTION = 0x54; // T
const DATA_ROW = 0x44; // D
const COMMAND_COMPLETE = 0x43; // C
const ERROR_RESPONSE = 0x45; // E

/**
 * Reads the backend's answer to a pipeline of statements: one result per CommandComplete, in order,
 * or throws the first ErrorResponse as the DatabaseError PGlite and `pg` throw. Only the messages a
 * Kysely query needs are read; the rest (ParseComplete, BindComplete, NoData, ReadyForQuery,
 * notices) are skipped. PGlite's own reader builds an object per message and parses through
 * several layers; on the hot path that was a third of the database's cost (bench/README).
 */
export function readResults(bytes: Uint8Array, parsers: TypeParsers): StatementResult[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const results: StatementResult[] = [];
  let fields: { name: string; typeId: number }[] = [];
  let rows: Record<string, unknown>[] = [];
  let offset = 0;
  while (offset + 5 <= bytes.length) {
    const type = bytes[offset]!;
    const end = offset + 1 + view.getInt32(offset + 1);
    let at = offset + 5;
    if (type === ROW_DESCRIPTION) {
      const count = view.getInt16(at);
      at += 2;
      fields = [];
      for (let i = 0; i < count; i++) {
        const nul = bytes.indexOf(0, at);
        const name = decoder.decode(bytes.subarray(at, nul));
        // After the name: table OID (4), column number (2), type OID (4), size (2), modifier (4), format (2).
        fields.push({ name, typeId: view.getInt32(nul + 7) });
        at = nul + 19;
      }
    } else if (type === DATA_ROW) {
      const count = view.getInt16(at);
      at += 2;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < count; i++) {
        const length = view.getInt32(at);
        at += 4;
        const field = fields[i]!;
        if (length < 0) {
          row[field.name] = null;
          continue;
        }
        const text = decoder.decode(bytes.subarray(at, at + length));
        at += length;
        const parse = parsers[field.typeId];
        row[field.name] = parse ? parse(text, field.typeId) : text;
      }
      rows.push(row);
    } else if (type === COMMAND_COMPLETE) {
      const tag = decoder.decode(bytes.subarray(at, end - 1)).split(' ');
      const count = Number.parseInt(tag[tag.length - 1]!, 10);
      results.push({ rows, command: tag[0]!, rowCount: Number.isNaN(count) ? undefined : count });
      rows = [];
      fields = [];
    } else if (type === ERROR_RESPONSE) {
      throw databaseError(bytes, at, end - offset - 1);
    }
    offset = end;
  }
  return results;
}

function databaseError(bytes: Uint8Array, at: number, length: number): Error {
  const found: Record<string, string> = {};
  while (bytes[at] !== 0 && at < bytes.length) {
    const code = String.fromCharCode(bytes[at]!);
    const nul = bytes.indexOf(0, at + 1);
    found[code] = decoder.decode(bytes.subarray(at + 1, nul));
    at = nul + 1;
  }
  const error = new messages.DatabaseError(found['M'] ?? 'database error', length, 'error');
  error.severity = found['S'];
  error.code = found['C'];
  error.detail = found['D'];
  error.hint = found['H'];
  error.position = found['P'];
  error.internalPosition = found['p'];
  error.internalQuery = found['q'];
  error.where = found['W'];
  error.schema = found['s'];
  error.table = found['t'];
  error.column = found['c'];
  error.dataType = found['d'];
  error.constraint = found['n'];
  error.file = found['F'];
  error.line = found['L'];
  error.routine = found['R'];
  return error;
}

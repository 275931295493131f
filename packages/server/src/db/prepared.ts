import type { CompiledQuery, OperationNode, SelectQueryNode } from 'kysely';

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

/**
 * Which statements the drivers prepare under a name, so Postgres parses and plans them once per
 * session and then only binds and runs them (planning the hot path's statements again each time was
 * a third of a PGlite refund): the writes built with Kysely's builder, which reach their rows by
 * primary key, and the SELECTs of one row by primary key alone (`where id = $1`). The plan kept for
 * those is right for any value. Every other SELECT is planned for its values each time: a lookup by
 * id that also names the account, mode and dialect matches a list index too, and the plan kept for
 * it before the table has statistics (PGlite never analyzes; a fresh Postgres not for a minute)
 * walked the account's every row for one id, measured at an eighth of the speed.
 */
export function prepares(compiled: CompiledQuery): boolean {
  const node = compiled.query;
  if (WRITES.has(node.kind)) return true;
  return node.kind === 'SelectQueryNode' && byPrimaryKey(node as SelectQueryNode);
}

function byPrimaryKey(node: SelectQueryNode): boolean {
  if (node.joins || node.with || node.setOperations) return false;
  const where = node.where?.where as (OperationNode & Record<string, never>) | undefined;
  if (where?.kind !== 'BinaryOperationNode') return false;
  const { leftOperand, operator, rightOperand } = where as unknown as {
    leftOperand: { kind: string; column?: { column?: { name?: string } } };
    operator: { operator?: string };
    rightOperand: { kind: string };
  };
  return (
    leftOperand.kind === 'ReferenceNode' &&
    leftOperand.column?.column?.name === 'id' &&
    operator.operator === '=' &&
    rightOperand.kind === 'ValueNode'
  );
}

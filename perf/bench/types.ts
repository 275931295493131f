/** One line of the results table: a figure, its baseline from the same run, their ratio, the goal. */
export interface Row {
  figure: string;
  measured: string;
  baseline: string;
  ratio: string;
  goal: string;
}

export interface Section {
  name: string;
  rows: Row[];
  /** The raw numbers behind the rows (bench.json). */
  data: unknown;
}

export const ms = (value: number): string =>
  Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : 'n/a';
export const perSecond = (value: number): string =>
  Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')}/s` : 'n/a';
export const verdict = (met: boolean, text: string): string => `${text}: ${met ? 'met' : 'missed'}`;

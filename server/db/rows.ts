/** Rows keep their CloudStack fields in a JSON `data` column; these helpers read and write it. */
export type Json = Record<string, unknown>;

export function readData(row: { data: string }): Json {
  return JSON.parse(row.data) as Json;
}

export function nowDate(ms = Date.now()): string {
  // CloudStack's form: 2021-09-29T17:50:11+0000
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

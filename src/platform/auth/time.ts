/** Timestamps arrive from the drivers as Date or as Postgres text ('2026-01-02 03:04:05.678+00'); both become a Date. */
export function asDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  const d = new Date(value.includes('T') ? value : value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(d.getTime())) throw new TypeError('not a timestamp');
  return d;
}

export function asDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : asDate(value);
}

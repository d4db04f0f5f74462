/**
 * Reader of PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html,
 * "Binary Format"): an 11-byte signature, flags, a header extension, then tuples of an int16 field
 * count and per field an int32 length (-1 for NULL) and that many bytes; a count of -1 ends it.
 * Rows are handed over as offsets into the received chunk, so verify reads millions of rows without
 * building an object per row.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export class CopyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyFormatError';
  }
}

/** Field i of the current row is `buf[start[i], start[i] + length[i])`; length -1 is NULL. */
export type CopyRowHandler = (buf: Buffer, start: Int32Array, length: Int32Array) => void;

export class CopyBinaryReader {
  private pending: Buffer | null = null;
  private headerDone = false;
  private ended = false;
  private readonly start: Int32Array;
  private readonly length: Int32Array;

  constructor(
    private readonly fields: number,
    private readonly onRow: CopyRowHandler,
  ) {
    this.start = new Int32Array(fields);
    this.length = new Int32Array(fields);
  }

  /** Parses every complete row of `chunk` (plus what was left over from the previous one). */
  push(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let pos = 0;
    if (!this.headerDone) {
      if (buf.length < 19) {
        this.pending = buf;
        return;
      }
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new CopyFormatError('not a binary COPY stream');
      const extension = buf.readUInt32BE(15);
      if (buf.length < 19 + extension) {
        this.pending = buf;
        return;
      }
      pos = 19 + extension;
      this.headerDone = true;
    }
    const { start, length, fields } = this;
    const end = buf.length;
    while (pos + 2 <= end) {
      const count = buf.readInt16BE(pos);
      if (count === -1) {
        this.ended = true;
        return;
      }
      if (count !== fields) throw new CopyFormatError(`expected ${fields} fields per row, got ${count}`);
      let p = pos + 2;
      let complete = true;
      for (let i = 0; i < fields; i++) {
        if (p + 4 > end) {
          complete = false;
          break;
        }
        const len = buf.readInt32BE(p);
        p += 4;
        start[i] = p;
        length[i] = len;
        if (len > 0) p += len;
        if (p > end) {
          complete = false;
          break;
        }
      }
      if (!complete) break;
      this.onRow(buf, start, length);
      pos = p;
    }
    if (pos < end) this.pending = buf.subarray(pos);
  }

  /** Throws unless the stream ended with the trailer and nothing after it. */
  finish(): void {
    if (!this.ended || (this.pending && this.pending.length > 0)) throw new CopyFormatError('binary COPY stream ended early');
  }
}

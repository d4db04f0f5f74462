/**
 * Reader of PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html,
 * "Binary Format"): an 11-byte signature, flags, a header extension, then tuples of an int16 field
 * count and per field an int32 length (-1 for NULL) and that many bytes; a count of -1 ends it.
 * Rows are handed over as offsets into the received chunk, so verify reads millions of rows without
 * building an object per row.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Bytes of the next chunk first joined to a leftover row: a few rows' worth, grown if the row is longer. */
const STRADDLE_BYTES = 2048;

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
    if (this.ended) return;
    let from = 0;
    if (this.pending) {
      // Only the row cut between the two chunks is assembled, from the start of this chunk: copying
      // the whole chunk behind the leftover would copy every byte of the stream once more.
      const pending = this.pending;
      this.pending = null;
      for (let take = Math.min(chunk.length, STRADDLE_BYTES); ; take = Math.min(chunk.length, take * 8)) {
        const joined = Buffer.concat([pending, take === chunk.length ? chunk : chunk.subarray(0, take)]);
        const used = this.parse(joined, 1);
        if (this.ended) return;
        if (used > pending.length) {
          from = used - pending.length;
          break;
        }
        if (take === chunk.length) {
          this.pending = joined;
          return;
        }
      }
    }
    const rest = from === 0 ? chunk : chunk.subarray(from);
    const used = this.parse(rest, Infinity);
    if (!this.ended && used < rest.length) this.pending = rest.subarray(used);
  }

  /** Reads the header if not yet read, then up to `maxRows` complete rows; returns the bytes consumed. */
  private parse(buf: Buffer, maxRows: number): number {
    let pos = 0;
    if (!this.headerDone) {
      if (buf.length < 19) return 0;
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new CopyFormatError('not a binary COPY stream');
      const extension = buf.readUInt32BE(15);
      if (buf.length < 19 + extension) return 0;
      pos = 19 + extension;
      this.headerDone = true;
      // The header counts as the progress a straddling parse looks for.
      if (maxRows === 1) return pos;
    }
    const { start, length, fields } = this;
    const end = buf.length;
    let rows = 0;
    while (rows < maxRows && pos + 2 <= end) {
      const count = buf.readInt16BE(pos);
      if (count === -1) {
        this.ended = true;
        return pos + 2;
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
      rows += 1;
    }
    return pos;
  }

  /** Throws unless the stream ended with the trailer and nothing after it. */
  finish(): void {
    if (!this.ended || (this.pending && this.pending.length > 0)) throw new CopyFormatError('binary COPY stream ended early');
  }
}

import { describe, expect, it } from 'vitest';
import { CopyBinaryReader, CopyFormatError } from './copy-binary.js';

/** A binary COPY stream of rows of nullable byte fields, written as the format page describes it. */
function copyStream(rows: (Buffer | null)[][], extension = Buffer.alloc(0)): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(4)];
  const ext = Buffer.alloc(4);
  ext.writeUInt32BE(extension.length);
  parts.push(ext, extension);
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const field of row) {
      const len = Buffer.alloc(4);
      len.writeInt32BE(field === null ? -1 : field.length);
      parts.push(len);
      if (field) parts.push(field);
    }
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

function readAll(stream: Buffer, fields: number, chunkSize: number): (string | null)[][] {
  const rows: (string | null)[][] = [];
  const reader = new CopyBinaryReader(fields, (buf, start, length) => {
    rows.push(Array.from({ length: fields }, (_, i) => (length[i]! < 0 ? null : buf.toString('utf8', start[i]!, start[i]! + length[i]!))));
  });
  for (let i = 0; i < stream.length; i += chunkSize) reader.push(stream.subarray(i, i + chunkSize));
  reader.finish();
  return rows;
}

describe('binary COPY reader', () => {
  const rows = [
    [Buffer.from('alpha'), null, Buffer.from('')],
    [Buffer.from('é日本'), Buffer.from('x'.repeat(300)), null],
    [null, null, null],
  ];
  const expected = [
    ['alpha', null, ''],
    ['é日本', 'x'.repeat(300), null],
    [null, null, null],
  ];

  it('gives the same rows however the stream is cut into chunks', () => {
    const stream = copyStream(rows, Buffer.from('ext'));
    for (const size of [1, 2, 3, 7, 19, 20, 64, stream.length]) expect(readAll(stream, 3, size)).toEqual(expected);
  });

  it('reads rows longer than the part of a chunk first joined to a leftover', () => {
    const long = [[Buffer.from('a'), Buffer.from('y'.repeat(40_000)), null], ...rows];
    const stream = copyStream(long);
    for (const size of [100, 1500, 5000, 39_999]) expect(readAll(stream, 3, size)).toEqual([['a', 'y'.repeat(40_000), null], ...expected]);
  });

  it('refuses a stream that is not binary COPY, a row of the wrong width, and a stream cut short', () => {
    expect(() => readAll(Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\x01', 'latin1'), Buffer.alloc(20)]), 3, 64)).toThrow(CopyFormatError);
    expect(() => readAll(copyStream(rows), 2, 64)).toThrow('expected 2 fields per row, got 3');
    const stream = copyStream(rows);
    expect(() => readAll(stream.subarray(0, stream.length - 5), 3, 64)).toThrow('ended early');
  });
});

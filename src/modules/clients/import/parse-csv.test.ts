import { describe, expect, it } from 'vitest';
import { CsvFileError, parseClientCsv } from './parse-csv.js';

const TODAY = new Date('2026-06-01T00:00:00Z');
const HEADER = 'Legal First Name,legal_last_name,date_of_birth,email,phone,guardian_name';

describe('client CSV import validation', () => {
  it('accepts good rows and reports each bad row by line and column, without echoing values', () => {
    const csv = [
      HEADER,
      'Testa,Synthetic-One,1990-04-01,testa.one@example.test,(201) 555-0101,',
      ',Synthetic-Two,1990-13-45,not-an-email,12,',
      'Testc,Synthetic-Three,2015-02-02,,,',
      'Testd,Synthetic-Four,1985-01-01,TESTA.ONE@example.test,,',
      'Teste,Synthetic-Five,2012-05-05,,,Guardian Synthetic',
    ].join('\n');
    const r = parseClientCsv(csv, TODAY);
    expect(r.accepted.map((a) => a.line)).toEqual([2, 6]);
    expect(r.accepted[0]!.client.phone).toMatch(/^\+1\d{10}$/);
    expect(r.rejected).toEqual([
      {
        line: 3,
        problems: expect.arrayContaining([
          { column: 'legal_first_name', message: 'required' },
          { column: 'date_of_birth', message: 'expected a date as YYYY-MM-DD' },
          { column: 'email', message: 'not a valid email address' },
          { column: 'phone', message: 'not a valid phone number' },
        ]),
      },
      { line: 4, problems: [{ column: 'guardian_name', message: 'required for a client under 18' }] },
      { line: 5, problems: [{ column: 'email', message: 'same email as line 2' }] },
    ]);
    expect(JSON.stringify(r.rejected)).not.toMatch(/Synthetic|not-an-email|1990-13-45/);
  });

  it('refuses a file with unknown or missing columns before looking at rows', () => {
    expect(() => parseClientCsv('first,last\nA,B', TODAY)).toThrow(CsvFileError);
    try {
      parseClientCsv('legal_first_name,ssn\nA,123', TODAY);
    } catch (err) {
      expect((err as CsvFileError).problems).toEqual([
        expect.stringMatching(/^unknown columns: ssn/),
        'missing required columns: legal_last_name, date_of_birth',
      ]);
    }
  });

  it('refuses malformed CSV and empty files', () => {
    expect(() => parseClientCsv('', TODAY)).toThrow(/empty/);
    expect(() => parseClientCsv(`${HEADER}\n"unterminated,Synthetic,1990-01-01,,,`, TODAY)).toThrow(/not valid CSV/);
    expect(() => parseClientCsv(`${HEADER}\nA,B,1990-01-01`, TODAY)).toThrow(/not valid CSV/);
  });

  it('reports the line a row starts on in the file, past blank lines and quoted fields spanning lines', () => {
    const csv = [HEADER, 'Testa,Synthetic,1990-01-01,,,', '', '"Testb","Synthetic', 'Second-Line",1990-01-01,,,', 'Testc,Synthetic,1990-99-01,,,'].join('\n');
    const r = parseClientCsv(csv, TODAY);
    expect(r.accepted.map((a) => a.line)).toEqual([2, 4]);
    expect(r.rejected.map((x) => x.line)).toEqual([6]);
  });

  it('handles a byte-order mark and CRLF line endings', () => {
    const r = parseClientCsv(`\uFEFF${HEADER}\r\nTesta,Synthetic,1990-01-01,,,\r\n`, TODAY);
    expect(r.accepted).toHaveLength(1);
  });
});

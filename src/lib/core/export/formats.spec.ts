import { describe, expect, it } from 'vitest';
import { createExportWriter, EXPORT_FORMATS, type ExportFormat } from './formats';

const rows = [{ identifier: 'a@x.com', values: { Title: '=boss' } }];

function write(format: ExportFormat): string {
	const writer = createExportWriter(format, { columns: ['email', 'Title'], delimiter: ';' });
	return writer.header() + writer.rows(rows) + writer.footer();
}

describe('createExportWriter', () => {
	it('creates the writer of each format', () => {
		expect(write('csv')).toBe('\ufeffemail;Title\r\na@x.com;"\'=boss"\r\n');
		expect(JSON.parse(write('json'))).toEqual([{ email: 'a@x.com', Title: '=boss' }]);
		expect(write('ndjson')).toBe('{"email":"a@x.com","Title":"=boss"}\n');
	});

	it('splits only CSV at the Excel limit', () => {
		expect(
			Object.entries(EXPORT_FORMATS)
				.filter(([, info]) => info.splitForExcel)
				.map(([format]) => format)
		).toEqual(['csv']);
	});
});

import { readdir, readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/unit/cli-testing';
import { writeExport } from './output';

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
	dir = await tempDir();
});
afterEach(() => dir.remove());

const rows = Array.from({ length: 5 }, (_, index) => ({
	identifier: `user${index}@example.com`,
	values: { title: index === 0 ? '=HYPERLINK("x")' : `Title ${index}` }
}));

describe('export files of the command', () => {
	it('splits a CSV at the row limit, each part an Excel-safe file with BOM and header', async () => {
		const written = await writeExport({
			directory: dir.path,
			baseName: 'users',
			format: 'csv',
			columns: ['email', 'title'],
			rows,
			maxRowsPerFile: 2
		});
		expect(written).toEqual(['users-part-1.csv', 'users-part-2.csv', 'users-part-3.csv']);
		const first = await readFile(`${dir.path}/users-part-1.csv`, 'utf8');
		expect(first).toBe(
			'\ufeffemail,title\r\nuser0@example.com,"\'=HYPERLINK(""x"")"\r\nuser1@example.com,Title 1\r\n'
		);
		expect(await readFile(`${dir.path}/users-part-3.csv`, 'utf8')).toBe(
			'\ufeffemail,title\r\nuser4@example.com,Title 4\r\n'
		);
	});

	it('replaces the parts of an earlier export and never splits JSON', async () => {
		await writeExport({
			directory: dir.path,
			baseName: 'users',
			format: 'csv',
			columns: ['email', 'title'],
			rows,
			maxRowsPerFile: 2
		});
		expect(
			await writeExport({
				directory: dir.path,
				baseName: 'users',
				format: 'csv',
				columns: ['email', 'title'],
				rows: rows.slice(0, 1),
				maxRowsPerFile: 2
			})
		).toEqual(['users.csv']);
		await writeExport({
			directory: dir.path,
			baseName: 'users',
			format: 'json',
			columns: ['email', 'title'],
			rows,
			maxRowsPerFile: 2
		});
		expect((await readdir(dir.path)).sort()).toEqual(['users.csv', 'users.json']);
		expect(JSON.parse(await readFile(`${dir.path}/users.json`, 'utf8'))).toHaveLength(5);
		expect(
			await writeExport({
				directory: dir.path,
				baseName: 'removed',
				format: 'csv',
				columns: ['email'],
				rows: []
			})
		).toEqual(['removed.csv']);
		expect(await readFile(`${dir.path}/removed.csv`, 'utf8')).toBe('\ufeffemail\r\n');
	});
});

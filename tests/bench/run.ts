/**
 * `npm run bench`: runs every benchmark, prints one table, and writes it to BENCHMARKS.md with the date and
 * the machine. Benchmarks measure; they never fail a build. `npm run bench -- mapping export` runs a subset.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { Bench, BenchRow } from './types';

const benches: Record<string, () => Promise<Bench>> = {
	emulator: async () => (await import('./emulator')).benchEmulator,
	mapping: async () => (await import('./mapping')).benchMapping,
	export: async () => (await import('./export')).benchExport,
	results: async () => (await import('./results')).benchResults,
	browser: async () => (await import('./browser')).benchBrowser,
	cli: async () => (await import('./cli')).benchCli,
	parallel: async () => (await import('./parallel')).benchParallel
};

function formatValue(row: BenchRow): string {
	const value = row.value >= 100 ? Math.round(row.value).toLocaleString('en-US') : row.value.toFixed(2);
	return `${value} ${row.unit}`;
}

function table(rows: BenchRow[]): string {
	const lines: string[] = [];
	for (const group of [...new Set(rows.map((row) => row.group))]) {
		lines.push(`\n### ${group}\n`, '| what | measured | target | note |', '|---|---|---|---|');
		for (const row of rows.filter((candidate) => candidate.group === group))
			lines.push(`| ${row.name} | ${formatValue(row)} | ${row.target ?? ''} | ${row.note ?? ''} |`);
	}
	return lines.join('\n');
}

const selected = process.argv.slice(2).filter((name) => !name.startsWith('-'));
const names = selected.length ? selected : Object.keys(benches);
const rows: BenchRow[] = [];
for (const name of names) {
	const load = benches[name];
	if (!load) throw new Error(`Unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ')}`);
	console.log(`\n== ${name}`);
	const started = performance.now();
	const measured = await (await load())();
	for (const row of measured)
		console.log(`${row.name}: ${formatValue(row)}${row.target ? ` (target ${row.target})` : ''}`);
	console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
	rows.push(...measured);
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = `# Benchmarks

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${machine}.
Figures move with the machine's load (2 shared cores); compare runs on one machine, not across machines.
${table(rows)}
`;
if (!selected.length) writeFileSync('BENCHMARKS.md', report);
console.log(report);

import { describe, expect, it } from 'vitest';
import { cpuBreakdown, type CpuProfile } from '../bench/cpu-profile';

const frame = (functionName: string) => ({ functionName });

// (root) → executeRun → storePage → put;  (root) → executeRun → mapPage → hashValues;  (root) → (idle)
const profile: CpuProfile = {
	nodes: [
		{ id: 1, callFrame: frame('(root)'), children: [2, 6] },
		{ id: 2, callFrame: frame('executeRun'), children: [3, 4] },
		{ id: 3, callFrame: frame('storePage'), children: [7] },
		{ id: 4, callFrame: frame('mapPage'), children: [5] },
		{ id: 5, callFrame: frame('hashValues') },
		{ id: 6, callFrame: frame('(idle)') },
		{ id: 7, callFrame: frame('put') }
	],
	startTime: 0,
	endTime: 10_000,
	samples: [7, 3, 5, 4, 6, 2],
	timeDeltas: [1000, 2000, 1000, 3000, 500, 250]
};

describe('cpuBreakdown', () => {
	it('charges each sample to the nearest stage on its stack, the rest to other', () => {
		const totals = cpuBreakdown(profile, [
			{ name: 'write', functions: ['storePage'] },
			{ name: 'map', functions: ['mapPage'] },
			{ name: 'hash', functions: ['hashValues'] },
			{ name: 'idle', functions: ['(idle)'] },
			{ name: 'unused', functions: ['nothing'] }
		]);
		expect([...totals]).toEqual([
			['write', 3],
			['map', 3],
			['hash', 1],
			['idle', 0.5],
			['unused', 0],
			['other', 0.25]
		]);
	});
});

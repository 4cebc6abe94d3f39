/**
 * Where a worker's CPU time went, from a V8 sampling profile: each sample is charged to the nearest
 * function on its stack that names a stage (the leaf first), so nested stages are not counted twice.
 */

/** The parts of a V8 CPU profile (CDP `Profiler.Profile`) read here. */
export interface CpuProfile {
	nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** A stage and the function names that are its work. */
export interface CpuStage {
	name: string;
	functions: string[];
}

/** The milliseconds of each stage (and of `other`), in the order the stages are given. */
export function cpuBreakdown(profile: CpuProfile, stages: CpuStage[]): Map<string, number> {
	const stageOf = new Map<string, string>();
	for (const stage of stages) for (const name of stage.functions) stageOf.set(name, stage.name);
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	// A node's stage is its own, else its caller's: computed once per node.
	const nodeStage = new Map<number, string>();
	const stageOfNode = (id: number): string => {
		const known = nodeStage.get(id);
		if (known !== undefined) return known;
		const own = stageOf.get(byId.get(id)?.callFrame.functionName ?? '');
		const parent = parentOf.get(id);
		const stage = own ?? (parent === undefined ? 'other' : stageOfNode(parent));
		nodeStage.set(id, stage);
		return stage;
	};
	const totals = new Map<string, number>([...stages.map((stage) => [stage.name, 0] as const), ['other', 0]]);
	// timeDeltas[i] is the time from the sample before to sample i: it is charged to sample i.
	for (let index = 0; index < profile.samples.length; index++) {
		const stage = stageOfNode(profile.samples[index]);
		totals.set(stage, (totals.get(stage) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
	}
	return totals;
}

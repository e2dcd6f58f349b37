// The part of autocannon 9's API that `npm run bench` uses (the package ships no types).
declare module 'autocannon' {
	export interface Request {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
		body?: string | Buffer;
	}
	export interface RequestStep extends Request {
		setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
		onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
	}
	export interface Options extends Request {
		url: string;
		connections?: number;
		duration?: number;
		timeout?: number;
		requests?: RequestStep[];
	}
	export interface Histogram {
		average: number;
		mean: number;
		stddev: number;
		min: number;
		max: number;
		total: number;
		p50: number;
		p90: number;
		p99: number;
		sent?: number;
	}
	export interface Result {
		requests: Histogram;
		latency: Histogram;
		throughput: Histogram;
		errors: number;
		timeouts: number;
		non2xx: number;
		duration: number;
		statusCodeStats: Record<string, { count: number }>;
	}
	export default function autocannon(options: Options): Promise<Result>;
}

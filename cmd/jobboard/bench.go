package main

import (
	"context"
)

const benchUsage = `Usage: jobboard bench seed|run [flags]

  bench seed [--boards 200] [--companies 50000] [--jobs 1000000] [--seed 1] [--skew 1.0] [--reset|--if-empty]
        generate deterministic boards, companies and jobs into DATABASE_URL
  bench run [--duration 10s] [--warmup 2s] [--connections 64] [--out ./bench-results] [--only a,b]
        serve DATABASE_URL on loopback from a child process and load it
`

// cmdBench runs the benchmark harness: data generation and load.
func cmdBench(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return usageError{msg: "bench: say seed or run", usage: benchUsage}
	}
	switch args[0] {
	case "seed":
		return cmdBenchSeed(ctx, e, args[1:])
	case "run":
		return cmdBenchRun(ctx, e, args[1:])
	case "bare":
		return cmdBenchBare(ctx, e, args[1:])
	default:
		return usageError{msg: "bench: unknown subcommand " + args[0], usage: benchUsage}
	}
}

package main

import "runtime/debug"

// The server's garbage collector runs half as often as Go's default
// (GOGC=200 instead of 100), under a soft memory limit of 200 MiB: with a
// live heap of about 60–100 MiB (caches included), a cold page view
// allocates far more than it keeps, and collecting at twice the live heap
// cost an eighth of the server's CPU. The limit makes the collector work
// harder before the Go heap grows past it; SQLite's page cache lives
// outside it, which is why it is well under the 300 MiB the process is
// meant to stay within (at 256 MiB an SQLite run peaked at 329 MiB).
// GOGC and GOMEMLIMIT, when set, win.
const (
	serveGCPercent   = 200
	serveMemoryLimit = 200 << 20
)

// tuneGC applies the server's collector settings where the environment
// sets none.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}

//go:build !linux

package stripemocktest

import (
	"os/exec"
)

// configureChild needs nothing here: the test's cleanup stops the process.
func configureChild(*exec.Cmd) {}

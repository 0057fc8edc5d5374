//go:build !linux

package payments_test

import "os/exec"

// configureChild has nothing to set outside Linux; TestMain stops the
// process.
func configureChild(*exec.Cmd) {}

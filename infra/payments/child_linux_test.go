package payments_test

import (
	"os/exec"
	"syscall"
)

// configureChild makes the kernel kill stripe-mock if the test binary dies
// without running TestMain's cleanup.
func configureChild(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

package stripemocktest

import (
	"os/exec"
	"syscall"
)

// configureChild makes the kernel kill stripe-mock if the test binary dies
// before the test's cleanup runs.
func configureChild(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

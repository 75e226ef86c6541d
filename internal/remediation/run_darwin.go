package remediation

import (
	"golang.org/x/sys/unix"
)

// processStart returns when process pid started (kern.proc.pid); "" when
// it cannot be read.
func processStart(pid int) string {
	kp, err := unix.SysctlKinfoProc("kern.proc.pid", pid)
	if err != nil {
		return ""
	}
	t := kp.Proc.P_starttime
	return itoa(int(t.Sec)) + "." + itoa(int(t.Usec))
}

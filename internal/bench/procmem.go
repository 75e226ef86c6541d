package bench

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Memory is what the bench saw of the provider processes of one
// Terraform command.
type Memory struct {
	// Processes is how many provider processes Terraform started.
	Processes int
	// MaxPeakKiB is the largest VmHWM (peak resident set) of one provider
	// process; SumPeakKiB the sum of every process's VmHWM.
	MaxPeakKiB, SumPeakKiB int64
	// ConcurrentKiB is the largest sum of VmRSS of the provider processes
	// alive at the same poll.
	ConcurrentKiB int64
	// CPU is the user and system time of all provider processes, as last
	// polled (a process's final milliseconds may be missing).
	CPU time.Duration
}

// memPoller polls /proc for the children of a Terraform process that run
// the provider binary, and keeps each one's last VmHWM (the kernel's peak
// resident set, which only grows).
type memPoller struct {
	parent    int
	parentExe string // Terraform's binary: a child runs it until it execs
	exe       string // resolved path of the provider binary
	every     time.Duration

	stopOnce sync.Once
	stopped  chan struct{}
	done     chan struct{}

	mu         sync.Mutex
	peaks      map[int]int64
	cpu        map[int]time.Duration
	concurrent int64
}

func newMemPoller(parent int, providerExe string, every time.Duration) *memPoller {
	if resolved, err := filepath.EvalSymlinks(providerExe); err == nil {
		providerExe = resolved
	}
	parentExe, _ := os.Readlink("/proc/" + strconv.Itoa(parent) + "/exe")
	p := &memPoller{parent: parent, parentExe: parentExe, exe: providerExe, every: every,
		stopped: make(chan struct{}), done: make(chan struct{}), peaks: map[int]int64{}, cpu: map[int]time.Duration{}}
	go p.run()
	return p
}

func (p *memPoller) run() {
	defer close(p.done)
	t := time.NewTicker(p.every)
	defer t.Stop()
	notProvider := map[int]bool{}
	for {
		p.poll(notProvider)
		select {
		case <-p.stopped:
			return
		case <-t.C:
		}
	}
}

// poll reads VmHWM and VmRSS of every provider child of the parent.
func (p *memPoller) poll(notProvider map[int]bool) {
	var sum int64
	for _, pid := range children(p.parent) {
		if notProvider[pid] {
			continue
		}
		if _, seen := p.peaks[pid]; !seen {
			exe, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
			if err != nil || exe != p.exe {
				// A process seen between fork and exec is checked again;
				// one that runs another binary is skipped from now on.
				if err == nil && exe != p.parentExe {
					notProvider[pid] = true
				}
				continue
			}
		}
		hwm, rss, ok := status(pid)
		if !ok {
			continue
		}
		cpu, cpuOK := cpuTime(pid)
		sum += rss
		p.mu.Lock()
		p.peaks[pid] = max(p.peaks[pid], hwm)
		if cpuOK {
			p.cpu[pid] = max(p.cpu[pid], cpu)
		}
		p.mu.Unlock()
	}
	p.mu.Lock()
	p.concurrent = max(p.concurrent, sum)
	p.mu.Unlock()
}

// stop ends polling and returns what was seen.
func (p *memPoller) stop() Memory {
	p.stopOnce.Do(func() { close(p.stopped) })
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	m := Memory{Processes: len(p.peaks), ConcurrentKiB: p.concurrent}
	for _, kib := range p.peaks {
		m.MaxPeakKiB = max(m.MaxPeakKiB, kib)
		m.SumPeakKiB += kib
	}
	for _, d := range p.cpu {
		m.CPU += d
	}
	return m
}

// clockTick is the unit of utime and stime in /proc/<pid>/stat (USER_HZ,
// 100 on Linux).
const clockTick = 10 * time.Millisecond

// cpuTime returns the user plus system time of pid.
func cpuTime(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	return parseStat(b)
}

// parseStat reads utime and stime (fields 14 and 15) from a
// /proc/<pid>/stat line; the command name in parentheses may hold spaces.
func parseStat(b []byte) (time.Duration, bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	fields := strings.Fields(string(b[i+1:]))
	// fields[0] is field 3 (state), so utime is fields[11], stime fields[12].
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * clockTick, true
}

// children lists the child processes of pid from
// /proc/<pid>/task/<tid>/children, which every thread that forked has.
func children(pid int) []int {
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	var out []int
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, field := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(field); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// status returns VmHWM and VmRSS of pid in KiB.
func status(pid int) (hwm, rss int64, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0, false
	}
	return parseStatus(b)
}

// parseStatus reads VmHWM and VmRSS (in kB) from a /proc/<pid>/status file.
func parseStatus(b []byte) (hwm, rss int64, ok bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	found := 0
	for sc.Scan() {
		key, value, cut := strings.Cut(sc.Text(), ":")
		if !cut || key != "VmHWM" && key != "VmRSS" {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) == 0 {
			continue
		}
		n, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			continue
		}
		if key == "VmHWM" {
			hwm = n
		} else {
			rss = n
		}
		found++
	}
	return hwm, rss, found == 2
}

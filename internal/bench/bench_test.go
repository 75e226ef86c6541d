package bench

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestBaselineConfig(t *testing.T) {
	t.Parallel()
	sims := []simulatorInfo{
		{GraphEndpoint: "https://127.0.0.1:1", AuthorityHost: "https://127.0.0.1:1/", TenantID: "t-1", ClientID: "c-1", ClientSecret: "s-1"},
		{GraphEndpoint: "https://127.0.0.1:2", AuthorityHost: "https://127.0.0.1:2/", TenantID: "t-2", ClientID: "c-2", ClientSecret: "s-2"},
	}
	for _, snapshot := range []bool{true, false} {
		hcl := baselineConfig(sims, snapshot)
		if n := strings.Count(hcl, `resource "entrapim_alert_configuration"`); n != 14 {
			t.Errorf("%d configurations for 2 tenants, want 14", n)
		}
		if n := strings.Count(hcl, `resource "entrapim_alert"`); n != 14 {
			t.Errorf("%d alerts for 2 tenants, want 14", n)
		}
		if n := strings.Count(hcl, "provider   = entrapim.t1\n"); n != 14 {
			t.Errorf("%d resources of alias t1, want 14", n)
		}
		for _, want := range []string{`graph_endpoint = "https://127.0.0.1:2"`, `client_secret  = "s-1"`, `alias          = "t1"`} {
			if !strings.Contains(hcl, want) {
				t.Errorf("configuration lacks %s", want)
			}
		}
		if want := fmt.Sprintf("read_snapshot  = %t\n", snapshot); strings.Count(hcl, want) != 2 {
			t.Errorf("configuration lacks %q in each provider block", want)
		}
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return base.Add(time.Duration(ms) * time.Millisecond) }
	logs := [][]request{
		{
			{Route: "openid-configuration"}, {Route: "token"},
			{Route: "alerts.list", Time: at(0)},
			{Route: "configurations.patch", Write: true, Time: at(10)},
			{Route: "alerts.patch", Write: true, Time: at(20)},
			{Route: "alerts.patch", Write: true, Time: at(300)},
		},
		{
			{Route: "token"},
			{Route: "alerts.list", Time: at(0)},
			{Route: "configurations.patch", Write: true, Time: at(50)},
		},
	}
	r := count(logs, 100*time.Millisecond)
	if r.Reads != 2 || r.Writes != 4 || r.Requests() != 6 || r.MaxPerTenant != 4 {
		t.Errorf("reads %d, writes %d, max per tenant %d", r.Reads, r.Writes, r.MaxPerTenant)
	}
	if r.ReadsByRoute["alerts.list"] != 2 || r.Identity["token"] != 2 || r.Identity["openid-configuration"] != 1 {
		t.Errorf("by route: reads %v, identity %v", r.ReadsByRoute, r.Identity)
	}
	if r.PeakWrites != 3 {
		t.Errorf("peak writes in flight = %d, want 3 (at 10, 20 and 50 ms)", r.PeakWrites)
	}
}

func TestParseProc(t *testing.T) {
	t.Parallel()
	status := []byte("Name:\tterraform-provi\nVmPeak:\t  900000 kB\nVmHWM:\t   35000 kB\nVmRSS:\t   34000 kB\n")
	if hwm, rss, ok := parseStatus(status); !ok || hwm != 35000 || rss != 34000 {
		t.Errorf("parseStatus = %d, %d, %v", hwm, rss, ok)
	}
	if _, _, ok := parseStatus([]byte("Name:\tx\n")); ok {
		t.Error("parseStatus accepted a status without VmHWM")
	}
	stat := []byte("4242 (terraform-provider (x)) S 1 2 3 4 5 6 7 8 9 10 150 25 0 0 20 0 12 0 100 0 0")
	if d, ok := parseStat(stat); !ok || d != 1750*time.Millisecond {
		t.Errorf("parseStat = %s, %v; want 1.75s", d, ok)
	}
}

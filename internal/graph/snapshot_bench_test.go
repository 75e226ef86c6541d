package graph

import (
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	ig "github.com/microsoftgraph/msgraph-beta-sdk-go/identitygovernance"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
	"github.com/entrapim/terraform-provider-entrapim/internal/mockgraph"
)

// benchClient returns a client of a fresh simulated tenant.
func benchClient(b testing.TB, snapshot bool, opts ...mockgraph.Option) (*Client, *mockgraph.Server) {
	b.Helper()
	srv := mockgraph.New(b, opts...)
	id, secret := srv.ReadWriteClient()
	cred, err := azidentity.NewClientSecretCredential(srv.TenantID(), id, secret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions:            azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: srv.AuthorityHost()}, Transport: srv.HTTPClient()},
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		b.Fatal(err)
	}
	c, err := New(Config{
		Endpoint: srv.GraphEndpoint(), Credential: cred, TenantID: srv.TenantID(),
		Transport: srv.HTTPClient().Transport, ReadSnapshot: snapshot,
	})
	if err != nil {
		b.Fatal(err)
	}
	return c, srv
}

// snapshotListBody returns the body of the snapshot's list request as the
// simulator answers it: every alert with configuration and incidents.
func snapshotListBody(b *testing.B) []byte {
	b.Helper()
	c, _ := benchClient(b, false)
	ctx := withLogging(b.Context())
	ri, err := c.alertsRoot().ToGetRequestInformation(ctx, &ig.RoleManagementAlertsAlertsRequestBuilderGetRequestConfiguration{
		QueryParameters: &ig.RoleManagementAlertsAlertsRequestBuilderGetQueryParameters{
			Filter: ptr(scopeFilter),
			Expand: expandValues(snapshotExpand),
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	body, err := c.send(ctx, opListAlerts, ri)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// decodeList decodes a list body as the snapshot does: one decode into
// the wire types, the tenant check of its alert ids, the conversion to
// Alert. It returns an error rather than taking a *testing.B so that a
// benchmark loop may call it without b.Helper's cost.
func decodeList(c *Client, body []byte) (*page[alertWire], []Alert, error) {
	if err := c.checkBody(body); err != nil {
		return nil, nil, err
	}
	var p page[alertWire]
	if err := c.decode(body, &p); err != nil {
		return nil, nil, err
	}
	alerts := make([]Alert, 0, len(p.Value))
	for i := range p.Value {
		a, err := c.alert(&p.Value[i], true)
		if err != nil {
			return nil, nil, err
		}
		alerts = append(alerts, a)
	}
	return &p, alerts, nil
}

// BenchmarkSnapshotHit is a resource read served by the snapshot: what each
// of a plan's refreshes costs after the first.
func BenchmarkSnapshotHit(b *testing.B) {
	c, srv := benchClient(b, true)
	ctx := b.Context()
	stale, _ := c.cat.Lookup(alerttypes.StaleSignIn)
	if _, err := c.GetConfiguration(ctx, stale); err != nil {
		b.Fatal(err)
	}
	srv.ResetRequests()
	names := c.cat.All()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		name := names[i%len(names)]
		i++
		if _, err := c.GetConfiguration(ctx, name); err != nil {
			b.Fatal(err)
		}
		if _, err := c.GetAlert(ctx, name, ExpandIncidents); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n := len(srv.GraphRequests()); n != 0 {
		b.Fatalf("%d Graph requests during the benchmark, want none", n)
	}
}

// BenchmarkSnapshotMiss is the same two reads without the snapshot, against
// the simulator without added latency: the floor of a Graph round trip on
// loopback (a real one adds Graph's latency, 100 ms and more).
func BenchmarkSnapshotMiss(b *testing.B) {
	c, _ := benchClient(b, false)
	ctx := b.Context()
	stale, _ := c.cat.Lookup(alerttypes.StaleSignIn)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetConfiguration(ctx, stale); err != nil {
			b.Fatal(err)
		}
		if _, err := c.GetAlert(ctx, stale, ExpandIncidents); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListDecode decodes the snapshot's list body (wire types, the
// tenant check, the conversion to Alert) as the snapshot does once per run.
func BenchmarkListDecode(b *testing.B) {
	c, _ := benchClient(b, false)
	body := snapshotListBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		_, alerts, err := decodeList(c, body)
		if err != nil {
			b.Fatal(err)
		}
		if len(alerts) != len(c.cat.Names()) {
			b.Fatalf("%d alerts decoded", len(alerts))
		}
	}
}

// BenchmarkConfigurationConversion maps the seven configurations of a list
// to Configuration and builds the PATCH body of a baseline update for each.
func BenchmarkConfigurationConversion(b *testing.B) {
	c, _ := benchClient(b, false)
	body := snapshotListBody(b)
	p, _, err := decodeList(c, body)
	if err != nil {
		b.Fatal(err)
	}
	var cfgs []*configurationWire
	for _, w := range p.Value {
		cfgs = append(cfgs, w.Configuration)
	}
	enabled := true
	updates := map[string]ConfigurationUpdate{
		alerttypes.TooManyGlobalAdmins: {Thresholds: alerttypes.Values{
			alerttypes.FieldGlobalAdminCountThreshold: alerttypes.IntValue(4), alerttypes.FieldPercentageOfGlobalAdminsOutOfRolesThreshold: alerttypes.IntValue(20)}},
		alerttypes.SequentialActivation: {Thresholds: alerttypes.Values{
			alerttypes.FieldSequentialActivationCounterThreshold: alerttypes.IntValue(5), alerttypes.FieldTimeIntervalBetweenActivations: alerttypes.DurationValue(time.Hour)}},
		alerttypes.StaleSignIn:         {Thresholds: alerttypes.Values{alerttypes.FieldDuration: alerttypes.DurationValue(45 * 24 * time.Hour)}},
		alerttypes.RedundantAssignment: {Thresholds: alerttypes.Values{alerttypes.FieldDuration: alerttypes.DurationValue(20 * 24 * time.Hour)}},
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range cfgs {
			cfg, err := c.configuration(w)
			if err != nil {
				b.Fatal(err)
			}
			u, ok := updates[cfg.Type.Suffix]
			if !ok {
				u = ConfigurationUpdate{Enabled: &enabled}
			}
			if _, err := configurationBody(cfg.Type, u); err != nil {
				b.Fatal(err)
			}
		}
	}
}

package provider_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/entrapim/terraform-provider-entrapim/internal/provider"
)

type payloadKey struct{}

// retained sends n ValidateResourceConfig requests to srv, each with a
// context holding 1 MiB and cancelled once answered (as gRPC does), and
// returns how much of that the server still holds.
func retained(t *testing.T, srv tfprotov6.ProviderServer, n int) int64 {
	t.Helper()
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ, ok := schemas.ResourceSchemas["entrapim_alert"].ValueType().(tftypes.Object)
	if !ok {
		t.Fatal("no entrapim_alert schema")
	}
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	attrs["alert_type"] = tftypes.NewValue(tftypes.String, "StaleSignInAlert")
	attrs["active"] = tftypes.NewValue(tftypes.Bool, false)
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range n {
		rctx, cancel := context.WithCancel(context.WithValue(ctx, payloadKey{}, make([]byte, 1<<20)))
		resp, err := srv.ValidateResourceConfig(rctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "entrapim_alert", Config: &config})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range resp.Diagnostics {
			t.Fatalf("%s: %s", d.Summary, d.Detail)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(srv)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// A provider process answers thousands of requests in a plan of many
// tenants; what it keeps of each must not add up.
func TestServerReleasesRequestContexts(t *testing.T) {
	const n, mib = 100, 1 << 20
	if got := retained(t, provider.NewServer(provider.New("test"), nil)(), n); got > 10*mib {
		t.Errorf("the server holds %d MiB after %d requests of 1 MiB contexts, want less than 10", got/mib, n)
	}
	// The reason for NewServer: the framework's own server keeps every
	// request's context. When this fails, a framework release has fixed
	// that, and NewServer can serve the framework's server as it is.
	if got := retained(t, providerserver.NewProtocol6(provider.New("test")())(), n); got < n/2*mib {
		t.Errorf("the framework's server holds only %d MiB after %d requests of 1 MiB contexts: it no longer keeps them", got/mib, n)
	}
}

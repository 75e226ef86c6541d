package provider

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewServer returns the protocol 6 server of the provider made by
// providerFunc: the framework's (providerserver.NewProtocol6), with the
// context of each request cut loose from the framework once the request
// is answered.
//
// terraform-plugin-framework v1.19.0 keeps the cancel function of every
// request's context for StopProvider (internal/proto6server/serve.go,
// registerContext appends to Server.contextCancels and only StopProvider
// empties it). Each of those keeps its context and, through its parents,
// everything terraform-plugin-go put there for the request: loggers,
// their fields, the gRPC stream. So a provider process kept about 15 KiB
// per request until it exited: 200 MiB of live heap at the end of a plan
// of 200 tenants (2,800 resources, about five requests each), and garbage
// collection that took longer with every request. Here the framework gets
// a context that answers as the request's until the request is answered
// and then lets go of it (released), so what the framework keeps of a
// request is its cancel function and two small contexts. StopProvider
// still cancels the framework's contexts of requests under way.
//
// onRequest, when not nil, is called at the start of every request it
// wraps (main counts them for gctune).
func NewServer(providerFunc func() provider.Provider, onRequest func()) func() tfprotov6.ProviderServer {
	if onRequest == nil {
		onRequest = func() {}
	}
	return func() tfprotov6.ProviderServer {
		fw := providerserver.NewProtocol6(providerFunc())()
		s := &server{ProviderServer: fw, onRequest: onRequest}
		// The framework's server has both.
		s.ListResourceServer, _ = fw.(tfprotov6.ListResourceServer)
		s.ActionServer, _ = fw.(tfprotov6.ActionServer)
		return s
	}
}

// server is the framework's server with its contexts released; the
// requests not listed here (schemas, StopProvider, ephemeral resources,
// which this provider does not have) pass through as they are.
//
// The list and action requests go to the framework's own methods, which
// tf6server finds by the embedded interfaces; their contexts are not
// released (ListResource and InvokeAction answer with a stream read after
// they return, and a plan has none of them).
type server struct {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	onRequest func()
}

var (
	_ tfprotov6.ListResourceServer = (*server)(nil)
	_ tfprotov6.ActionServer       = (*server)(nil)
)

// answer calls handle with a context that is released when it returns.
func answer[Req, Resp any](ctx context.Context, s *server, req Req, handle func(context.Context, Req) (Resp, error)) (Resp, error) {
	s.onRequest()
	rc, release := releasable(ctx)
	defer release()
	return handle(rc, req)
}

func (s *server) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.ConfigureProvider)
}

func (s *server) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.ValidateProviderConfig)
}

func (s *server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.ValidateResourceConfig)
}

func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.UpgradeResourceState)
}

func (s *server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.UpgradeResourceIdentity)
}

func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.ReadResource)
}

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.PlanResourceChange)
}

func (s *server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.ApplyResourceChange)
}

func (s *server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.ImportResourceState)
}

func (s *server) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.MoveResourceState)
}

func (s *server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.ValidateDataResourceConfig)
}

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.ReadDataSource)
}

func (s *server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return answer(ctx, s, req, s.ProviderServer.CallFunction)
}

// releasableContext answers as its parent until it is released, and then
// as a cancelled context without values, keeping nothing of the parent.
// Its Value answers the parent's cancelCtx and Done its channel, so
// context.WithCancel of it registers the child with that cancelCtx, as it
// would with the parent itself (no goroutine watches it).
type releasableContext struct {
	mu     sync.RWMutex
	parent context.Context // released once the request is answered
}

// released is what a releasableContext answers as once released.
var released = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// releasable returns a context that answers as ctx, and its release: it
// cancels the context (which ends the framework's child of it) and drops
// ctx. Values looked up afterwards are nil: goroutines a request leaves
// behind (a shared Graph read it started) log nothing more.
func releasable(ctx context.Context) (context.Context, func()) {
	inner, cancel := context.WithCancel(ctx)
	rc := &releasableContext{parent: inner}
	return rc, func() {
		cancel()
		rc.mu.Lock()
		rc.parent = released
		rc.mu.Unlock()
	}
}

func (c *releasableContext) get() context.Context {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.parent
}

func (c *releasableContext) Deadline() (time.Time, bool) { return c.get().Deadline() }
func (c *releasableContext) Done() <-chan struct{}       { return c.get().Done() }
func (c *releasableContext) Err() error                  { return c.get().Err() }
func (c *releasableContext) Value(key any) any           { return c.get().Value(key) }

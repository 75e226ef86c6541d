package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	abs "github.com/microsoft/kiota-abstractions-go"
	khttp "github.com/microsoft/kiota-http-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models/odataerrors"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// operation is one kind of call of the client: its name, which errors and
// logs carry, and the application permission it needs, which the error of
// a 403 names.
type operation struct {
	name       string
	permission string
}

// The permissions of the PIM alert APIs (microsoft-graph-docs-contrib
// api-reference/beta/includes/rbac-for-apis/rbac-pim-alerts-apis-{read,write}.md).
const (
	alertReadPermission  = "RoleManagementAlert.Read.Directory"
	alertWritePermission = "RoleManagementAlert.ReadWrite.Directory"
)

// readAlerts and writeAlerts are operations of the PIM alert APIs.
func readAlerts(name string) operation  { return operation{name, alertReadPermission} }
func writeAlerts(name string) operation { return operation{name, alertWritePermission} }

// errorMapping is what every generated builder passes to the adapter.
var errorMapping = abs.ErrorMappings{"XXX": odataerrors.CreateODataErrorFromDiscriminatorValue}

// maxPages bounds @odata.nextLink following, against a server that loops.
const maxPages = 1000

// send executes a GET built by an SDK request builder (or nextPage) through
// the request adapter and its middleware, and returns the raw body; error
// answers become *Error through the SDK's ODataError mapping.
func (c *Client) send(ctx context.Context, op operation, ri *abs.RequestInformation) ([]byte, error) {
	res, err := c.adapter.SendPrimitive(ctx, ri, "[]byte", errorMapping)
	if err != nil {
		return nil, c.wrapError(op, err)
	}
	body, _ := res.([]byte)
	if len(body) == 0 {
		return nil, &Error{Operation: op.name, Message: "Graph answered without a body"}
	}
	return body, nil
}

// get sends ri and decodes the body, once, into v, a wire type (wire.go).
// Before that, every alert id anywhere in the body (ids, @odata.context,
// next links, operation ids and locations) must name the client's tenant
// (checkBody): an answer for another tenant is not read at all.
func (c *Client) get(ctx context.Context, op operation, ri *abs.RequestInformation, v any) error {
	body, err := c.send(ctx, op, ri)
	if err != nil {
		return err
	}
	if err := c.checkBody(body); err != nil {
		return err
	}
	if err := c.decode(body, v); err != nil {
		return decodingError(op, err)
	}
	return nil
}

// decodeJSON is Client.decode outside tests.
func decodeJSON(body []byte, v any) error { return json.Unmarshal(body, v) }

// getPages sends ri and follows @odata.nextLink until the last page,
// passing the items of each page to use; a link seen before, or more than
// maxPages pages, is an error.
func getPages[T any](ctx context.Context, c *Client, op operation, ri *abs.RequestInformation, use func(items []T) error) error {
	seen := map[string]bool{}
	for pages := 1; ; pages++ {
		var p page[T]
		if err := c.get(ctx, op, ri, &p); err != nil {
			return err
		}
		if err := use(p.Value); err != nil {
			return err
		}
		if p.NextLink == "" {
			return nil
		}
		if seen[p.NextLink] || pages >= maxPages {
			return &Error{Operation: op.name, Message: fmt.Sprintf("paging does not end (next link %s after %d pages)", p.NextLink, pages)}
		}
		seen[p.NextLink] = true
		var err error
		if ri, err = nextPage(p.NextLink); err != nil {
			return c.wrapError(op, err)
		}
	}
}

// decodingError is the error of a body that is not the JSON expected, or
// holds a value the client cannot read.
func decodingError(op operation, err error) error {
	return &Error{Operation: op.name, Message: "decoding the response: " + err.Error(), Err: err}
}

// scoped adds the mandatory scope filter to a list request built by an SDK
// request builder (err: the error of building it), as the builder's
// QueryParameters.Filter would.
func scoped(ri *abs.RequestInformation, err error) (*abs.RequestInformation, error) {
	if err == nil {
		ri.QueryParameters["%24filter"] = scopeFilter
	}
	return ri, err
}

// nextPage is the GET of an absolute URL (an @odata.nextLink), as the
// builders' WithUrl(link).ToGetRequestInformation builds it.
func nextPage(link string) (*abs.RequestInformation, error) {
	u, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("next link %q: %w", link, err)
	}
	ri := abs.NewRequestInformation()
	ri.Method = abs.GET
	ri.SetUri(*u)
	ri.Headers.TryAdd("Accept", "application/json")
	return ri, nil
}

// startOperation sends an action that Graph answers 202 with a Location
// header naming a long-running operation, and returns that operation's id.
// The generated Post methods of actions return only an error, so the
// headers inspection handler, asked for through the request option post
// gets, is the one way to see Location.
func (c *Client) startOperation(op operation, post func(opts []abs.RequestOption) error) (string, error) {
	inspect := khttp.NewHeadersInspectionOptions()
	inspect.InspectResponseHeaders = true
	if err := post([]abs.RequestOption{inspect}); err != nil {
		return "", c.wrapError(op, err)
	}
	return operationIDFromLocation(op, inspect.GetResponseHeaders().Get("Location"))
}

// operationIDFromLocation takes the operation id from the Location header of
// a 202: the last path segment, percent-decoded
// (".../operations/refresh%3ADirectoryRole_…" → "refresh:DirectoryRole_…").
func operationIDFromLocation(op operation, values []string) (string, error) {
	var location string
	for _, v := range values {
		if v != "" {
			location = v
			break
		}
	}
	if location == "" {
		return "", &Error{Operation: op.name, Message: ErrMissingLocation.Error(), Err: ErrMissingLocation}
	}
	u, err := url.Parse(location)
	if err != nil {
		return "", &Error{Operation: op.name, Message: fmt.Sprintf("unreadable Location header %q: %v", location, err), Err: err}
	}
	escaped := strings.TrimRight(u.EscapedPath(), "/")
	if u.Opaque != "" && u.Host == "" && !strings.Contains(location, "/") {
		// A bare id ("refresh:DirectoryRole_…"), which url.Parse reads as
		// a scheme and an opaque part.
		escaped = location
	}
	segment := escaped[strings.LastIndexByte(escaped, '/')+1:]
	id, err := url.PathUnescape(segment)
	if err != nil || id == "" {
		return "", &Error{Operation: op.name, Message: fmt.Sprintf("no operation id in the Location header %q", location), Err: ErrMissingLocation}
	}
	return id, nil
}

// listAll converts the items of every page of the collection ri reads
// (buildErr: the error of building ri).
func listAll[W, T any](ctx context.Context, c *Client, op operation, ri *abs.RequestInformation, buildErr error, convert func(*W) (T, error)) ([]T, error) {
	if buildErr != nil {
		return nil, c.wrapError(op, buildErr)
	}
	out := []T{}
	err := getPages(ctx, c, op, ri, func(items []W) error {
		for i := range items {
			v, err := convert(&items[i])
			if err != nil {
				return decodingError(op, err)
			}
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// getByAlertID reads one object of the alert of at: build makes the
// request from the alert's id, convert converts the answer. An error of
// resolving the id is that of another request (ofOtherRequest): a 404 of
// the alert list does not say that the object is gone.
func getByAlertID[W, T any](ctx context.Context, c *Client, op operation, at alerttypes.AlertType,
	build func(id string) (*abs.RequestInformation, error), convert func(*W) (T, error)) (*T, error) {
	id, err := c.resolve(ctx, at)
	if err != nil {
		return nil, ofOtherRequest(failed(op.name, err))
	}
	ri, err := build(id)
	if err != nil {
		return nil, c.wrapError(op, err)
	}
	var w W
	if err := c.get(ctx, op, ri, &w); err != nil {
		return nil, err
	}
	v, err := convert(&w)
	if err != nil {
		return nil, decodingError(op, err)
	}
	return &v, nil
}

// infallible adapts a conversion that cannot fail to listAll and
// getByAlertID.
func infallible[W, T any](convert func(*W) T) func(*W) (T, error) {
	return func(w *W) (T, error) { return convert(w), nil }
}

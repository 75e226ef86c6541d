package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	abs "github.com/microsoft/kiota-abstractions-go"
	absser "github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models/odataerrors"
)

// errorMapping is what every generated builder passes to the adapter.
var errorMapping = abs.ErrorMappings{"XXX": odataerrors.CreateODataErrorFromDiscriminatorValue}

// maxPages bounds @odata.nextLink following, against a server that loops.
const maxPages = 1000

// send executes a GET built by an SDK request builder and returns the raw
// JSON body; error answers become *Error through the SDK's ODataError mapping.
//
// Reads go through the raw body instead of the builders' Get methods because
// the SDK's Edm.Duration parsing is lossy (see configurationFromModel): the
// body is parsed twice, once into the SDK models and once for the duration
// strings exactly as Graph sent them.
func (c *Client) send(ctx context.Context, op string, ri *abs.RequestInformation) ([]byte, error) {
	res, err := c.adapter.SendPrimitive(ctx, ri, "[]byte", errorMapping)
	if err != nil {
		return nil, c.wrapError(op, err)
	}
	body, _ := res.([]byte)
	if len(body) == 0 {
		return nil, &Error{Operation: op, Message: "Graph answered without a body"}
	}
	if err := c.tenant.checkBody(body); err != nil {
		return nil, err
	}
	return body, nil
}

// getPages sends ri and follows @odata.nextLink until the last page,
// passing each page decoded into the SDK model T, and its body, to use.
func getPages[T absser.Parsable](ctx context.Context, c *Client, op string, ri *abs.RequestInformation, factory absser.ParsableFactory, use func(page T, body []byte) error) error {
	return followPages(ctx, c, op, ri, func(body []byte) error {
		v, err := decode[T](c, op, body, factory)
		if err != nil {
			return err
		}
		return use(v, body)
	})
}

// followPages sends ri and follows @odata.nextLink until the last page,
// passing each page's body to use; a link seen before, or more than
// maxPages pages, is an error.
func followPages(ctx context.Context, c *Client, op string, ri *abs.RequestInformation, use func(body []byte) error) error {
	seen := map[string]bool{}
	for pages := 1; ; pages++ {
		body, err := c.send(ctx, op, ri)
		if err != nil {
			return err
		}
		if err := use(body); err != nil {
			return err
		}
		var page struct {
			NextLink string `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return decodingError(op, err)
		}
		if page.NextLink == "" {
			return nil
		}
		if seen[page.NextLink] || pages >= maxPages {
			return &Error{Operation: op, Message: fmt.Sprintf("paging does not end (next link %s after %d pages)", page.NextLink, pages)}
		}
		seen[page.NextLink] = true
		if ri, err = nextPage(page.NextLink); err != nil {
			return c.wrapError(op, err)
		}
	}
}

// decodingError is the error of a body that is not the JSON expected.
func decodingError(op string, err error) error {
	return &Error{Operation: op, Message: "decoding the response: " + err.Error(), Err: err}
}

// nextPage is the GET of an @odata.nextLink, an absolute URL, as the
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

// getOne sends ri and returns its body decoded into the SDK model T, and
// the body itself.
func getOne[T absser.Parsable](ctx context.Context, c *Client, op string, ri *abs.RequestInformation, factory absser.ParsableFactory) (T, []byte, error) {
	var zero T
	body, err := c.send(ctx, op, ri)
	if err != nil {
		return zero, nil, err
	}
	v, err := decode[T](c, op, body, factory)
	return v, body, err
}

// decode deserialises a JSON body into the SDK model T with the client's
// parse node factory.
func decode[T any](c *Client, op string, body []byte, factory absser.ParsableFactory) (T, error) {
	var zero T
	node, err := c.parseNodes.GetRootParseNode("application/json", body)
	if err == nil {
		var v absser.Parsable
		if v, err = node.GetObjectValue(factory); err == nil {
			if m, ok := v.(T); ok && v != nil {
				return m, nil
			}
			err = fmt.Errorf("unexpected document type %T", v)
		}
	}
	return zero, &Error{Operation: op, Message: "decoding the response: " + err.Error(), Err: err}
}

// alertIDs returns the ids in an alert collection body.
func alertIDs(body []byte) ([]string, error) {
	var page struct {
		Value []struct {
			ID string `json:"id"`
		} `json:"value"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, fmt.Errorf("decoding the alert list: %w", err)
	}
	ids := make([]string, 0, len(page.Value))
	for _, v := range page.Value {
		ids = append(ids, v.ID)
	}
	return ids, nil
}

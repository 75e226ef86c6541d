package graph

import (
	"context"
	"encoding/json"
	"fmt"

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
		return nil, wrapError(op, err)
	}
	body, _ := res.([]byte)
	if len(body) == 0 {
		return nil, &Error{Operation: op, Message: "Graph answered without a body"}
	}
	return body, nil
}

// sendPages sends ri and follows @odata.nextLink, built into a request by
// next (a builder's WithUrl), until the last page. It returns every page's body.
func (c *Client) sendPages(ctx context.Context, op string, ri *abs.RequestInformation, next func(url string) (*abs.RequestInformation, error)) ([][]byte, error) {
	var pages [][]byte
	seen := map[string]bool{}
	for {
		body, err := c.send(ctx, op, ri)
		if err != nil {
			return nil, err
		}
		pages = append(pages, body)
		var page struct {
			NextLink string `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, &Error{Operation: op, Message: "decoding the response: " + err.Error(), Err: err}
		}
		if page.NextLink == "" {
			return pages, nil
		}
		if seen[page.NextLink] || len(pages) >= maxPages {
			return nil, &Error{Operation: op, Message: fmt.Sprintf("paging does not end (next link %s after %d pages)", page.NextLink, len(pages))}
		}
		seen[page.NextLink] = true
		if ri, err = next(page.NextLink); err != nil {
			return nil, wrapError(op, err)
		}
	}
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

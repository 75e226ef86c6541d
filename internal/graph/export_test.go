package graph

import (
	"context"
	"time"
)

// ListAlertsWithoutScopeFilter sends the alerts list through the SDK builder
// without the mandatory scope filter, to provoke Graph's bare MissingProvider
// body. The provider never does this.
func (c *Client) ListAlertsWithoutScopeFilter(ctx context.Context) error {
	ctx = withLogging(ctx)
	_, err := c.alertsRoot().Get(ctx, nil)
	return c.wrapError(opListAlerts, err)
}

// SetPollIntervals shortens WaitOperation's backoff for tests.
func (c *Client) SetPollIntervals(start, limit time.Duration) {
	c.pollStart, c.pollMax = start, limit
}

// SetRetryBase shortens the retry backoff (when Graph sends no Retry-After)
// for tests.
func SetRetryBase(cfg *Config, d time.Duration) { cfg.retryBase = d }

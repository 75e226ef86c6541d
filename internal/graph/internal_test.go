package graph

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	abs "github.com/microsoft/kiota-abstractions-go"
	absser "github.com/microsoft/kiota-abstractions-go/serialization"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models/odataerrors"

	"github.com/entrapim/terraform-provider-entrapim/internal/alerttypes"
)

// serialize renders a model the way the request adapter does.
func serialize(t *testing.T, p absser.Parsable) map[string]any {
	t.Helper()
	w := jsonserialization.NewJsonSerializationWriter()
	var out map[string]any
	err := w.WriteObjectValue("", p)
	if err == nil {
		var b []byte
		if b, err = w.GetSerializedContent(); err == nil {
			err = json.Unmarshal(b, &out)
		}
	}
	if err != nil {
		t.Fatalf("serializing %T: %v", p, err)
	}
	return out
}

// TestConfigurationTypes checks the catalogue's @odata.type of every
// configuration against the SDK's discriminator: each names a derived type
// the SDK generated from Graph's metadata.
func TestConfigurationTypes(t *testing.T) {
	t.Parallel()
	for _, at := range alerttypes.Builtin().All() {
		node, err := jsonserialization.NewJsonParseNode([]byte(`{"@odata.type":"` + at.ConfigurationODataType + `"}`))
		if err != nil {
			t.Fatal(err)
		}
		v, err := node.GetObjectValue(models.CreateUnifiedRoleManagementAlertConfigurationFromDiscriminatorValue)
		if err != nil {
			t.Fatal(err)
		}
		if _, base := v.(*models.UnifiedRoleManagementAlertConfiguration); base {
			t.Errorf("%s: the SDK does not know the configuration type %s", at.Suffix, at.ConfigurationODataType)
		}
	}
}

func TestConfigurationBody(t *testing.T) {
	t.Parallel()
	mustType := func(s string) alerttypes.AlertType {
		at, ok := alerttypes.Builtin().Lookup(s)
		if !ok {
			t.Fatalf("no alert type %s", s)
		}
		return at
	}
	day := 24 * time.Hour
	tests := []struct {
		name      string
		alertType string
		update    ConfigurationUpdate
		want      map[string]any
		wantErr   string
	}{
		{
			name:      "ints only",
			alertType: alerttypes.TooManyGlobalAdmins,
			update:    ConfigurationUpdate{Thresholds: alerttypes.Values{"globalAdminCountThreshold": alerttypes.IntValue(5)}},
			want: map[string]any{
				"@odata.type":               "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration",
				"globalAdminCountThreshold": float64(5),
			},
		},
		{
			name:      "enabled only",
			alertType: alerttypes.InvalidLicense,
			update:    ConfigurationUpdate{Enabled: ptr(false)},
			want: map[string]any{
				"@odata.type": "#microsoft.graph.invalidLicenseAlertConfiguration",
				"isEnabled":   false,
			},
		},
		{
			// The SDK would emit "P1W" here.
			name:      "whole weeks stay days",
			alertType: alerttypes.StaleSignIn,
			update:    ConfigurationUpdate{Thresholds: alerttypes.Values{"duration": alerttypes.DurationValue(7 * day)}},
			want: map[string]any{
				"@odata.type": "#microsoft.graph.staleSignInAlertConfiguration",
				"duration":    "P7D",
			},
		},
		{
			// serialization.FromDuration(...).String() panics on this one.
			name:      "weeks plus time",
			alertType: alerttypes.SequentialActivation,
			update: ConfigurationUpdate{
				Enabled: ptr(true),
				Thresholds: alerttypes.Values{
					"sequentialActivationCounterThreshold": alerttypes.IntValue(4),
					"timeIntervalBetweenActivations":       alerttypes.DurationValue(7*day + time.Hour),
				},
			},
			want: map[string]any{
				"@odata.type":                          "#microsoft.graph.sequentialActivationRenewalsAlertConfiguration",
				"isEnabled":                            true,
				"sequentialActivationCounterThreshold": float64(4),
				"timeIntervalBetweenActivations":       "P7DT1H",
			},
		},
		{
			name:      "seconds",
			alertType: alerttypes.SequentialActivation,
			update:    ConfigurationUpdate{Thresholds: alerttypes.Values{"timeIntervalBetweenActivations": alerttypes.DurationValue(10 * time.Second)}},
			want: map[string]any{
				"@odata.type":                    "#microsoft.graph.sequentialActivationRenewalsAlertConfiguration",
				"timeIntervalBetweenActivations": "PT10S",
			},
		},
		{
			name:      "foreign field",
			alertType: alerttypes.StaleSignIn,
			update:    ConfigurationUpdate{Thresholds: alerttypes.Values{"globalAdminCountThreshold": alerttypes.IntValue(5)}},
			wantErr:   "not a threshold of StaleSignInAlert",
		},
		{
			name:      "no thresholds",
			alertType: alerttypes.NoMfaOnRoleActivation,
			update:    ConfigurationUpdate{Thresholds: alerttypes.Values{"duration": alerttypes.DurationValue(day)}},
			wantErr:   "has no thresholds",
		},
		{
			name:      "zero duration",
			alertType: alerttypes.RedundantAssignment,
			update:    ConfigurationUpdate{Thresholds: alerttypes.Values{"duration": {}}},
			wantErr:   "positive duration",
		},
		{
			name:      "negative duration",
			alertType: alerttypes.RedundantAssignment,
			update:    ConfigurationUpdate{Thresholds: alerttypes.Values{"duration": alerttypes.DurationValue(-day)}},
			wantErr:   "positive duration",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body, err := configurationBody(mustType(tt.alertType), tt.update)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := serialize(t, body)
			gotJSON, _ := json.Marshal(got)
			wantJSON, _ := json.Marshal(tt.want)
			if string(gotJSON) != string(wantJSON) {
				t.Errorf("body = %s, want %s", gotJSON, wantJSON)
			}
		})
	}
	if !(ConfigurationUpdate{}).Empty() || (ConfigurationUpdate{Enabled: ptr(true)}).Empty() {
		t.Error("Empty is wrong")
	}
	if _, err := configurationBody(alerttypes.AlertType{}, ConfigurationUpdate{Enabled: ptr(true)}); !errors.Is(err, ErrNoAlertType) {
		t.Errorf("the zero alert type: %v", err)
	}
}

// The thresholds of configurations, wherever they are nested, come from
// the catalogue reading the bytes Graph sent, "PT10S" included (the SDK's
// parser reads it as zero).
func TestConfigurationThresholds(t *testing.T) {
	t.Parallel()
	c := &Client{cat: alerttypes.Builtin(), decode: decodeJSON}
	body := `{"value":[
		{"id":"a1","isActive":true,"alertConfiguration":{"@odata.type":"#microsoft.graph.staleSignInAlertConfiguration","id":"a1","duration":"PT720H"}},
		{"id":"a2","alertConfiguration":{"@odata.type":"#microsoft.graph.sequentialActivationRenewalsAlertConfiguration","id":"a2","timeIntervalBetweenActivations":"PT10S","sequentialActivationCounterThreshold":3}},
		{"id":"a3","alertConfiguration":{"@odata.type":"#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration","id":"a3","globalAdminCountThreshold":3}},
		{"id":"a4","alertConfiguration":{"@odata.type":"#microsoft.graph.invalidLicenseAlertConfiguration","id":"a4","isEnabled":true}}
	]}`
	var p page[alertWire]
	if err := c.decode([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	got := map[string]alerttypes.Values{}
	for i := range p.Value {
		a, err := c.alert(&p.Value[i], false)
		if err != nil {
			t.Fatal(err)
		}
		got[a.ID] = a.Configuration.Thresholds
	}
	want := map[string]alerttypes.Values{
		"a1": {"duration": alerttypes.DurationValue(720 * time.Hour)},
		"a2": {"timeIntervalBetweenActivations": alerttypes.DurationValue(10 * time.Second), "sequentialActivationCounterThreshold": alerttypes.IntValue(3)},
		"a3": {"globalAdminCountThreshold": alerttypes.IntValue(3)},
		"a4": {},
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("thresholds = %s, want %s", gotJSON, wantJSON)
	}
	var w configurationWire
	if err := c.decode([]byte(`{"@odata.type":"#microsoft.graph.staleSignInAlertConfiguration","id":"a1","duration":"P1M"}`), &w); err != nil {
		t.Fatal(err)
	}
	if _, err := c.configuration(&w); err == nil || !strings.Contains(err.Error(), "months") {
		t.Errorf("a duration the catalogue cannot read: %v", err)
	}
}

func TestTimeValue(t *testing.T) {
	t.Parallel()
	read := func(s string) *wireTime {
		var w *wireTime
		if err := json.Unmarshal([]byte(s), &w); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		return w
	}
	if got := read(`"0001-01-01T08:00:00Z"`).value(); got != nil {
		t.Errorf("sentinel -> %v, want nil", got)
	}
	if got := read(`null`).value(); got != nil {
		t.Errorf("null -> %v", got)
	}
	when := time.Date(2025, 3, 4, 5, 6, 7, 0, time.FixedZone("x", 3600))
	if got := read(`"2025-03-04T05:06:07+01:00"`).value(); got == nil || !got.Equal(when) || got.Location() != time.UTC {
		t.Errorf("when -> %v", got)
	}
	// Seven fractional digits, as Graph writes operation times.
	if got := read(`"2023-06-09T22:50:41.5414467Z"`).value(); got == nil || got.Nanosecond() != 541446700 {
		t.Errorf("fractions -> %v", got)
	}
	if got := read(`"2025-03-04T05:06:07"`).value(); got == nil || !got.Equal(time.Date(2025, 3, 4, 5, 6, 7, 0, time.Local)) {
		t.Errorf("no zone -> %v, want local time as the SDK reads it", got)
	}
	var w wireTime
	if err := json.Unmarshal([]byte(`null`), &w); err != nil || w.value() != nil {
		t.Errorf("null into a wireTime -> %v, %v", w.value(), err)
	}
	if err := json.Unmarshal([]byte(`17`), &w); err == nil {
		t.Error("a number read as a time")
	}
}

func TestOperationIDFromLocation(t *testing.T) {
	t.Parallel()
	for location, want := range map[string]string{
		"https://graph.microsoft.com/beta/identityGovernance/roleManagementAlerts/operations/refresh%3ADirectoryRole_abc_StaleSignInAlert": "refresh:DirectoryRole_abc_StaleSignInAlert",
		"https://127.0.0.1:1234/beta/identityGovernance/roleManagementAlerts/operations/refresh:DirectoryRole_abc_X":                       "refresh:DirectoryRole_abc_X",
		"/beta/identityGovernance/roleManagementAlerts/operations/0b1f%2Fx/":                                                               "0b1f/x",
		"refresh:DirectoryRole_abc_X":   "refresh:DirectoryRole_abc_X",
		"refresh%3ADirectoryRole_abc_X": "refresh:DirectoryRole_abc_X",
	} {
		if got, err := operationIDFromLocation(opRefreshAlert, []string{"", location}); err != nil || got != want {
			t.Errorf("%s -> %q, %v; want %q", location, got, err, want)
		}
	}
	_, err := operationIDFromLocation(opRefreshAlert, nil)
	var ge *Error
	if !errors.Is(err, ErrMissingLocation) || !errors.As(err, &ge) || ge.Operation != "refresh alert" {
		t.Errorf("missing Location -> %v", err)
	}
}

// parseODataError builds the error the SDK returns for body.
func parseODataError(t *testing.T, status int, body string, headers map[string]string) *odataerrors.ODataError {
	t.Helper()
	node, err := jsonserialization.NewJsonParseNode([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	v, err := node.GetObjectValue(odataerrors.CreateODataErrorFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	oe, ok := v.(*odataerrors.ODataError)
	if !ok {
		t.Fatalf("parsed %T", v)
	}
	oe.SetStatusCode(status)
	h := abs.NewResponseHeaders()
	for k, v := range headers {
		h.Add(k, v)
	}
	oe.SetResponseHeaders(h)
	return oe
}

func TestWrapErrorMissingProvider(t *testing.T) {
	t.Parallel()
	oe := parseODataError(t, 400, `{"errorCode":"MissingProvider","message":"The provider is missing."}`, map[string]string{"request-id": "rid-1"})
	err := wrapError("list alerts", oe)
	var ge *Error
	if !errors.As(err, &ge) {
		t.Fatalf("%T is not *Error", err)
	}
	if ge.StatusCode != 400 || ge.Code != "MissingProvider" || ge.Message != "The provider is missing." || ge.RequestID != "rid-1" {
		t.Errorf("got %+v", ge)
	}
	if want := "list alerts: 400 MissingProvider: The provider is missing. (request-id rid-1)"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	// The repaired SDK error no longer panics when printed.
	if got := oe.Error(); got != "The provider is missing." {
		t.Errorf("ODataError.Error() = %q", got)
	}
}

func TestWrapErrorEnvelope(t *testing.T) {
	t.Parallel()
	oe := parseODataError(t, 404, `{"error":{"code":"NotFound","message":"gone","innerError":{"request-id":"inner-rid","client-request-id":"crid","date":"2025-01-01T00:00:00"}}}`,
		map[string]string{"request-id": "header-rid"})
	err := wrapError("get incident", oe)
	var ge *Error
	if !errors.As(err, &ge) || ge.Code != "NotFound" || ge.Message != "gone" || ge.RequestID != "inner-rid" || ge.ClientRequestID != "crid" {
		t.Fatalf("got %+v", ge)
	}
	if !IsNotFound(err) || IsThrottled(err) {
		t.Errorf("IsNotFound/IsThrottled wrong for %v", err)
	}
	// Message-less envelope: the SDK's Error() would dereference nil.
	oe = parseODataError(t, 503, `{"error":{"code":"ServiceNotAvailable"}}`, nil)
	err = wrapError("get alert", oe)
	if !IsThrottled(err) || !strings.Contains(err.Error(), "503 ServiceNotAvailable") {
		t.Errorf("got %v", err)
	}
	_ = oe.Error() // must not panic
}

func TestWrapErrorEmptyBodyAndTransport(t *testing.T) {
	t.Parallel()
	h := abs.NewResponseHeaders()
	h.Add("request-id", "rid-2")
	err := wrapError("get alert", &abs.ApiError{Message: "no body", ResponseStatusCode: http.StatusTooManyRequests, ResponseHeaders: h})
	var ge *Error
	if !errors.As(err, &ge) || ge.StatusCode != 429 || ge.RequestID != "rid-2" || !IsThrottled(err) {
		t.Errorf("got %+v", ge)
	}
	cause := errors.New("connection reset")
	err = wrapError("get alert", cause)
	if !errors.As(err, &ge) || ge.StatusCode != 0 || !errors.Is(err, cause) || err.Error() != "get alert: connection reset" {
		t.Errorf("got %v", err)
	}
	if wrapError("x", nil) != nil {
		t.Error("nil error wrapped")
	}
}

func TestParseEndpoint(t *testing.T) {
	t.Parallel()
	ok := map[string]string{
		"https://graph.microsoft.com":  "https://graph.microsoft.com",
		"https://graph.microsoft.com/": "https://graph.microsoft.com",
		"HTTPS://graph.microsoft.com":  "https://graph.microsoft.com",
		"http://127.0.0.1:8080":        "http://127.0.0.1:8080",
		"http://localhost:1":           "http://localhost:1",
		"http://[::1]:1":               "http://[::1]:1",
		"https://127.0.0.1:4443":       "https://127.0.0.1:4443",
	}
	for in, want := range ok {
		got, err := ParseEndpoint(in, false)
		if err != nil || got.String() != want {
			t.Errorf("ParseEndpoint(%q) = %v, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{
		"", "graph.microsoft.com", "http://graph.microsoft.com", "https://graph.microsoft.com/beta", "ftp://x",
		"https://u:p@graph.microsoft.com", "https://graph.microsoft.com?x=1", "https://graph.microsoft.com#x", "http://127.0.0.1.evil.com",
	} {
		if got, err := ParseEndpoint(in, false); err == nil {
			t.Errorf("ParseEndpoint(%q) = %v, want an error", in, got)
		}
	}
	if got, err := ParseEndpoint("https://login.example.com/adfs/", true); err != nil || got.String() != "https://login.example.com/adfs" {
		t.Errorf("authority with path: %v, %v", got, err)
	}
}

// Polling keeps going through what may pass (throttling, a dropped
// connection) and stops on what stays: a token that cannot be had, an
// untrusted certificate, an answer that cannot be read.
func TestTransient(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		err  error
		want bool
	}{
		"throttled":          {&Error{StatusCode: http.StatusTooManyRequests}, true},
		"unavailable":        {&Error{StatusCode: http.StatusServiceUnavailable}, true},
		"connection dropped": {&Error{Err: &url.Error{Op: "Get", URL: "https://graph", Err: io.EOF}}, true},
		"connection reset":   {&Error{Err: fmt.Errorf("read: %w", syscall.ECONNRESET)}, true},
		"not found":          {&Error{StatusCode: http.StatusNotFound}, false},
		"token":              {&Error{Err: errors.New("ClientSecretCredential authentication failed: AADSTS7000222: the secret has expired")}, false},
		"untrusted":          {&Error{Err: &url.Error{Op: "Get", URL: "https://graph", Err: x509.UnknownAuthorityError{}}}, false},
		"unreadable answer":  {&Error{Message: "decoding the response", Err: errors.New("invalid character")}, false},
		"not a Graph error":  {io.EOF, false},
	} {
		if got := transient(c.err); got != c.want {
			t.Errorf("%s: transient = %v, want %v", name, got, c.want)
		}
	}
}

// An operation has ended once its status is anything but notStarted or
// running, also a status the SDK does not know.
func TestOperationFinal(t *testing.T) {
	t.Parallel()
	for status, want := range map[string]bool{"": false, "notStarted": false, "running": false, "succeeded": true, "failed": true, "skipped": true, "unknownFutureValue": true} {
		if got := (&Operation{Status: status}).Final(); got != want {
			t.Errorf("%q: Final = %v, want %v", status, got, want)
		}
	}
}

// Only the Graph request marks a write as sent: another request made with
// the same context (a token request, which azidentity sends through its
// own client) does not.
func TestWroteMarksOnlyGraphRequests(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	var wrote atomic.Bool
	ctx := context.WithValue(t.Context(), wroteKey{}, &wrote)
	send := func(rt http.RoundTripper) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	send(http.DefaultTransport) // as a token request would go
	if wrote.Load() {
		t.Fatal("a request outside the Graph pipeline marked the write as sent")
	}
	send(loggingTransport{next: http.DefaultTransport})
	if !wrote.Load() {
		t.Fatal("the Graph request did not mark the write as sent")
	}
}

package arklet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Top-level and data codes as arklet and sofa-ark write them.
const (
	CodeSuccess       = "SUCCESS"
	CodeFailed        = "FAILED"
	CodeCmdNotFound   = "CMD_NOT_FOUND"
	CodeInternalError = "CMD_PROCESS_INTERNAL_ERROR"
	CodeRepeatBiz     = "REPEAT_BIZ"
	CodeNotFoundBiz   = "NOT_FOUND_BIZ"
)

// Biz states (compare with EqualFold: the wire uses lowercase since runtime 1.3.0, uppercase before).
const (
	StateResolved    = "resolved"
	StateActivated   = "activated"
	StateDeactivated = "deactivated"
	StateBroken      = "broken"
	StateStopped     = "stopped"
)

// Response is arklet's envelope. Extra holds any further JSON objects that followed the first in the
// same close-delimited body (arklet writes a second response after CMD_NOT_FOUND).
type Response struct {
	BaseIdentity    string          `json:"baseIdentity,omitempty"`
	Code            string          `json:"code"`
	Message         string          `json:"message,omitempty"`
	ErrorStackTrace string          `json:"errorStackTrace,omitempty"`
	Data            json.RawMessage `json:"data,omitempty"`
	Extra           []Response      `json:"-"`
}

// OK reports whether the top-level code is SUCCESS.
func (r *Response) OK() bool { return strings.EqualFold(r.Code, CodeSuccess) }

// ClientResponse is sofa-ark's result object, the data of install/uninstall/switch.
type ClientResponse struct {
	Code         string            `json:"code"`
	Message      string            `json:"message,omitempty"`
	ElapsedSpace int64             `json:"elapsedSpace,omitempty"`
	BizInfos     []json.RawMessage `json:"bizInfos,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler leniently, as BizInfo does: code and message of
// another JSON type are read as text, elapsedSpace as a number wherever it can be, bizInfos
// only when it is an array; unknown fields are ignored. Only a value that is not a JSON object
// is an error.
func (c *ClientResponse) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*c = ClientResponse{Code: text(m["code"]), Message: text(m["message"])}
	if f, err := strconv.ParseFloat(strings.TrimSpace(text(m["elapsedSpace"])), 64); err == nil {
		c.ElapsedSpace = int64(f)
	}
	_ = json.Unmarshal(m["bizInfos"], &c.BizInfos)
	return nil
}

// dataResult decodes data.code and data.message when data is an object.
func (r *Response) dataResult() ClientResponse {
	var cr ClientResponse
	if len(r.Data) > 0 && r.Data[0] == '{' {
		_ = json.Unmarshal(r.Data, &cr)
	}
	return cr
}

// CommandError is a command that reached arklet and did not succeed.
type CommandError struct {
	Command         string
	Code            string // top-level code
	DataCode        string // data.code (sofa-ark ResponseCode) when present
	Message         string // top-level message, else data.message
	ErrorStackTrace string
}

func (e *CommandError) Error() string {
	s := e.Command + ": " + e.Code
	if e.DataCode != "" {
		s += "/" + e.DataCode
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

func commandError(cmd string, r *Response) *CommandError {
	cr := r.dataResult()
	msg := r.Message
	if cr.Message != "" && (msg == "" || strings.Contains(msg, "not success")) {
		if msg != "" {
			msg += ": "
		}
		msg += cr.Message
	}
	return &CommandError{Command: cmd, Code: r.Code, DataCode: cr.Code, Message: msg, ErrorStackTrace: r.ErrorStackTrace}
}

// ErrTimeout marks a call that got no complete answer in time.
var ErrTimeout = errors.New("no answer in time")

// Client talks to one base's arklet. The zero value is not usable; use New.
type Client struct {
	base string
	http *http.Client
	// Timeout bounds each call except install and uninstall (default 10s).
	Timeout time.Duration
	// OpTimeout bounds installBiz, batchInstallBiz and uninstallBiz, which run the module's start or
	// stop synchronously (default 2m).
	OpTimeout time.Duration

	healthMu sync.Mutex // arklet's HealthServiceImpl is not safe for concurrent calls
	helpMu   sync.Mutex
	help     map[string]bool
}

// New returns a client for an arklet base URL such as http://127.0.0.1:1238.
func New(baseURL string) *Client {
	tr := &http.Transport{DisableKeepAlives: true, Proxy: nil}
	return &Client{base: strings.TrimRight(baseURL, "/"), http: &http.Client{Transport: tr},
		Timeout: 10 * time.Second, OpTimeout: 2 * time.Minute}
}

// BaseURL returns the arklet base URL.
func (c *Client) BaseURL() string { return c.base }

// Do POSTs a JSON object (nil sends {}) to /<cmd> and decodes the envelope. It returns an error only
// when no well-formed envelope came back (transport error, timeout, non-200, not JSON); a command
// that failed is a Response whose Code is not SUCCESS.
func (c *Client) Do(ctx context.Context, cmd string, body any, timeout time.Duration) (*Response, error) {
	if body == nil {
		body = struct{}{}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("%s: encode request: %w", cmd, err)
	}
	if timeout <= 0 {
		timeout = c.Timeout
	}
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, ErrTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/"+cmd, bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Close = true
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.wrap(ctx, cmd, timeout, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, c.wrap(ctx, cmd, timeout, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: http %d: %s", cmd, resp.StatusCode, excerpt(raw))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	var out Response
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("%s: decode response: %w (body %q)", cmd, err, excerpt(raw))
	}
	for dec.More() {
		var extra Response
		if dec.Decode(&extra) != nil {
			break
		}
		out.Extra = append(out.Extra, extra)
	}
	return &out, nil
}

func (c *Client) wrap(ctx context.Context, cmd string, timeout time.Duration, err error) error {
	if errors.Is(context.Cause(ctx), ErrTimeout) {
		return fmt.Errorf("%s: %w after %s", cmd, ErrTimeout, timeout)
	}
	return fmt.Errorf("%s: %w", cmd, err)
}

func excerpt(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// call runs a command and turns a non-SUCCESS code into a *CommandError.
func (c *Client) call(ctx context.Context, cmd string, body any, timeout time.Duration, data any) (*Response, error) {
	r, err := c.Do(ctx, cmd, body, timeout)
	if err != nil {
		return nil, err
	}
	if !r.OK() {
		return r, commandError(cmd, r)
	}
	if data != nil && len(r.Data) > 0 {
		if err := json.Unmarshal(r.Data, data); err != nil {
			return r, fmt.Errorf("%s: decode data: %w", cmd, err)
		}
	}
	return r, nil
}

// CommandInfo is one entry of help.
type CommandInfo struct {
	ID   string `json:"id"`
	Desc string `json:"desc"`
}

// Help lists the commands the base supports.
func (c *Client) Help(ctx context.Context) ([]CommandInfo, error) {
	var out []CommandInfo
	_, err := c.call(ctx, "help", nil, 0, &out)
	return out, err
}

// Supports reports whether the base lists a command in help (cached after the first call).
func (c *Client) Supports(ctx context.Context, cmd string) (bool, error) {
	c.helpMu.Lock()
	defer c.helpMu.Unlock()
	if c.help == nil {
		cmds, err := c.Help(ctx)
		if err != nil {
			return false, err
		}
		c.help = map[string]bool{}
		for _, ci := range cmds {
			c.help[ci.ID] = true
		}
	}
	return c.help[cmd], nil
}

// InstallRequest is the input of installBiz (and one item of batchInstallBiz).
type InstallRequest struct {
	BizName         string            `json:"bizName"`
	BizVersion      string            `json:"bizVersion"`
	BizURL          string            `json:"bizUrl"`
	Args            []string          `json:"args,omitempty"`
	Envs            map[string]string `json:"envs,omitempty"`
	InstallStrategy string            `json:"installStrategy,omitempty"`
}

// InstallBiz installs a module synchronously. A non-SUCCESS answer is a *CommandError (DataCode
// REPEAT_BIZ for a duplicate; Code CMD_PROCESS_INTERNAL_ERROR when the module's main threw).
func (c *Client) InstallBiz(ctx context.Context, req InstallRequest) (*ClientResponse, error) {
	if req.BizName == "" || req.BizVersion == "" || req.BizURL == "" {
		return nil, fmt.Errorf("installBiz: bizName, bizVersion and bizUrl are required")
	}
	var cr ClientResponse
	if _, err := c.call(ctx, "installBiz", req, c.OpTimeout, &cr); err != nil {
		return nil, err
	}
	return &cr, nil
}

// BatchInstallBiz installs several modules in one call (runtime >= 1.4.1 / 2.1.11 only; check
// Supports first). The map is keyed by bizUrl.
func (c *Client) BatchInstallBiz(ctx context.Context, reqs []InstallRequest) (map[string]ClientResponse, error) {
	var data struct {
		BizURLToResponse map[string]ClientResponse `json:"bizUrlToResponse"`
	}
	r, err := c.Do(ctx, "batchInstallBiz", map[string]any{"bizList": reqs}, c.OpTimeout)
	if err != nil {
		return nil, err
	}
	if len(r.Data) > 0 && r.Data[0] == '{' {
		_ = json.Unmarshal(r.Data, &data)
	}
	if !r.OK() {
		return data.BizURLToResponse, commandError("batchInstallBiz", r)
	}
	return data.BizURLToResponse, nil
}

// UninstallBiz uninstalls a module synchronously. An answer of FAILED with data.code NOT_FOUND_BIZ
// means the module was not installed: that is no error, and alreadyGone is true.
func (c *Client) UninstallBiz(ctx context.Context, name, version string) (alreadyGone bool, err error) {
	if name == "" || version == "" {
		return false, fmt.Errorf("uninstallBiz: bizName and bizVersion are required")
	}
	r, err := c.call(ctx, "uninstallBiz", map[string]string{"bizName": name, "bizVersion": version}, c.OpTimeout, nil)
	var ce *CommandError
	if errors.As(err, &ce) && strings.EqualFold(ce.Code, CodeFailed) && strings.EqualFold(ce.DataCode, CodeNotFoundBiz) {
		return true, nil
	}
	_ = r
	return false, err
}

// StateRecord is one entry of bizStateRecords. It decodes leniently: a base's JSON serializer
// decides how a java.util.Date and an enum look (fastjson 1 writes epoch millis, fastjson2 may
// write a date string), so a field of an unexpected shape is kept as text or left empty, and
// unknown fields are ignored; a record never fails the decode of its biz.
type StateRecord struct {
	ChangeTime Time   `json:"changeTime"`
	State      string `json:"state"`
	Reason     string `json:"reason,omitempty"`
	Message    string `json:"message,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler leniently (see StateRecord).
func (s *StateRecord) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		*s = StateRecord{}
		return nil
	}
	*s = StateRecord{State: text(m["state"]), Reason: text(m["reason"]), Message: text(m["message"])}
	return s.ChangeTime.UnmarshalJSON(m["changeTime"])
}

// Time is a state change time as a base writes it: epoch milliseconds (a number, or a number in a
// string), or a date string (RFC 3339, or "yyyy-MM-dd HH:mm:ss[.SSS]" in UTC). Raw keeps the
// value as sent; Millis is 0 when it could not be read, which is no decode error.
type Time struct {
	Millis int64
	Raw    string
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"}

// UnmarshalJSON implements json.Unmarshaler; it never fails.
func (t *Time) UnmarshalJSON(b []byte) error {
	*t = Time{Raw: text(b)}
	s := strings.TrimSpace(t.Raw)
	if s == "" {
		return nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		t.Millis = int64(f)
		return nil
	}
	for _, l := range timeLayouts {
		if tm, err := time.Parse(l, s); err == nil {
			t.Millis = tm.UnixMilli()
			return nil
		}
	}
	return nil
}

// MarshalJSON writes the time as it came (a number stays a number).
func (t Time) MarshalJSON() ([]byte, error) {
	if t.Raw == "" {
		return []byte("0"), nil
	}
	if _, err := strconv.ParseFloat(t.Raw, 64); err == nil {
		return []byte(t.Raw), nil
	}
	return json.Marshal(t.Raw)
}

// text reads a JSON scalar as text: a string unquoted, a number or boolean as written, null and
// anything else (an object, an array) as "".
func text(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	case '{', '[', 'n':
		return ""
	default:
		return string(raw)
	}
}

// BizInfo is a module as queryAllBiz and health describe it. It decodes leniently: scalar fields
// of another JSON type are read as text, unknown fields are ignored and a bizStateRecords entry
// that is not an object is skipped, so that one odd field never loses the whole answer.
type BizInfo struct {
	BizName         string        `json:"bizName"`
	BizVersion      string        `json:"bizVersion"`
	BizState        string        `json:"bizState"`
	MainClass       string        `json:"mainClass,omitempty"`
	WebContextPath  string        `json:"webContextPath,omitempty"`
	BizStateRecords []StateRecord `json:"bizStateRecords,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler leniently (see BizInfo). Only a value that is not a
// JSON object is an error.
func (b *BizInfo) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*b = BizInfo{BizName: text(m["bizName"]), BizVersion: text(m["bizVersion"]), BizState: text(m["bizState"]),
		MainClass: text(m["mainClass"]), WebContextPath: text(m["webContextPath"])}
	var recs []json.RawMessage
	if json.Unmarshal(m["bizStateRecords"], &recs) == nil {
		for _, r := range recs {
			if r = bytes.TrimSpace(r); len(r) > 0 && r[0] == '{' {
				var sr StateRecord
				_ = sr.UnmarshalJSON(r)
				b.BizStateRecords = append(b.BizStateRecords, sr)
			}
		}
	}
	return nil
}

// Identity is bizName:bizVersion.
func (b BizInfo) Identity() string { return b.BizName + ":" + b.BizVersion }

// Is compares the state case-insensitively.
func (b BizInfo) Is(state string) bool { return strings.EqualFold(b.BizState, state) }

// QueryAllBiz lists the installed modules (the master biz excluded).
func (c *Client) QueryAllBiz(ctx context.Context) ([]BizInfo, error) {
	var out []BizInfo
	_, err := c.call(ctx, "queryAllBiz", nil, 0, &out)
	return out, err
}

// JVM is the health "jvm" section. Field names on the wire are arklet's exact spaced strings.
// Metaspace values are bytes (-1 when unbounded); "(M)" values are megabytes.
type JVM struct {
	LoadedClassCount        float64 `json:"loaded class count"`
	UnloadClassCount        float64 `json:"unload class count"`
	TotalClassCount         float64 `json:"total class count"`
	UsedMetaspace           float64 `json:"java used metaspace"`
	CommittedMetaspace      float64 `json:"java committed metaspace"`
	MaxMetaspace            float64 `json:"java max metaspace"`
	UsedHeapMemoryM         float64 `json:"used heap memory(M)"`
	CommittedHeapMemoryM    float64 `json:"committed heap memory(M)"`
	MaxHeapMemoryM          float64 `json:"max heap memory(M)"`
	UsedNonHeapMemoryM      float64 `json:"used non heap memory(M)"`
	CommittedNonHeapMemoryM float64 `json:"committed non heap memory(M)"`
	FreeMemoryM             float64 `json:"free memory(M)"`
	TotalMemoryM            float64 `json:"total memory(M)"`
	MaxMemoryM              float64 `json:"max memory(M)"`
	RunTimeS                float64 `json:"run time(s)"`
	JavaVersion             string  `json:"java version"`
	JavaHome                string  `json:"java home"`
}

// HealthData is data.healthData; absent sections are nil.
type HealthData struct {
	MasterBizInfo *BizInfo       `json:"masterBizInfo,omitempty"`
	JVM           *JVM           `json:"jvm,omitempty"`
	CPU           map[string]any `json:"cpu,omitempty"`
	BizListInfo   []BizInfo      `json:"bizListInfo,omitempty"`
	BizInfo       *BizInfo       `json:"bizInfo,omitempty"`
}

// HealthRequest is the input of health; the zero value asks for everything.
type HealthRequest struct {
	Type       string   `json:"type,omitempty"`
	BizName    string   `json:"bizName,omitempty"`
	BizVersion string   `json:"bizVersion,omitempty"`
	Metrics    []string `json:"metrics,omitempty"`
}

// Health queries health. Calls are serialized: arklet's health service is not thread-safe.
func (c *Client) Health(ctx context.Context, req HealthRequest) (*HealthData, error) {
	c.healthMu.Lock()
	defer c.healthMu.Unlock()
	var data struct {
		HealthData HealthData `json:"healthData"`
	}
	if _, err := c.call(ctx, "health", req, 0, &data); err != nil {
		return nil, err
	}
	return &data.HealthData, nil
}

// Ready reports whether health answers SUCCESS with the master biz activated.
func (c *Client) Ready(ctx context.Context) error {
	h, err := c.Health(ctx, HealthRequest{})
	if err != nil {
		return err
	}
	if h.MasterBizInfo == nil || !h.MasterBizInfo.Is(StateActivated) {
		st := "missing"
		if h.MasterBizInfo != nil {
			st = h.MasterBizInfo.BizState
		}
		return fmt.Errorf("health: master biz not activated (%s)", st)
	}
	return nil
}

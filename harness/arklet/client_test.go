package arklet

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeArklet replays raw arklet answers the way the Netty tunnel writes them: status line, no
// Content-Length, no Content-Type, the body, then the connection is closed.
type fakeArklet struct {
	t        *testing.T
	ln       net.Listener
	mu       sync.Mutex
	bodies   map[string][]string // path -> request bodies seen
	replies  map[string]string   // path -> raw body ("" with noReply = hang)
	noReply  map[string]bool
	delay    map[string]time.Duration
	inHealth atomic.Int32
	maxHC    atomic.Int32
	done     chan struct{}
}

func newFake(t *testing.T) *fakeArklet {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeArklet{t: t, ln: ln, bodies: map[string][]string{}, replies: map[string]string{},
		noReply: map[string]bool{}, delay: map[string]time.Duration{}, done: make(chan struct{})}
	go f.serve()
	t.Cleanup(func() { close(f.done); ln.Close() })
	return f
}

func (f *fakeArklet) url() string { return "http://" + f.ln.Addr().String() }

func (f *fakeArklet) serve() {
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		go f.handle(c)
	}
}

func (f *fakeArklet) handle(c net.Conn) {
	defer c.Close()
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return
	}
	b, _ := io.ReadAll(req.Body)
	path := req.URL.Path
	f.mu.Lock()
	f.bodies[path] = append(f.bodies[path], string(b))
	reply, hang, delay := f.replies[path], f.noReply[path], f.delay[path]
	f.mu.Unlock()
	if path == "/health" {
		n := f.inHealth.Add(1)
		for {
			m := f.maxHC.Load()
			if n <= m || f.maxHC.CompareAndSwap(m, n) {
				break
			}
		}
		defer f.inHealth.Add(-1)
	}
	if req.Method != http.MethodPost {
		io.WriteString(c, "HTTP/1.1 500 Internal Server Error\r\n\r\nPOST http request only supported by arklet")
		return
	}
	if hang {
		<-f.done // like a body arklet could not parse: no answer, connection left open
		return
	}
	time.Sleep(delay)
	if reply == "" {
		// arklet's unknown-command bug: CMD_NOT_FOUND, then a second response on the same body.
		reply = `{"code":"CMD_NOT_FOUND","message":"please follow the doc"}` +
			`{"code":"CMD_PROCESS_INTERNAL_ERROR","message":"Internal Error: ` + path[1:] + ` not found handler"}`
	}
	io.WriteString(c, "HTTP/1.1 200 OK\r\n\r\n"+reply)
}

func (f *fakeArklet) set(path, reply string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.replies[path] = reply
}

const healthBody = `{"baseIdentity":"172.17.0.2","code":"SUCCESS","data":{"healthData":{
 "bizListInfo":[{"bizName":"base","bizState":"activated","bizVersion":"1.0.0","webContextPath":"/"}],
 "cpu":{"count":4,"free (%)":81.4},
 "jvm":{"committed heap memory(M)":174.5,"java committed metaspace":58720256,"java max metaspace":-1,
  "java used metaspace":57000000,"java version":"1.8.0_212","loaded class count":10063,
  "total class count":10070,"unload class count":7,"used heap memory(M)":137.1},
 "masterBizInfo":{"bizName":"base","bizState":"activated","bizVersion":"1.0.0","webContextPath":"/"}}}}`

func TestHealthCloseDelimitedAndSpacedFields(t *testing.T) {
	f := newFake(t)
	f.set("/health", healthBody)
	c := New(f.url())
	h, err := c.Health(context.Background(), HealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if h.JVM == nil || h.JVM.LoadedClassCount != 10063 || h.JVM.UnloadClassCount != 7 ||
		h.JVM.UsedMetaspace != 57000000 || h.JVM.MaxMetaspace != -1 || h.JVM.TotalClassCount != 10070 {
		t.Fatalf("jvm section decoded wrong: %+v", h.JVM)
	}
	if err := c.Ready(context.Background()); err != nil {
		t.Fatalf("ready: %v", err)
	}
	if got := f.bodies["/health"][0]; got != "{}" {
		t.Errorf("health body = %q, want {}", got)
	}
}

func TestReadyNeedsActivatedMaster(t *testing.T) {
	f := newFake(t)
	f.set("/health", strings.Replace(healthBody, `"masterBizInfo":{"bizName":"base","bizState":"activated"`,
		`"masterBizInfo":{"bizName":"base","bizState":"resolved"`, 1))
	if err := New(f.url()).Ready(context.Background()); err == nil || !strings.Contains(err.Error(), "resolved") {
		t.Fatalf("want not-activated error, got %v", err)
	}
}

func TestHealthNeverConcurrent(t *testing.T) {
	f := newFake(t)
	f.set("/health", healthBody)
	f.delay["/health"] = 30 * time.Millisecond
	c := New(f.url())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Health(context.Background(), HealthRequest{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if m := f.maxHC.Load(); m != 1 {
		t.Fatalf("health calls in flight at once = %d, want 1", m)
	}
}

func TestQueryAllBizStatesEitherCase(t *testing.T) {
	f := newFake(t)
	f.set("/queryAllBiz", `{"code":"SUCCESS","data":[
	 {"bizName":"biz1","bizState":"ACTIVATED","bizVersion":"0.0.1","bizStateRecords":[{"changeTime":1,"state":"RESOLVED"}]},
	 {"bizName":"biz2","bizState":"activated","bizVersion":"0.0.2","unknownField":{"x":1}},
	 {"bizName":"biz3","bizState":"broken","bizVersion":"1"}]}`)
	got, err := New(f.url()).QueryAllBiz(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || !got[0].Is(StateActivated) || !got[1].Is(StateActivated) || got[2].Is(StateActivated) ||
		!got[2].Is("BROKEN") || got[0].Identity() != "biz1:0.0.1" {
		t.Fatalf("states decoded wrong: %+v", got)
	}
}

func TestUninstallNotFoundMeansGone(t *testing.T) {
	f := newFake(t)
	f.set("/uninstallBiz", `{"baseIdentity":"x","code":"FAILED","message":"uninstall biz not success!",`+
		`"data":{"code":"NOT_FOUND_BIZ","message":"Uninstall biz: biz1:1 not found."}}`)
	gone, err := New(f.url()).UninstallBiz(context.Background(), "biz1", "1")
	if err != nil || !gone {
		t.Fatalf("gone=%v err=%v, want true nil", gone, err)
	}
	if b := f.bodies["/uninstallBiz"][0]; b != `{"bizName":"biz1","bizVersion":"1"}` {
		t.Errorf("request body %s", b)
	}
	// A master-biz refusal is FAILED too, but with data.code FAILED: that is an error.
	f.set("/uninstallBiz", `{"code":"FAILED","message":"uninstall biz not success!","data":{"code":"FAILED","message":"Master biz must not be uninstalled."}}`)
	gone, err = New(f.url()).UninstallBiz(context.Background(), "base", "1.0.0")
	var ce *CommandError
	if gone || !errors.As(err, &ce) || ce.DataCode != "FAILED" || !strings.Contains(err.Error(), "Master biz") {
		t.Fatalf("gone=%v err=%v", gone, err)
	}
}

func TestInstallOutcomes(t *testing.T) {
	f := newFake(t)
	c := New(f.url())
	req := InstallRequest{BizName: "biz1", BizVersion: "1", BizURL: "file:///m/biz1.jar"}
	f.set("/installBiz", `{"code":"SUCCESS","data":{"bizInfos":[{"bizName":"biz1","bizState":"activated","bizVersion":"1","attributes":{}}],"code":"SUCCESS","elapsedSpace":6291456,"message":"Install Biz: biz1:1 success"}}`)
	cr, err := c.InstallBiz(context.Background(), req)
	if err != nil || cr.ElapsedSpace != 6291456 || len(cr.BizInfos) != 1 {
		t.Fatalf("install: %+v %v", cr, err)
	}
	f.set("/installBiz", `{"code":"FAILED","message":"install biz not success!","data":{"code":"REPEAT_BIZ","message":"Biz: biz1:1 has been installed or registered."}}`)
	_, err = c.InstallBiz(context.Background(), req)
	var ce *CommandError
	if !errors.As(err, &ce) || ce.DataCode != CodeRepeatBiz || !strings.Contains(ce.Message, "has been installed") {
		t.Fatalf("repeat: %v", err)
	}
	f.set("/installBiz", `{"code":"CMD_PROCESS_INTERNAL_ERROR","message":"Internal Error: java.lang.IllegalStateException: boom","errorStackTrace":"ArkletRuntimeException: boom\n\tat x.Main.main(Main.java:3)"}`)
	_, err = c.InstallBiz(context.Background(), req)
	if !errors.As(err, &ce) || ce.Code != CodeInternalError || !strings.Contains(ce.ErrorStackTrace, "Main.java:3") {
		t.Fatalf("crash: %v", err)
	}
	if _, err := c.InstallBiz(context.Background(), InstallRequest{BizURL: "file:///x"}); err == nil {
		t.Fatal("install without name/version must be refused client-side")
	}
}

func TestUnknownCommandTwoResponses(t *testing.T) {
	f := newFake(t)
	r, err := New(f.url()).Do(context.Background(), "leakCheck", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Code != CodeCmdNotFound || len(r.Extra) != 1 || r.Extra[0].Code != CodeInternalError {
		t.Fatalf("got %+v", r)
	}
	f.set("/help", `{"code":"SUCCESS","data":[{"desc":"install one ark biz","id":"installBiz"},{"desc":"h","id":"health"}]}`)
	c := New(f.url())
	if ok, err := c.Supports(context.Background(), "installBiz"); !ok || err != nil {
		t.Fatalf("supports installBiz: %v %v", ok, err)
	}
	if ok, _ := c.Supports(context.Background(), "batchInstallBiz"); ok {
		t.Fatal("batchInstallBiz is not in help")
	}
}

func TestNoReplyTimesOut(t *testing.T) {
	f := newFake(t)
	f.noReply["/queryAllBiz"] = true
	c := New(f.url())
	c.Timeout = 300 * time.Millisecond
	// A client without its own timeout would wait here for ever (the test binary's timeout).
	_, err := c.QueryAllBiz(context.Background())
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("want ErrTimeout, got %v", err)
	}
}

func TestNon200IsError(t *testing.T) {
	f := newFake(t)
	c := New(f.url())
	req, _ := http.NewRequest(http.MethodGet, f.url()+"/health", nil)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 {
		t.Fatalf("fake should answer GET with 500, got %d", resp.StatusCode)
	}
	f.set("/health", "not json")
	if _, err := c.Health(context.Background(), HealthRequest{}); err == nil || !strings.Contains(err.Error(), "decode") {
		t.Fatalf("want decode error, got %v", err)
	}
}

func TestBatchInstallBiz(t *testing.T) {
	f := newFake(t)
	f.set("/batchInstallBiz", `{"code":"FAILED","message":"install biz not success!","data":{"bizUrlToResponse":{`+
		`"file:///m/a.jar":{"code":"SUCCESS","message":"Install Biz: a:1 success"},`+
		`"file:///m/b.jar":{"code":"FAILED","message":"internal exception: boom"}},"code":"FAILED","message":"batch install failed"}}`)
	res, err := New(f.url()).BatchInstallBiz(context.Background(), []InstallRequest{
		{BizName: "a", BizVersion: "1", BizURL: "file:///m/a.jar"}, {BizName: "b", BizVersion: "1", BizURL: "file:///m/b.jar"}})
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Code != CodeFailed {
		t.Fatalf("want FAILED, got %v", err)
	}
	if res["file:///m/a.jar"].Code != "SUCCESS" || !strings.Contains(res["file:///m/b.jar"].Message, "boom") {
		t.Fatalf("per-jar results: %+v", res)
	}
	if b := f.bodies["/batchInstallBiz"][0]; !strings.HasPrefix(b, `{"bizList":[{"bizName":"a"`) {
		t.Errorf("request body %s", b)
	}
}

// The queryAllBiz answer of arklet-api.md (fastjson 1: changeTime in epoch millis), and the same
// records as other serializers write them: a date string (fastjson2), a number in a string, a
// fractional number, null, an object where a scalar was expected, fields kompat does not know.
func TestQueryAllBizDecodesStateRecordsLeniently(t *testing.T) {
	f := newFake(t)
	f.set("/queryAllBiz", `{"baseIdentity":"172.17.0.2","code":"SUCCESS","data":[
  {"bizName":"biz1","bizState":"activated","bizVersion":"0.0.1-SNAPSHOT",
   "bizStateRecords":[{"changeTime":1735700000000,"message":"","reason":"Created","state":"resolved"},
                      {"changeTime":1735700003400,"message":"","reason":"Started","state":"activated"}],
   "mainClass":"com.example.biz1.Biz1Application","webContextPath":"biz1"},
  {"bizName":"biz2","bizState":"activated","bizVersion":"0.0.2","dependentPlugins":[],"exportClassAndResourceLoaderMap":{},
   "bizStateRecords":[{"changeTime":"2025-01-01 12:00:00","reason":"Created","state":"resolved"},
                      {"changeTime":"2025-01-01 12:00:03.400","message":null,"reason":{"label":"Started"},"state":"activated","extra":1},
                      "not a record",
                      {"changeTime":"1735700003400","state":"deactivated","reason":"Switched"},
                      {"changeTime":1.7357000034E12,"state":"DEACTIVATED"},
                      {"changeTime":"2025-01-01T12:00:03.4Z","state":"broken"},
                      {"changeTime":"yesterday","state":"broken"},
                      {"changeTime":null,"state":7}]}]}`)
	got, err := New(f.url()).QueryAllBiz(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Identity() != "biz1:0.0.1-SNAPSHOT" || got[1].Identity() != "biz2:0.0.2" || !got[1].Is(StateActivated) {
		t.Fatalf("decoded %+v", got)
	}
	r1 := got[0].BizStateRecords
	if len(r1) != 2 || r1[0].ChangeTime.Millis != 1735700000000 || r1[1].ChangeTime.Millis != 1735700003400 ||
		r1[1].Reason != "Started" || r1[1].State != "activated" || got[0].MainClass != "com.example.biz1.Biz1Application" {
		t.Errorf("fastjson 1 records: %+v", r1)
	}
	r2 := got[1].BizStateRecords
	want := []struct {
		millis int64
		state  string
		reason string
		raw    string
	}{
		{1735732800000, "resolved", "Created", "2025-01-01 12:00:00"},
		{1735732803400, "activated", "", "2025-01-01 12:00:03.400"},
		{1735700003400, "deactivated", "Switched", "1735700003400"},
		{1735700003400, "DEACTIVATED", "", "1.7357000034E12"},
		{1735732803400, "broken", "", "2025-01-01T12:00:03.4Z"},
		{0, "broken", "", "yesterday"},
		{0, "7", "", ""},
	}
	if len(r2) != len(want) {
		t.Fatalf("got %d records, want %d (the one that is not an object skipped): %+v", len(r2), len(want), r2)
	}
	for i, w := range want {
		r := r2[i]
		if r.ChangeTime.Millis != w.millis || r.State != w.state || r.Reason != w.reason || r.ChangeTime.Raw != w.raw {
			t.Errorf("record %d: %+v, want %+v", i, r, w)
		}
	}
}

// The installBiz answer of arklet-api.md: bizInfos holds the whole BizModel, with many fields
// kompat does not decode.
func TestInstallAnswerBizInfosDecode(t *testing.T) {
	f := newFake(t)
	f.set("/installBiz", `{"baseIdentity":"172.17.0.2","code":"SUCCESS","data":{
    "bizInfos":[{"attributes":{},"bizName":"biz1","bizState":"activated",
      "bizStateRecords":[{"changeTime":1735700000000,"message":"","reason":"Created","state":"resolved"},
                         {"changeTime":"2025-01-01 12:00:03","message":"","reason":"Started","state":"activated"}],
      "bizTempWorkDir":"/tmp/sofa-ark/biz1-0.0.1-SNAPSHOT-20250101120000000-unpack","bizUrl":"file:/tmp/x/","bizVersion":"0.0.1-SNAPSHOT",
      "classPath":["file:/tmp/x/"],"declaredMode":true,"denyImportClasses":[],"identity":"biz1:0.0.1-SNAPSHOT",
      "injectExportPackages":[],"mainClass":"com.example.biz1.Biz1Application","priority":100,"webContextPath":"biz1"}],
    "code":"SUCCESS","elapsedSpace":6291456,"message":"Install Biz: biz1:0.0.1-SNAPSHOT success, cost: 3412 ms"}}`)
	cr, err := New(f.url()).InstallBiz(context.Background(), InstallRequest{BizName: "biz1", BizVersion: "0.0.1-SNAPSHOT", BizURL: "file:///x.jar"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cr.BizInfos) != 1 {
		t.Fatalf("bizInfos: %d", len(cr.BizInfos))
	}
	var bi BizInfo
	if err := json.Unmarshal(cr.BizInfos[0], &bi); err != nil {
		t.Fatal(err)
	}
	if bi.Identity() != "biz1:0.0.1-SNAPSHOT" || !bi.Is(StateActivated) || len(bi.BizStateRecords) != 2 ||
		bi.BizStateRecords[1].ChangeTime.Millis != 1735732803000 || bi.WebContextPath != "biz1" {
		t.Errorf("decoded %+v", bi)
	}
}

// An install answer whose elapsedSpace is a string and whose bizInfos is not an array still
// reads as SUCCESS with its message.
func TestInstallAnswerOddTypesDecode(t *testing.T) {
	f := newFake(t)
	f.set("/installBiz", `{"code":"SUCCESS","data":{"code":"SUCCESS","elapsedSpace":"6291456","bizInfos":{},"message":"Install Biz: biz1:1 success","pluginInfos":[]}}`)
	cr, err := New(f.url()).InstallBiz(context.Background(), InstallRequest{BizName: "biz1", BizVersion: "1", BizURL: "file:///x.jar"})
	if err != nil {
		t.Fatal(err)
	}
	if cr.Code != CodeSuccess || cr.ElapsedSpace != 6291456 || len(cr.BizInfos) != 0 || cr.Message != "Install Biz: biz1:1 success" {
		t.Errorf("decoded %+v", cr)
	}
}

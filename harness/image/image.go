package image

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	buildtypes "github.com/moby/moby/api/types/build"
	"github.com/moby/moby/client"

	"github.com/kompat/kompat/harness/fixtures"
)

// DefaultTag is the reference base image's name.
const DefaultTag = "kompat/refbase:local"

// Paths inside the reference image and the labels that announce them to the container runtime.
const (
	JavaHome   = "/opt/java"
	BaseJar    = "/opt/kompat/base.jar"
	BridgeDir  = "/opt/kompat/bridge"
	BridgeMain = "KompatBridge"
	JcmdMain   = "KompatJcmd"

	LabelHash    = "kompat.image.hash"        // content hash of the inputs
	LabelImage   = "kompat.image"             // "refbase"
	LabelJcmd    = "kompat.image.jcmd"        // jcmd inside the image
	LabelBridge  = "kompat.image.bridge"      // class path of the loopback bridge
	LabelJar     = "kompat.image.jar"         // the reference base jar inside the image
	LabelHelper  = "kompat.image.jcmd-helper" // class path of the persistent jcmd (KompatJcmd)
	LabelModules = "kompat.image.modules"     // the JDK modules of the jlink runtime, comma-separated
)

// builderVersion is part of the hash: bump it when the image layout changes.
const builderVersion = "refbase-image-v2"

// Modules are the JDK modules of the jlink runtime: what the reference base, the test modules and
// a typical Spring Boot base need, plus jdk.jcmd and jdk.attach for the probes.
var Modules = []string{"java.base", "java.logging", "java.management", "java.naming", "java.net.http",
	"java.sql", "java.xml", "jdk.httpserver", "jdk.unsupported", "jdk.jcmd", "jdk.attach", "jdk.management"}

var jlinkFlags = []string{"--strip-debug", "--no-header-files", "--no-man-pages", "--generate-cds-archive"}

// The Java helpers baked into the image under BridgeDir: the loopback bridge and the persistent
// jcmd (KompatJcmd).
//
//go:embed bridge/*.java
var helpers embed.FS

// Options say what to build.
type Options struct {
	// Tag is the image name (DefaultTag if empty).
	Tag string
	// JavaHome is the JDK to jlink (default: $JAVA_HOME, else the JDK of `java` on PATH).
	JavaHome string
	// BaseJar is the jar baked in at /opt/kompat/base.jar (default: the reference base built
	// from this checkout's testdata by harness/fixtures).
	BaseJar string
	// Modules are the JDK modules of the jlink runtime (default: Modules). PlanFor gives the list
	// a Spring Boot base needs.
	Modules []string
	// Kind labels the image (LabelImage): "refbase" (default) or "spring-boot".
	Kind string
	// Force rebuilds, without the engine's layer cache, even when an image with the same input
	// hash exists.
	Force bool
	// Log receives progress lines; nil means silent.
	Log io.Writer
}

// Result describes the image that is now present.
type Result struct {
	Tag      string
	ID       string
	Hash     string
	Cached   bool          // an image with the same inputs was already there
	Duration time.Duration // time spent in Ensure
	Size     int64
	Modules  []string // the JDK modules of its jlink runtime
	Kind     string   // "refbase" or "spring-boot"
}

var buildMu sync.Mutex

// Ensure makes sure the image exists for the current inputs: it reuses an image whose hash label
// matches and builds it otherwise. Concurrent callers (goroutines and processes) are serialized.
func Ensure(ctx context.Context, cli client.APIClient, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Tag == "" {
		opts.Tag = DefaultTag
	}
	if len(opts.Modules) == 0 {
		opts.Modules = Modules
	}
	if opts.Kind == "" {
		opts.Kind = "refbase"
	}
	in, err := gatherInputs(ctx, &opts)
	if err != nil {
		return nil, err
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	unlock, err := lockFile(filepath.Join(os.TempDir(), "kompat-image-build.lock"))
	if err != nil {
		return nil, fmt.Errorf("lock image build: %w", err)
	}
	defer unlock()
	old, err := cli.ImageInspect(ctx, opts.Tag)
	switch {
	case err == nil && !opts.Force && old.Config != nil && old.Config.Labels[LabelHash] == in.hash:
		return &Result{Tag: opts.Tag, ID: old.ID, Hash: in.hash, Cached: true, Duration: time.Since(start), Size: old.Size,
			Modules: opts.Modules, Kind: opts.Kind}, nil
	case err != nil && !cerrdefs.IsNotFound(err):
		return nil, fmt.Errorf("inspect image %s: %w", opts.Tag, err)
	}
	logf(opts.Log, "building %s (inputs %s)", opts.Tag, in.hash)
	id, err := build(ctx, cli, opts, in)
	if err != nil {
		return nil, err
	}
	if old.ID != "" && old.ID != id {
		// The previous build lost its tag; remove it unless a container still uses it.
		_, _ = cli.ImageRemove(ctx, old.ID, client.ImageRemoveOptions{PruneChildren: true})
	}
	res := &Result{Tag: opts.Tag, ID: id, Hash: in.hash, Duration: time.Since(start), Modules: opts.Modules, Kind: opts.Kind}
	if ii, err := cli.ImageInspect(ctx, opts.Tag); err == nil {
		res.ID, res.Size = ii.ID, ii.Size
	}
	logf(opts.Log, "built %s in %s", opts.Tag, res.Duration.Round(time.Millisecond))
	return res, nil
}

func logf(w io.Writer, format string, a ...any) {
	if w != nil {
		fmt.Fprintf(w, "kompat image: "+format+"\n", a...)
	}
}

type inputs struct {
	javaHome string
	baseJar  string
	hash     string
}

// gatherInputs resolves the JDK and the base jar and hashes everything the image is made of:
// the JDK build (its release file and libjvm), the host libraries its binaries link, the base
// jar, the bridge source, the module list and flags.
func gatherInputs(ctx context.Context, opts *Options) (*inputs, error) {
	jh, err := findJavaHome(opts.JavaHome)
	if err != nil {
		return nil, err
	}
	jar := opts.BaseJar
	if jar == "" {
		b, err := fixtures.Default(ctx)
		if err != nil {
			return nil, fmt.Errorf("reference base jar: %w (pass a base jar)", err)
		}
		jar = b.Base
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", builderVersion, strings.Join(opts.Modules, ","), strings.Join(jlinkFlags, " "), opts.Kind)
	rel, err := os.ReadFile(filepath.Join(jh, "release"))
	if err != nil {
		return nil, fmt.Errorf("read JDK release file: %w", err)
	}
	h.Write(rel)
	var probe []string
	for _, p := range []string{"bin/java", "bin/jcmd", "lib/server/libjvm.so", "lib/libjava.so", "lib/libnet.so", "lib/libnio.so", "lib/libzip.so", "lib/libattach.so"} {
		probe = append(probe, filepath.Join(jh, p))
	}
	libs, err := sharedLibs(ctx, probe)
	if err != nil {
		return nil, err
	}
	for _, f := range append(probe, libs...) {
		if st, err := os.Stat(f); err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00%d\x00", f, st.Size(), st.ModTime().UnixNano())
		}
	}
	jb, err := os.ReadFile(jar)
	if err != nil {
		return nil, fmt.Errorf("read base jar: %w", err)
	}
	h.Write(jb)
	srcs, err := helperSources()
	if err != nil {
		return nil, err
	}
	for _, src := range srcs {
		h.Write(src.data)
	}
	return &inputs{javaHome: jh, baseJar: jar, hash: hex.EncodeToString(h.Sum(nil))[:20]}, nil
}

func findJavaHome(explicit string) (string, error) {
	jh := explicit
	if jh == "" {
		jh = os.Getenv("JAVA_HOME")
	}
	if jh == "" {
		java, err := exec.LookPath("java")
		if err != nil {
			return "", errors.New("find a JDK: no JAVA_HOME and no java on PATH")
		}
		real, err := filepath.EvalSymlinks(java)
		if err != nil {
			return "", fmt.Errorf("find a JDK: %w", err)
		}
		jh = filepath.Dir(filepath.Dir(real))
	}
	if _, err := os.Stat(filepath.Join(jh, "bin", "jlink")); err != nil {
		return "", fmt.Errorf("find a JDK: %s has no bin/jlink (a full JDK 17+ is needed, not a JRE)", jh)
	}
	return jh, nil
}

// sharedLibs runs ldd on ELF files and returns the absolute paths of the libraries they load
// (the dynamic loader included), sorted; libraries ldd cannot find are skipped (libjvm.so is
// found at run time through the launcher's own path).
func sharedLibs(ctx context.Context, files []string) ([]string, error) {
	set := map[string]bool{}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			continue
		}
		out, err := exec.CommandContext(ctx, "ldd", f).Output()
		if err != nil {
			continue // not a dynamic ELF file
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			fl := strings.Fields(sc.Text())
			switch {
			case len(fl) >= 3 && fl[1] == "=>" && strings.HasPrefix(fl[2], "/"):
				set[fl[2]] = true
			case len(fl) >= 1 && strings.HasPrefix(fl[0], "/"):
				set[fl[0]] = true
			}
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil, errors.New("ldd found no shared libraries for the JDK (is ldd installed?)")
	}
	return out, nil
}

// build assembles the root file system in a temp dir and sends it with a FROM scratch Dockerfile
// to the engine's build endpoint (the classic builder: nothing is pulled for FROM scratch).
func build(ctx context.Context, cli client.APIClient, opts Options, in *inputs) (string, error) {
	tmp, err := os.MkdirTemp("", "kompat-image-")
	if err != nil {
		return "", fmt.Errorf("build image: %w", err)
	}
	defer os.RemoveAll(tmp)
	root := filepath.Join(tmp, "rootfs")
	t := time.Now()
	jlink := exec.CommandContext(ctx, filepath.Join(in.javaHome, "bin", "jlink"),
		append([]string{"--add-modules", strings.Join(opts.Modules, ","), "--output", filepath.Join(root, JavaHome)}, jlinkFlags...)...)
	if out, err := jlink.CombinedOutput(); err != nil {
		return "", fmt.Errorf("jlink: %w\n%s", err, out)
	}
	logf(opts.Log, "jlink runtime in %s", time.Since(t).Round(time.Millisecond))
	var elf []string
	err = filepath.WalkDir(filepath.Join(root, JavaHome), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".so") || filepath.Base(filepath.Dir(p)) == "bin" || filepath.Base(p) == "jspawnhelper" || filepath.Base(p) == "jexec" {
			elf = append(elf, p)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("list jlink output: %w", err)
	}
	libs, err := sharedLibs(ctx, elf)
	if err != nil {
		return "", err
	}
	for _, l := range libs {
		if strings.HasPrefix(l, root) {
			continue // inside the jlink image (libjli, libjava...)
		}
		if err := copyFile(l, filepath.Join(root, l), 0o755); err != nil {
			return "", fmt.Errorf("copy %s: %w", l, err)
		}
	}
	for _, d := range []string{"tmp", "etc", "root", "opt/kompat/bridge"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return "", err
		}
	}
	if err := os.Chmod(filepath.Join(root, "tmp"), 0o1777|fs.ModeSticky); err != nil {
		return "", err
	}
	files := map[string]string{
		"etc/passwd":   "root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n",
		"etc/group":    "root:x:0:\nnogroup:x:65534:\n",
		"etc/hostname": "kompat-base\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			return "", err
		}
	}
	if err := copyFile(in.baseJar, filepath.Join(root, BaseJar), 0o644); err != nil {
		return "", fmt.Errorf("copy base jar: %w", err)
	}
	srcs, err := helperSources()
	if err != nil {
		return "", err
	}
	var javaFiles []string
	for _, src := range srcs {
		p := filepath.Join(tmp, "helper-src", src.name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, src.data, 0o644); err != nil {
			return "", err
		}
		javaFiles = append(javaFiles, p)
	}
	if err := fixtures.Javac(ctx, filepath.Join(root, BridgeDir), javaFiles); err != nil {
		return "", fmt.Errorf("compile helpers: %w", err)
	}
	dockerfile := fmt.Sprintf(`FROM scratch
COPY rootfs/ /
ENV JAVA_HOME=%[1]s PATH=%[1]s/bin LANG=C.UTF-8
WORKDIR /tmp
EXPOSE 1238
CMD ["java", "-Dkoupleless.arklet.http.port=1238", "-Dcom.alipay.sofa.ark.biz.dir=/tmp/sofa-ark", "-jar", "%[2]s"]
`, JavaHome, BaseJar)
	if err := os.WriteFile(filepath.Join(tmp, "Dockerfile"), []byte(dockerfile), 0o644); err != nil {
		return "", err
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(tarDir(tmp, pw)) }()
	t = time.Now()
	resp, err := cli.ImageBuild(ctx, pr, client.ImageBuildOptions{
		Tags: []string{opts.Tag}, Remove: true, ForceRemove: true, Version: buildtypes.BuilderV1, NoCache: opts.Force,
		Labels: map[string]string{LabelImage: opts.Kind, LabelModules: strings.Join(opts.Modules, ","), LabelHash: in.hash, LabelJcmd: JavaHome + "/bin/jcmd",
			LabelBridge: BridgeDir, LabelJar: BaseJar, LabelHelper: BridgeDir},
	})
	if err != nil {
		pr.CloseWithError(err)
		return "", fmt.Errorf("build image %s: %w", opts.Tag, err)
	}
	defer resp.Body.Close()
	id, err := readBuildStream(resp.Body)
	if err != nil {
		return "", fmt.Errorf("build image %s: %w", opts.Tag, err)
	}
	logf(opts.Log, "engine build in %s", time.Since(t).Round(time.Millisecond))
	return id, nil
}

// readBuildStream reads the engine's JSON progress stream and returns the built image id or the
// build error.
func readBuildStream(r io.Reader) (string, error) {
	dec := json.NewDecoder(r)
	var id string
	var tail []string
	for {
		var m struct {
			Stream      string `json:"stream"`
			Error       string `json:"error"`
			ErrorDetail struct {
				Message string `json:"message"`
			} `json:"errorDetail"`
			Aux struct {
				ID string `json:"ID"`
			} `json:"aux"`
		}
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return "", fmt.Errorf("read build output: %w", err)
		}
		if m.Error != "" || m.ErrorDetail.Message != "" {
			msg := m.ErrorDetail.Message
			if msg == "" {
				msg = m.Error
			}
			return "", fmt.Errorf("%s\n%s", msg, strings.Join(tail, ""))
		}
		if m.Aux.ID != "" {
			id = m.Aux.ID
		}
		if m.Stream != "" {
			tail = append(tail, m.Stream)
			if len(tail) > 20 {
				tail = tail[1:]
			}
			if s, ok := strings.CutPrefix(strings.TrimSpace(m.Stream), "Successfully built "); ok && id == "" {
				id = s
			}
		}
	}
	if id == "" {
		return "", fmt.Errorf("the engine reported no image id\n%s", strings.Join(tail, ""))
	}
	return id, nil
}

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// tarDir writes dir as a tar stream (the build context): owner root, modes kept, symlinks as links.
func tarDir(dir string, w io.Writer) error {
	tw := tar.NewWriter(w)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if info.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(rel)
		if d.IsDir() {
			hdr.Name += "/"
		}
		hdr.Uid, hdr.Gid, hdr.Uname, hdr.Gname = 0, 0, "root", "root"
		hdr.ModTime = time.Unix(0, 0)
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if info.Mode().IsRegular() {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			_, err = io.Copy(tw, f)
			f.Close()
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	return tw.Close()
}

type helperSource struct {
	name string
	data []byte
}

func helperSources() ([]helperSource, error) {
	ents, err := helpers.ReadDir("bridge")
	if err != nil {
		return nil, fmt.Errorf("helper sources: %w", err)
	}
	var out []helperSource
	for _, e := range ents {
		data, err := helpers.ReadFile("bridge/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("helper sources: %w", err)
		}
		out = append(out, helperSource{e.Name(), data})
	}
	return out, nil
}

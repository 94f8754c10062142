package harness

import (
	"archive/zip"
	"errors"
	"fmt"
	"strings"
)

// baseKind is what the preflight found the base jar to be.
type baseKind string

const (
	// baseReference is the reference base that kompat builds (kompat/refbase/Main.class).
	baseReference baseKind = "reference"
	// baseKoupleless is a Spring Boot fat jar with koupleless-base-starter or arklet-core under BOOT-INF/lib.
	baseKoupleless baseKind = "koupleless"
	// baseCommand is a base given only as a command: nothing to inspect.
	baseCommand baseKind = "command"
)

// inspectBase tells the reference base from a Koupleless base and rejects any other jar: without
// koupleless-base-starter (or arklet-core) under BOOT-INF/lib nothing in a base ever listens on
// the arklet port. springBoot reports a Spring Boot fat jar (BOOT-INF/).
func inspectBase(jar string) (kind baseKind, springBoot bool, err error) {
	if jar == "" {
		return baseCommand, false, nil
	}
	zr, err := zip.OpenReader(jar)
	if err != nil {
		return "", false, fmt.Errorf("base jar %s cannot be read as a jar: %v", jar, err)
	}
	defer zr.Close()
	ref, kp := false, false
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "BOOT-INF/") {
			springBoot = true
		}
		if f.Name == "kompat/refbase/Main.class" {
			ref = true
		}
		if lib, ok := strings.CutPrefix(f.Name, "BOOT-INF/lib/"); ok &&
			(strings.HasPrefix(lib, "koupleless-base-starter") || strings.HasPrefix(lib, "arklet-core")) {
			kp = true
		}
	}
	switch {
	case kp:
		return baseKoupleless, springBoot, nil
	case ref:
		return baseReference, springBoot, nil
	}
	return "", springBoot, fmt.Errorf("base jar %s is not a Koupleless base: no koupleless-base-starter or arklet-core jar under BOOT-INF/lib, so nothing in it would answer on the arklet port (build the base with the koupleless-base-starter dependency)", jar)
}

// preflight checks the scenario before anything starts: the base jar is a Koupleless base or the
// reference base; every module is an ark-biz jar whose MANIFEST identity (Ark-Biz-Name,
// Ark-Biz-Version) matches the name and version the scenario gives, if any (a real base installs
// the MANIFEST identity whatever the request says, and an uninstall under another name would do
// nothing); no two web modules share a web-context-path. Every problem found is in the error.
func (sc *Scenario) preflight() error {
	var errs []error
	if _, _, err := inspectBase(sc.Base.Jar); err != nil {
		errs = append(errs, err)
	}
	webPaths := map[string]string{}
	for _, mc := range sc.Modules {
		j, err := readBizJar(mc.Jar)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if mc.Name != "" && mc.Name != j.Name {
			errs = append(errs, fmt.Errorf("module %s: the scenario names it %q, its MANIFEST Ark-Biz-Name is %q: a base installs it as %q, so the uninstall of %q would find nothing; drop the name or make it match",
				mc.Jar, mc.Name, j.Name, j.Name, mc.Name))
		}
		if mc.Version != "" && mc.Version != j.Version {
			errs = append(errs, fmt.Errorf("module %s: the scenario gives version %q, its MANIFEST Ark-Biz-Version is %q: a base installs %s, so the uninstall of version %q would find nothing; drop the version or make it match",
				mc.Jar, mc.Version, j.Version, j.Identity(), mc.Version))
		}
		if !j.Web {
			continue
		}
		key := strings.Trim(j.WebContextPath, "/")
		if other, dup := webPaths[key]; dup {
			errs = append(errs, fmt.Errorf("modules %s and %s are both web modules with web-context-path %q: a base serves one web module per context path (set web-context-path in each module's MANIFEST)",
				other, j.Identity(), "/"+key))
			continue
		}
		webPaths[key] = j.Identity()
	}
	return errors.Join(errs...)
}

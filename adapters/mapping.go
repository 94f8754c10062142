package adapters

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"
)

// MappingFile is one adapter-mapping.yaml file, field for field as the Koupleless base build plugin reads
// it into KouplelessAdapterConfig.
type MappingFile struct {
	// Version is the default adapter version for every mapping whose adapter sets none.
	Version string `yaml:"version,omitempty"`
	// CommonDependencies are always added to the base.
	CommonDependencies []Dependency `yaml:"commonDependencies,omitempty"`
	// AdapterMappings map a library (matcher) to the adapter that patches it.
	AdapterMappings []Mapping `yaml:"adapterMappings,omitempty"`
}

// Mapping is one adapterMappings entry.
type Mapping struct {
	Matcher Matcher    `yaml:"matcher"`
	Adapter Dependency `yaml:"adapter"`
}

// Matcher selects the resolved artifacts a mapping applies to: Regexp (deprecated) against
// "groupId:artifactId:version:type[:classifier]", or exact GroupID and ArtifactID plus VersionRange.
type Matcher struct {
	Regexp       string `yaml:"regexp,omitempty"`
	GroupID      string `yaml:"groupId,omitempty"`
	ArtifactID   string `yaml:"artifactId,omitempty"`
	VersionRange string `yaml:"versionRange,omitempty"`
}

// Dependency is the part of org.apache.maven.model.Dependency the mapping files use.
type Dependency struct {
	GroupID    string      `yaml:"groupId,omitempty"`
	ArtifactID string      `yaml:"artifactId,omitempty"`
	Version    string      `yaml:"version,omitempty"`
	Type       string      `yaml:"type,omitempty"`
	Classifier string      `yaml:"classifier,omitempty"`
	Scope      string      `yaml:"scope,omitempty"`
	Optional   string      `yaml:"optional,omitempty"`
	SystemPath string      `yaml:"systemPath,omitempty"`
	Exclusions []Exclusion `yaml:"exclusions,omitempty"`
}

// Exclusion is a Maven dependency exclusion.
type Exclusion struct {
	GroupID    string `yaml:"groupId,omitempty"`
	ArtifactID string `yaml:"artifactId,omitempty"`
}

// GA returns "groupId:artifactId".
func (d Dependency) GA() string { return d.GroupID + ":" + d.ArtifactID }

// ParseMapping reads one adapter-mapping.yaml. Unknown keys are errors, as they are for SnakeYAML's
// bean loader in the plugin; an empty file is an empty config.
func ParseMapping(data []byte) (*MappingFile, error) {
	var c MappingFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("parse adapter mapping: %w", err)
	}
	return &c, nil
}

// Marshal writes the config back in the Koupleless schema.
func (c *MappingFile) Marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("write adapter mapping: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write adapter mapping: %w", err)
	}
	return b.Bytes(), nil
}

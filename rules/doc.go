// Package rules defines rule metadata (one embedded YAML file per rule), the Check and Pass that
// rule logic is written against, the registry, and the engine that runs checks over ir.Files.
package rules

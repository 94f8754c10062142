package analysis

import (
	"sort"
	"strconv"
	"strings"

	"github.com/kompat/kompat/rules/ir"
)

// Helpers shared by the static-state rules (KP1xxx).

// StaticInit follows a static field to the value it is initialized with in its class's <clinit>
// (a field initializer or a static block): it returns the <clinit> method, the op that produced
// the value (nil when it is not the result of an op) and the resolved value. ok is false when
// <clinit> does not assign the field; a ConstantValue initializer (bytecode) is then returned as
// the value with a nil method and op.
func StaticInit(f *ir.Field) (m *ir.Method, op *ir.Op, v ir.Value, ok bool) {
	c := f.Class
	for _, mm := range c.Methods {
		if mm.Name != "<clinit>" {
			continue
		}
		for _, put := range mm.Ops {
			if put.Kind != ir.OpPutStatic || put.Owner != c.Name || put.Name != f.Name {
				continue
			}
			src, val := mm.Origin(put.Val, put.Index)
			return mm, src, val, true
		}
	}
	if f.Init != nil {
		return nil, nil, *f.Init, true
	}
	return nil, nil, ir.Value{}, false
}

// IsInitOf reports whether m is the static initializer of the class that declares owner.field.
func IsInitOf(m *ir.Method, owner string) bool {
	return m.Name == "<clinit>" && m.Class.Name == owner
}

// InitCallback reports a method of an anonymous class that owner's initializer creates (older
// protobuf's descriptor assigner, a callback handed to a builder in a static block): it runs while
// owner initializes, like the static initializer itself.
func InitCallback(m *ir.Method, owner string) bool {
	c := m.Class
	return c.Anonymous && c.Outer == owner && (c.Enclosing == "<clinit>" || c.Enclosing == "<initializer>")
}

// InitOnlyHelpers returns the private static methods of the file that only class initialization
// runs: every call site in the file is in the static initializer of their own class or in another
// such helper (e.g. `static { register(..); }` with register filling a static map).
func InitOnlyHelpers(f *ir.File) map[*ir.Method]bool {
	type site struct {
		caller *ir.Method
		owner  string
	}
	callers := map[*ir.Method][]site{}
	var cands []*ir.Method
	for _, c := range f.Classes {
		for _, m := range c.Methods {
			if m.Mods.Has(ir.Static) && m.Mods.Has(ir.Private) && m.Name != "<clinit>" {
				cands = append(cands, m)
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	byKey := map[string][]*ir.Method{}
	for _, m := range cands {
		byKey[m.Class.Name+"#"+m.Name] = append(byKey[m.Class.Name+"#"+m.Name], m)
	}
	for _, c := range f.Classes {
		for _, caller := range c.Methods {
			for _, op := range caller.Ops {
				if op.Kind != ir.OpCall {
					continue
				}
				for _, m := range byKey[op.Owner+"#"+op.Name] {
					callers[m] = append(callers[m], site{caller, m.Class.Name})
				}
			}
		}
	}
	out := map[*ir.Method]bool{}
	for changed := true; changed; {
		changed = false
		for _, m := range cands {
			if out[m] || len(callers[m]) == 0 {
				continue
			}
			all, others := true, 0
			for _, s := range callers[m] {
				if s.caller == m {
					continue // recursion
				}
				others++
				if !IsInitOf(s.caller, s.owner) && !out[s.caller] {
					all = false
					break
				}
			}
			if all && others > 0 {
				out[m] = true
				changed = true
			}
		}
	}
	return out
}

// MethodLabel names a method for messages: "reset()", "a constructor", "Other.reset()" when the
// method is not in class `home`.
func MethodLabel(m *ir.Method, home string) string {
	var s string
	switch m.Name {
	case "<init>":
		s = "a constructor"
		if m.Class.Name != home {
			s = "a constructor of " + ir.SimpleName(m.Class.Name)
		}
		return s
	case "<clinit>":
		s = "the static initializer"
		if m.Class.Name != home {
			s = "the static initializer of " + ir.SimpleName(m.Class.Name)
		}
		return s
	}
	name := m.Name
	switch {
	case strings.HasPrefix(name, "lambda$"): // javac's lambda$enclosing$N, lambda$static$N, lambda$new$N
		parts := strings.Split(name, "$")
		if len(parts) < 3 || parts[1] == "" {
			return "a lambda"
		}
		inner := parts[1]
		switch inner {
		case "static":
			inner = "<clinit>"
		case "new":
			inner = "<init>"
		}
		return "a lambda in " + MethodLabel(&ir.Method{Class: m.Class, Name: inner}, home)
	case strings.HasPrefix(name, "access$"): // a synthetic accessor for a nested class
		return "a nested class (through " + ir.SimpleName(m.Class.Name) + "." + name + ")"
	}
	if m.Class.Name != home {
		return ir.SimpleName(m.Class.Name) + "." + name + "()"
	}
	return name + "()"
}

// JoinLabels renders up to three distinct labels in order, "a, b and 2 more".
func JoinLabels(labels []string) string {
	seen := map[string]bool{}
	var uniq []string
	for _, l := range labels {
		if !seen[l] {
			seen[l] = true
			uniq = append(uniq, l)
		}
	}
	sort.Strings(uniq)
	switch {
	case len(uniq) == 0:
		return ""
	case len(uniq) == 1:
		return uniq[0]
	case len(uniq) <= 3:
		return strings.Join(uniq[:len(uniq)-1], ", ") + " and " + uniq[len(uniq)-1]
	}
	return strings.Join(uniq[:2], ", ") + " and " + strconv.Itoa(len(uniq)-2) + " more"
}

// SplitPackage splits a binary name into package and the rest ("java.util", "Map$Entry").
func SplitPackage(fqn string) (pkg, rest string) {
	if i := strings.LastIndexByte(fqn, '.'); i >= 0 {
		return fqn[:i], fqn[i+1:]
	}
	return "", fqn
}

// IsJDK reports whether a type name is in a java.* or javax.* package.
func IsJDK(fqn string) bool {
	return strings.HasPrefix(fqn, "java.") || strings.HasPrefix(fqn, "javax.")
}

// ThrowableName reports whether a type name is a Throwable by name: the four JDK roots, or a
// simple name ending in Exception, Error or Throwable.
func ThrowableName(fqn string) bool {
	switch fqn {
	case "java.lang.Throwable", "java.lang.Exception", "java.lang.Error", "java.lang.RuntimeException":
		return true
	}
	s := ir.SimpleName(fqn)
	return strings.HasSuffix(s, "Exception") || strings.HasSuffix(s, "Error") || strings.HasSuffix(s, "Throwable")
}

// ThrowableInFile reports whether a type is a Throwable by name, or a class declared in the file
// whose superclass chain (within the file) reaches one.
// A class declared in the file is judged by its superclass chain, not its name (a QuicTransportError
// that extends Object is not a Throwable).
func ThrowableInFile(f *ir.File, fqn string) bool {
	for depth := 0; depth < 16 && fqn != ""; depth++ {
		c := f.FindClass(fqn)
		if c == nil {
			return ThrowableName(fqn)
		}
		switch c.Super {
		case "", "java.lang.Object":
			return false
		}
		fqn = c.Super
	}
	return false
}

// PutsStatic returns the first op of a method that writes the static field owner.name, or nil.
func PutsStatic(m *ir.Method, owner, name string) *ir.Op {
	for _, op := range m.Ops {
		if op.Kind == ir.OpPutStatic && op.Owner == owner && op.Name == name {
			return op
		}
	}
	return nil
}

// WrittenAfterInit reports whether any method of the field's file other than its class's
// <clinit> assigns the static field.
func WrittenAfterInit(f *ir.Field) bool {
	owner := f.Class.Name
	for _, c := range f.Class.File.Classes {
		for _, m := range c.Methods {
			if !IsInitOf(m, owner) && PutsStatic(m, owner, f.Name) != nil {
				return true
			}
		}
	}
	return false
}

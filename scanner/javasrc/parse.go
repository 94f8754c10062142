package javasrc

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules/ir"
)

// Suppression is a kompat:ignore comment or a @SuppressWarnings("kompat:...") annotation.
type Suppression struct {
	Rules    []string // rule IDs or slugs, as written
	FromLine int      // first line covered
	ToLine   int      // last line covered
	Reason   string
	Line     int // where it is written
	Col      int
	Kind     string // "comment" or "annotation"
}

// Covers reports whether the suppression applies to a rule (by ID or slug) on a line.
func (s *Suppression) Covers(id, slug string, line int) bool {
	if line < s.FromLine || line > s.ToLine {
		return false
	}
	for _, r := range s.Rules {
		if strings.EqualFold(r, id) || r == slug {
			return true
		}
	}
	return false
}

// Result is what parsing one source file yields.
type Result struct {
	File         *ir.File
	Suppressions []Suppression
	Notices      []reports.Notice
}

// Parser parses Java files; one Parser belongs to one goroutine.
type Parser struct{ p *parser }

// NewParser returns a parser; Close it when done.
func NewParser() (*Parser, error) {
	p, err := newParser()
	if err != nil {
		return nil, err
	}
	return &Parser{p: p}, nil
}

// Close frees the C parser.
func (p *Parser) Close() { p.p.close() }

// Parse parses and lowers one file. It never fails: a syntax error becomes a notice and the rest
// of the file is still lowered; a byte-order mark selects UTF-8 or UTF-16; other text that is not
// UTF-8 is read as ISO-8859-1.
func (p *Parser) Parse(path string, src []byte) *Result {
	res, _ := p.ParseContext(context.Background(), path, src)
	return res
}

// ParseContext is Parse that stops when ctx is cancelled (inside tree-sitter and inside the
// lowering); the error is then ctx's and the result holds what was lowered so far.
func (p *Parser) ParseContext(ctx context.Context, path string, src []byte) (res *Result, err error) {
	res = &Result{}
	src, res.Notices = decodeSource(path, src)
	fl, err := p.p.parse(ctx, src)
	if err == nil && fl.hasError {
		// tree-sitter-java 0.23.5 (the newest release the module proxy serves) has no rule for a
		// type-use annotation before varargs (`String @Nullable ... args`) or on a type pattern in
		// a switch case (`case @SuppressWarnings("unused") Foo f ->`). Such annotations carry
		// nothing the rules read, so blank them (same length: lines and columns stay true) and parse
		// again; the retry costs only the files that failed.
		if fixed, ok := blankVarargAnnotations(src); ok {
			if fl2, err2 := p.p.parse(ctx, fixed); err2 == nil {
				src, fl = fixed, fl2
			} else {
				fl, err = p.p.parse(ctx, src)
			}
		}
	}
	f := &ir.File{Path: path, Frontend: ir.Source}
	f.SetSource(src)
	res.File = f
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		res.Notices = append(res.Notices, reports.Notice{Code: "KP9001", Level: reports.NoticeError, Path: path, Message: fmt.Sprintf("parse: %v", err)})
		return res, nil
	}
	if len(fl.nodes) == 0 {
		return res, nil
	}
	t := &tree{nodes: fl.nodes, src: src, lineStarts: f.LineStarts()}
	l := &lowerer{t: t, file: f, names: newScopeNames(), ctx: ctx, at: -1}
	if fl.deep >= 0 {
		res.Notices = append(res.Notices, reports.Notice{Code: "KP9001", Level: reports.NoticeError, Path: path,
			Line: t.line(fl.deep), Col: t.col(fl.deep),
			Message: fmt.Sprintf("code nested deeper than %d syntax levels (from line %d) was not analysed; findings in it may be missing", maxDepth, t.line(fl.deep))})
	}
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if _, ok := r.(cancelled); ok {
			err = ctx.Err()
			return
		}
		n := reports.Notice{Code: "KP9001", Level: reports.NoticeError, Path: path,
			Message: fmt.Sprintf("internal error while analysing this file (findings after this point are missing): %v", r)}
		if l.at >= 0 {
			n.Line, n.Col = t.line(l.at), t.col(l.at)
		}
		res.Notices = append(res.Notices, n)
		res.Suppressions = scanSuppressions(t)
	}()
	l.lowerFile()
	res.Suppressions = scanSuppressions(t)
	if fl.hasError {
		if n := errorNodes(t); len(n) > 0 {
			first := n[0]
			res.Notices = append(res.Notices, reports.Notice{Code: "KP9001", Level: reports.NoticeWarning, Path: path,
				Line: t.line(first), Col: t.col(first),
				Message: fmt.Sprintf("syntax error: %d region(s) could not be parsed (first at line %d); findings outside them are kept, findings inside may be missing", len(n), t.line(first))})
		}
	}
	return res, nil
}

// cancelled is the panic value that unwinds the lowering when the context is done.
type cancelled struct{}

// step is called once per lowered statement and expression: it records where the lowering is
// (for an internal-error notice) and checks for cancellation every few thousand steps.
func (l *lowerer) step(n int32) {
	l.at = n
	l.steps++
	if l.steps&1023 == 0 && l.ctx.Err() != nil {
		panic(cancelled{})
	}
}

// lowerFile lowers the package, the imports and every top-level type.
func (l *lowerer) lowerFile() {
	t, f := l.t, l.file
	t.children(0, func(c int32) bool {
		switch t.kind(c) {
		case kPackageDecl:
			for _, ch := range t.namedChildren(c) {
				if k := t.kind(ch); k == kIdentifier || k == kScopedIdentifier {
					l.names.pkg = l.dotted(ch)
				}
			}
		case kImportDecl:
			static, star := false, false
			name := ""
			t.children(c, func(ch int32) bool {
				switch t.kind(ch) {
				case kStatic:
					static = true
				case kAsterisk:
					star = true
				case kIdentifier, kScopedIdentifier:
					name = l.dotted(ch)
				}
				return true
			})
			if name != "" {
				l.names.addImport(name, static, star)
			}
		}
		return true
	})
	f.Package = l.names.pkg
	l.collectTypes(0, "")
	t.children(0, func(c int32) bool {
		switch t.kind(c) {
		case kClassDecl, kInterfaceDecl, kEnumDecl, kRecordDecl, kAnnotationTypeDecl:
			if nn := t.child(c, fName); nn >= 0 {
				name := t.text(nn)
				if f.Package != "" {
					name = f.Package + "." + name
				}
				l.typeDecl(c, nil, name, false)
			}
		}
		return true
	})
}

// annPart is one annotation with simple arguments, and the space after it.
const annPart = `@[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\s*\([^()]*\))?\s*`

// Annotations the grammar cannot place: before a varargs ellipsis, and on a type pattern in a
// switch case (`case @SuppressWarnings("unused") Foo foo ->`). Group 1 is what gets blanked.
var (
	varargAnnRe = regexp.MustCompile(`((?:` + annPart + `)+)\.\.\.`)
	caseAnnRe   = regexp.MustCompile(`\bcase\s+((?:` + annPart + `)+)[A-Za-z_$]`)
)

// blankVarargAnnotations returns src with every annotation the grammar cannot place replaced by
// spaces (newlines kept), and whether anything changed.
func blankVarargAnnotations(src []byte) ([]byte, bool) {
	var out []byte
	for _, re := range []*regexp.Regexp{varargAnnRe, caseAnnRe} {
		for _, l := range re.FindAllSubmatchIndex(src, -1) {
			if out == nil {
				out = append([]byte(nil), src...)
			}
			for i := l[2]; i < l[3]; i++ {
				if out[i] != '\n' && out[i] != '\r' {
					out[i] = ' '
				}
			}
		}
	}
	if out == nil {
		return src, false
	}
	return out, true
}

// errorNodes returns the outermost ERROR and MISSING nodes.
func errorNodes(t *tree) []int32 {
	var out []int32
	var walk func(i int32)
	walk = func(i int32) {
		if t.nodes[i].flags&(flagError|flagMissing) != 0 {
			out = append(out, i)
			return
		}
		for c := t.nodes[i].first; c >= 0; c = t.nodes[c].next {
			walk(c)
		}
	}
	walk(0)
	return out
}

var ignoreRe = regexp.MustCompile(`kompat:ignore(?:\s+([A-Za-z0-9_,\- ]*?))?\s*(?:--\s*(.*?))?\s*(?:\*/)?\s*$`)

// scanSuppressions reads kompat:ignore comments and @SuppressWarnings("kompat:...") annotations.
func scanSuppressions(t *tree) []Suppression {
	var out []Suppression
	for i := range t.nodes {
		idx := int32(i)
		switch t.kind(idx) {
		case kLineComment, kBlockComment:
			text := t.text(idx)
			m := ignoreRe.FindStringSubmatch(text)
			if m == nil {
				continue
			}
			s := Suppression{Rules: splitRules(m[1]), Reason: strings.TrimSpace(m[2]), Line: t.line(idx), Col: t.col(idx), Kind: "comment"}
			end := t.endLine(idx)
			// The comment's own line (a trailing comment) and the line below it.
			s.FromLine, s.ToLine = s.Line, end+1
			out = append(out, s)
		case kModifiers:
			t.children(idx, func(a int32) bool {
				if t.kind(a) != kAnnotation {
					return true
				}
				nameN := t.child(a, fName)
				if nameN < 0 || simpleOf(t.text(nameN)) != "SuppressWarnings" {
					return true
				}
				decl := t.nodes[idx].parent
				args := t.child(a, fArguments)
				if args < 0 || decl < 0 {
					return true
				}
				var vals []string
				var collect func(n int32)
				collect = func(n int32) {
					if t.kind(n) == kStringLiteral {
						vals = append(vals, unquote(t.text(n)))
						return
					}
					for c := t.nodes[n].first; c >= 0; c = t.nodes[c].next {
						collect(c)
					}
				}
				collect(args)
				for _, v := range vals {
					if !strings.HasPrefix(v, "kompat:") {
						continue
					}
					body := strings.TrimPrefix(v, "kompat:")
					reason := ""
					if i := strings.Index(body, "--"); i >= 0 {
						body, reason = body[:i], strings.TrimSpace(body[i+2:])
					}
					out = append(out, Suppression{Rules: splitRules(body), Reason: reason, Line: t.line(a), Col: t.col(a),
						Kind: "annotation", FromLine: t.line(decl), ToLine: t.endLine(decl)})
				}
				return true
			})
		}
	}
	return out
}

func splitRules(s string) []string {
	var out []string
	for _, r := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if r != "" {
			out = append(out, r)
		}
	}
	return out
}

// decodeSource turns a source file into UTF-8: a byte-order mark selects UTF-8 or UTF-16 (LE or
// BE) and is dropped; other text that is not UTF-8 is read as ISO-8859-1 with a notice.
func decodeSource(path string, src []byte) ([]byte, []reports.Notice) {
	switch {
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		src = src[3:]
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		le := src[0] == 0xFF
		body := src[2:]
		units := make([]uint16, len(body)/2)
		for i := range units {
			if le {
				units[i] = uint16(body[2*i]) | uint16(body[2*i+1])<<8
			} else {
				units[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
			}
		}
		out := make([]byte, 0, len(units)+len(units)/4)
		for _, r := range utf16.Decode(units) {
			out = utf8.AppendRune(out, r)
		}
		var ns []reports.Notice
		if len(body)%2 != 0 {
			ns = append(ns, reports.Notice{Code: "KP9002", Level: reports.NoticeWarning, Path: path,
				Message: "UTF-16 file has an odd number of bytes; the last byte was ignored"})
		}
		return out, ns
	}
	if utf8.Valid(src) {
		return src, nil
	}
	return latin1ToUTF8(src), []reports.Notice{{Code: "KP9002", Level: reports.NoticeWarning, Path: path,
		Message: "file is not valid UTF-8; it was read as ISO-8859-1 (set the source encoding to UTF-8 to silence this)"}}
}

func latin1ToUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		if c < 0x80 {
			out = append(out, c)
		} else {
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return out
}

// ParseOnly runs the tree-sitter parse alone and frees the tree: the baseline the source
// benchmark compares a full scan against.
func (p *Parser) ParseOnly(src []byte) error {
	return p.p.parseOnly(src)
}

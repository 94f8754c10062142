package javasrc

import (
	"sort"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// kind is the small enum of grammar node kinds the lowering looks at; every other symbol is kOther.
type kind uint8

const (
	kOther kind = iota
	kProgram
	kPackageDecl
	kImportDecl
	kAsterisk
	kStatic
	kClassDecl
	kInterfaceDecl
	kEnumDecl
	kRecordDecl
	kAnnotationTypeDecl
	kClassBody
	kInterfaceBody
	kEnumBody
	kEnumBodyDecls
	kEnumConstant
	kAnnotationTypeBody
	kFieldDecl
	kConstantDecl
	kMethodDecl
	kConstructorDecl
	kCompactConstructorDecl
	kConstructorBody
	kStaticInitializer
	kBlock
	kModifiers
	kMarkerAnnotation
	kAnnotation
	kAnnotationArgList
	kElementValuePair
	kElementValueArrayInit
	kFormalParameters
	kFormalParameter
	kSpreadParameter
	kVariableDeclarator
	kLocalVarDecl
	kIdentifier
	kScopedIdentifier
	kTypeIdentifier
	kScopedTypeIdentifier
	kGenericType
	kTypeArguments
	kWildcard
	kArrayType
	kDimensions
	kIntegralType
	kFloatingPointType
	kBooleanType
	kVoidType
	kTypeParameters
	kMethodInvocation
	kObjectCreation
	kAssignment
	kFieldAccess
	kThis
	kSuper
	kStringLiteral
	kStringFragment
	kNullLiteral
	kClassLiteral
	kLambda
	kMethodReference
	kCastExpr
	kParenExpr
	kTryStmt
	kTryWithResources
	kResourceSpec
	kResource
	kFinallyClause
	kCatchClause
	kCatchFormalParameter
	kSynchronizedStmt
	kEnhancedFor
	kExplicitConstructorInvocation
	kArgumentList
	kLineComment
	kBlockComment
	kDecimalInteger
	kTrue
	kFalse
	kSuperclass
	kSuperInterfaces
	kExtendsInterfaces
	kTypeList
	kThrows
	kInferredParameters
	kLambdaParameters
	kBinaryExpr
	kUpdateExpr
	kReturnStmt
	kInstanceofExpr
	kLoopStmt
	kError
	kLast
)

var kindNames = map[string]kind{
	"program": kProgram, "package_declaration": kPackageDecl, "import_declaration": kImportDecl,
	"asterisk": kAsterisk, "static": kStatic,
	"class_declaration": kClassDecl, "interface_declaration": kInterfaceDecl, "enum_declaration": kEnumDecl,
	"record_declaration": kRecordDecl, "annotation_type_declaration": kAnnotationTypeDecl,
	"class_body": kClassBody, "interface_body": kInterfaceBody, "enum_body": kEnumBody,
	"enum_body_declarations": kEnumBodyDecls, "enum_constant": kEnumConstant, "annotation_type_body": kAnnotationTypeBody,
	"field_declaration": kFieldDecl, "constant_declaration": kConstantDecl, "method_declaration": kMethodDecl,
	"constructor_declaration": kConstructorDecl, "compact_constructor_declaration": kCompactConstructorDecl,
	"constructor_body": kConstructorBody, "static_initializer": kStaticInitializer, "block": kBlock,
	"modifiers": kModifiers, "marker_annotation": kMarkerAnnotation, "annotation": kAnnotation,
	"annotation_argument_list": kAnnotationArgList, "element_value_pair": kElementValuePair,
	"element_value_array_initializer": kElementValueArrayInit,
	"formal_parameters":               kFormalParameters, "formal_parameter": kFormalParameter, "spread_parameter": kSpreadParameter,
	"variable_declarator": kVariableDeclarator, "local_variable_declaration": kLocalVarDecl,
	"identifier": kIdentifier, "scoped_identifier": kScopedIdentifier, "type_identifier": kTypeIdentifier,
	"scoped_type_identifier": kScopedTypeIdentifier, "generic_type": kGenericType, "type_arguments": kTypeArguments,
	"wildcard": kWildcard, "array_type": kArrayType, "dimensions": kDimensions, "integral_type": kIntegralType,
	"floating_point_type": kFloatingPointType, "boolean_type": kBooleanType, "void_type": kVoidType,
	"type_parameters":   kTypeParameters,
	"method_invocation": kMethodInvocation, "object_creation_expression": kObjectCreation,
	"assignment_expression": kAssignment, "field_access": kFieldAccess, "this": kThis, "super": kSuper,
	"string_literal": kStringLiteral, "string_fragment": kStringFragment, "null_literal": kNullLiteral,
	"class_literal": kClassLiteral, "lambda_expression": kLambda, "method_reference": kMethodReference,
	"cast_expression": kCastExpr, "parenthesized_expression": kParenExpr,
	"try_statement": kTryStmt, "try_with_resources_statement": kTryWithResources,
	"resource_specification": kResourceSpec, "resource": kResource, "finally_clause": kFinallyClause,
	"catch_clause": kCatchClause, "catch_formal_parameter": kCatchFormalParameter,
	"synchronized_statement": kSynchronizedStmt, "enhanced_for_statement": kEnhancedFor,
	"explicit_constructor_invocation": kExplicitConstructorInvocation, "argument_list": kArgumentList,
	"line_comment": kLineComment, "block_comment": kBlockComment, "decimal_integer_literal": kDecimalInteger,
	"true": kTrue, "false": kFalse, "superclass": kSuperclass, "super_interfaces": kSuperInterfaces,
	"extends_interfaces": kExtendsInterfaces, "type_list": kTypeList, "throws": kThrows,
	"inferred_parameters": kInferredParameters, "lambda_parameters": kLambdaParameters, "return_statement": kReturnStmt, "ERROR": kError,
	"binary_expression": kBinaryExpr, "update_expression": kUpdateExpr, "instanceof_expression": kInstanceofExpr,
	"while_statement": kLoopStmt, "do_statement": kLoopStmt, "for_statement": kLoopStmt,
}

// Field ids the lowering uses, resolved from the grammar at start-up.
var (
	symKind  []kind // grammar symbol -> kind
	symNamed []bool // grammar symbol -> named node
	namedTab []byte // the same as bytes, for the C walk
	fName, fType, fBody, fValue, fObject, fArguments, fParameters, fDeclarator, fLeft, fRight,
	fField, fElement, fDimensions, fKey, fConstructor, fResources uint16
	fieldNames []string
)

// punctuation tokens carry nothing the lowering reads; the flattening walk does not record them.
var punctuation = map[string]bool{";": true, ",": true, ".": true, "(": true, ")": true, "{": true, "}": true, "[": true, "]": true, "@": true, "::": true, "...": true}

// modifier keywords are anonymous nodes inside "modifiers"; map their symbols to names.
var modifierSyms = map[uint16]string{}

func initKinds(l *sitter.Language) {
	n := int(l.NodeKindCount())
	symKind = make([]kind, n+1)
	symNamed = make([]bool, n+1)
	for i := 0; i < n; i++ {
		symNamed[i] = l.NodeKindIsNamed(uint16(i))
		name := l.NodeKindForId(uint16(i))
		if k, ok := kindNames[name]; ok && l.NodeKindIsNamed(uint16(i)) || ok && (name == "static" || name == "this" || name == "super" || name == "true" || name == "false") {
			symKind[i] = k
		}
		if !l.NodeKindIsNamed(uint16(i)) {
			switch name {
			case "public", "private", "protected", "static", "final", "abstract", "synchronized",
				"volatile", "transient", "native", "default", "strictfp", "sealed", "non-sealed":
				modifierSyms[uint16(i)] = name
			}
		}
	}
	namedTab = make([]byte, len(symNamed))
	for i, nm := range symNamed {
		switch {
		case nm && symKind[i] == kStringLiteral:
			namedTab[i] = 3 // read as its text: its fragments, escapes and quotes are not flattened
		case nm:
			namedTab[i] = 1
		case !punctuation[l.NodeKindForId(uint16(i))]:
			namedTab[i] = 2 // keywords and operators the lowering reads
		}
	}
	id := func(s string) uint16 { return l.FieldIdForName(s) }
	fName, fType, fBody, fValue, fObject = id("name"), id("type"), id("body"), id("value"), id("object")
	fArguments, fParameters, fDeclarator, fLeft, fRight = id("arguments"), id("parameters"), id("declarator"), id("left"), id("right")
	fField, fElement, fDimensions = id("field"), id("element"), id("dimensions")
	fKey, fConstructor, fResources = id("key"), id("constructor"), id("resources")
	fc := int(l.FieldCount())
	fieldNames = make([]string, fc+1)
	for i := 1; i <= fc; i++ {
		fieldNames[i] = l.FieldNameForId(uint16(i))
	}
}

// tree is a parsed file: the flat node array plus the source and its line starts.
type tree struct {
	nodes      []flatNode
	src        []byte
	lineStarts []int
}

// Every accessor accepts -1 (a child that is absent, or lies past the depth limit) and answers
// as for an empty node, so the lowering never indexes out of the tree.

func (t *tree) kind(i int32) kind {
	if i < 0 {
		return kOther
	}
	s := t.nodes[i].symbol
	if s == 65535 {
		return kError
	}
	if int(s) < len(symKind) {
		return symKind[s]
	}
	return kOther
}

func (t *tree) named(i int32) bool {
	if i < 0 {
		return false
	}
	s := t.nodes[i].symbol
	return s == 65535 || int(s) < len(symNamed) && symNamed[s]
}

// text returns the node's source text without copying: the string aliases the file's source,
// which the ir.File keeps and nothing ever modifies.
func (t *tree) text(i int32) string {
	if i < 0 {
		return ""
	}
	n := &t.nodes[i]
	if n.end <= n.start {
		return ""
	}
	return unsafe.String(&t.src[n.start], int(n.end-n.start))
}

// lineOf returns the 1-based line of a byte offset.
func (t *tree) lineOf(off uint32) int {
	return sort.Search(len(t.lineStarts), func(i int) bool { return t.lineStarts[i] > int(off) })
}

func (t *tree) line(i int32) int {
	if i < 0 {
		return 0
	}
	return t.lineOf(t.nodes[i].start)
}

// col is the 1-based byte column of the node's start.
func (t *tree) col(i int32) int {
	if i < 0 {
		return 0
	}
	l := t.line(i)
	return int(t.nodes[i].start) - t.lineStarts[l-1] + 1
}

// endLine is the 1-based line of the node's last byte.
func (t *tree) endLine(i int32) int {
	if i < 0 {
		return 0
	}
	n := &t.nodes[i]
	if n.end > n.start {
		return t.lineOf(n.end - 1)
	}
	return t.lineOf(n.start)
}

// children iterates the direct children of i.
func (t *tree) children(i int32, f func(c int32) bool) {
	if i < 0 {
		return
	}
	for c := t.nodes[i].first; c >= 0; c = t.nodes[c].next {
		if !f(c) {
			return
		}
	}
}

// child returns the first child with a field id, or -1.
func (t *tree) child(i int32, field uint16) int32 {
	if i < 0 {
		return -1
	}
	for c := t.nodes[i].first; c >= 0; c = t.nodes[c].next {
		if t.nodes[c].field == field {
			return c
		}
	}
	return -1
}

// childKind returns the first child of a kind, or -1.
func (t *tree) childKind(i int32, k kind) int32 {
	if i < 0 {
		return -1
	}
	for c := t.nodes[i].first; c >= 0; c = t.nodes[c].next {
		if t.kind(c) == k {
			return c
		}
	}
	return -1
}

// namedChildren returns the named children (excluding comments).
func (t *tree) namedChildren(i int32) []int32 {
	var out []int32
	if i < 0 {
		return nil
	}
	for c := t.nodes[i].first; c >= 0; c = t.nodes[c].next {
		if t.named(c) && t.kind(c) != kLineComment && t.kind(c) != kBlockComment {
			out = append(out, c)
		}
	}
	return out
}

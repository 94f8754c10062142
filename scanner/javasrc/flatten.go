package javasrc

/*
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

// Declarations of the tree-sitter C API (v0.25, linked through go-tree-sitter). Only what the
// flattening walk uses; layouts follow tree_sitter/api.h.
typedef struct { uint32_t context[4]; const void *id; const void *tree; } KTSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } KTSTreeCursor;
typedef struct { uint32_t row; uint32_t column; } KTSPoint;

extern KTSTreeCursor ts_tree_cursor_new(KTSNode node);
extern void ts_tree_cursor_delete(KTSTreeCursor *self);
extern KTSNode ts_tree_cursor_current_node(const KTSTreeCursor *self);
extern uint16_t ts_tree_cursor_current_field_id(const KTSTreeCursor *self);
extern bool ts_tree_cursor_goto_parent(KTSTreeCursor *self);
extern bool ts_tree_cursor_goto_next_sibling(KTSTreeCursor *self);
extern bool ts_tree_cursor_goto_first_child(KTSTreeCursor *self);
extern uint16_t ts_node_symbol(KTSNode self);
extern uint32_t ts_node_start_byte(KTSNode self);
extern uint32_t ts_node_end_byte(KTSNode self);
extern KTSPoint ts_node_start_point(KTSNode self);
extern bool ts_node_is_named(KTSNode self);
extern bool ts_node_is_missing(KTSNode self);
extern bool ts_node_has_error(KTSNode self);
extern uint32_t ts_node_child_count(KTSNode self);
extern void ts_set_allocator(void *(*)(size_t), void *(*)(size_t, size_t), void *(*)(void *, size_t), void (*)(void *));
extern void *ts_parser_new(void);
extern void ts_parser_delete(void *self);
extern bool ts_parser_set_language(void *self, const void *language);
extern void *ts_parser_parse_string(void *self, const void *old_tree, const char *string, uint32_t length);
extern void ts_parser_reset(void *self);
extern void ts_parser_set_cancellation_flag(void *self, const size_t *flag);
extern void ts_tree_delete(void *self);
extern KTSNode ts_tree_root_node(const void *self);

// kompat_parse parses len bytes of UTF-8 at src (read only during the call) into a tree the
// caller deletes with ts_tree_delete; NULL when the parse was cancelled or failed (the parser is
// then reset). *root and *has_error describe the tree.
static void *kompat_parse(void *parser, const char *src, uint32_t len, KTSNode *root, int *has_error) {
	void *tree = ts_parser_parse_string(parser, NULL, src, len);
	if (tree == NULL) {
		ts_parser_reset(parser);
		return NULL;
	}
	*root = ts_tree_root_node(tree);
	*has_error = ts_node_has_error(*root);
	return tree;
}

#include <malloc.h>

// Tree-sitter allocates from whichever OS thread runs the parse; glibc gives threads their own
// arenas and keeps freed memory in each. Two arenas serve two workers without hoarding.
static void kompat_use_libc_allocator(void) {
	ts_set_allocator(NULL, NULL, NULL, NULL);
	mallopt(M_ARENA_MAX, 2);
}

// kompat_trim hands the pages of freed memory in every arena back to the system.
static void kompat_trim(void) { malloc_trim(0); }

// One flattened node; must match the Go type flatNode byte for byte. Line, column and
// named-ness are derived in Go (from byte offsets and a per-symbol table), which keeps this walk
// to four cheap calls per node.
typedef struct {
	uint32_t start, end;
	int32_t parent, first, next;
	uint16_t symbol, field;
	uint8_t flags;
	uint8_t pad[3];
} KNode;

enum { KF_NAMED = 1, KF_MISSING = 2, KF_ERROR = 4, KF_TRUNCATED = 8 };

// KOMPAT_MAX_DEPTH bounds the walk (and so every recursive lowering step after it): a node at that
// depth is recorded without its children and flagged KF_TRUNCATED.
#define KOMPAT_MAX_DEPTH 4095

// kompat_flatten walks the tree under *root in pre-order and writes every node into out (cap
// entries). It returns the node count, or -(count needed) when out is too small. *truncated is the
// index of the first node whose children lie past KOMPAT_MAX_DEPTH, or -1.
static int64_t kompat_flatten(const KTSNode *root, KNode *out, int64_t cap, int check_missing,
                              const uint8_t *named, uint16_t nsyms, int64_t *truncated) {
	// named[s]: 1 named node (fields wanted), 2 anonymous token worth keeping (keywords,
	// operators), 0 punctuation the lowering never reads: such leaves are not recorded; 3 a
	// named node whose children the lowering never reads (a string literal, read as its text):
	// recorded without them, unless the tree has errors (check_missing), which are looked for
	// everywhere.
	KTSTreeCursor c = ts_tree_cursor_new(*root);
	int64_t n = 0;
	int32_t stack[KOMPAT_MAX_DEPTH + 1];   // index of the current node at each depth
	int32_t lastChild[KOMPAT_MAX_DEPTH + 1];
	*truncated = -1;
	int depth = 0;
	int64_t needed = 0;
	for (;;) {
		KTSNode node = ts_tree_cursor_current_node(&c);
		uint16_t sym = ts_node_symbol(node);
		if (depth > 0 && sym < nsyms && named[sym] == 0 && !check_missing) {
			// punctuation leaf: step over it
			for (;;) {
				if (ts_tree_cursor_goto_next_sibling(&c)) {
					break;
				}
				if (depth == 0 || !ts_tree_cursor_goto_parent(&c)) {
					ts_tree_cursor_delete(&c);
					return needed <= cap ? needed : -needed;
				}
				depth--;
			}
			continue;
		}
		int32_t idx = (int32_t)needed;
		needed++;
		if (n < cap) {
			KNode *k = &out[n];
			k->start = ts_node_start_byte(node);
			k->end = ts_node_end_byte(node);
			k->symbol = sym;
			// Field ids cost a scan of the parent's field map; only named children carry the
			// fields the lowering reads.
			k->field = (sym < nsyms && (named[sym] == 1 || named[sym] == 3)) ? ts_tree_cursor_current_field_id(&c) : 0;
			k->flags = (k->symbol == 65535 ? KF_ERROR : 0) | (check_missing && ts_node_is_missing(node) ? KF_MISSING : 0);
			k->first = -1;
			k->next = -1;
			k->parent = depth > 0 ? stack[depth - 1] : -1;
			if (depth > 0) {
				if (lastChild[depth - 1] < 0) {
					out[stack[depth - 1]].first = idx;
				} else {
					out[lastChild[depth - 1]].next = idx;
				}
				lastChild[depth - 1] = idx;
			}
			n++;
		}
		int opaque = sym < nsyms && named[sym] == 3 && !check_missing;
		if (opaque) {
			// recorded as a leaf: step to what follows it
		} else if (depth < KOMPAT_MAX_DEPTH) {
			if (ts_tree_cursor_goto_first_child(&c)) {
				stack[depth] = idx;
				lastChild[depth] = -1;
				depth++;
				continue;
			}
		} else if (ts_node_child_count(node) > 0) {
			if (n > 0 && idx < n) {
				out[idx].flags |= KF_TRUNCATED;
			}
			if (*truncated < 0) {
				*truncated = idx;
			}
		}
		for (;;) {
			if (ts_tree_cursor_goto_next_sibling(&c)) {
				break;
			}
			if (depth == 0 || !ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return needed <= cap ? needed : -needed;
			}
			depth--;
		}
	}
}
*/
import "C"

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
	java "github.com/tree-sitter/tree-sitter-java/bindings/go"
)

// flatNode mirrors the C KNode.
type flatNode struct {
	start, end          uint32
	parent, first, next int32
	symbol, field       uint16
	flags               uint8
	_                   [3]uint8
}

const (
	flagNamed   = 1
	flagMissing = 2
	flagError   = 4
	// flagTruncated marks a node recorded without its children: they lie deeper than maxDepth.
	flagTruncated = 8
	maxDepth      = C.KOMPAT_MAX_DEPTH
)

var (
	langOnce sync.Once
	language *sitter.Language
)

// lang returns the Java language and switches tree-sitter to the libc allocator once: the
// default routes every allocation through a Go callback, which costs about a third of parse speed.
func lang() *sitter.Language {
	langOnce.Do(func() {
		C.kompat_use_libc_allocator()
		language = sitter.NewLanguage(java.Language())
		initKinds(language)
	})
	return language
}

// ReleaseMemory hands the memory the parsers freed back to the system (glibc keeps the pages of
// freed parse trees in its arenas): called once the parsing phase is over, so the whole-program
// phase does not run on top of parse trees that are gone.
func ReleaseMemory() { C.kompat_trim() }

// parser is one goroutine's tree-sitter parser and its reusable node buffer. It drives the C
// parser directly: go-tree-sitter's Parse reads the source through a Go callback that copies it
// twice (to a Go string, then to C memory) on every parse.
type parser struct {
	p     unsafe.Pointer // TSParser*
	nodes []flatNode
	// cancel is tree-sitter's cancellation flag, in C memory (the parser reads it while it runs).
	cancel *uintptr
}

func newParser() (*parser, error) {
	l := lang()
	p := C.ts_parser_new()
	if p == nil {
		return nil, fmt.Errorf("tree-sitter: no parser")
	}
	if !C.ts_parser_set_language(p, unsafe.Pointer(l.Inner)) {
		C.ts_parser_delete(p)
		return nil, fmt.Errorf("set java language: tree-sitter refused the grammar (ABI version %d)", l.AbiVersion())
	}
	flag := (*uintptr)(C.calloc(1, C.size_t(unsafe.Sizeof(uintptr(0)))))
	C.ts_parser_set_cancellation_flag(p, (*C.size_t)(unsafe.Pointer(flag)))
	return &parser{p: p, nodes: make([]flatNode, 0, 1<<14), cancel: flag}, nil
}

func (ps *parser) close() {
	C.ts_parser_set_cancellation_flag(ps.p, nil)
	C.ts_parser_delete(ps.p)
	C.free(unsafe.Pointer(ps.cancel))
}

// bigSource is the size from which a file's parse tree is handed back to the system as soon as
// it is freed.
const bigSource = 256 << 10

// emptySource stands in for the bytes of an empty file (tree-sitter wants a pointer).
var emptySource = []byte{0}

// parseOnly parses src and frees the tree: the baseline the source benchmark compares against.
func (ps *parser) parseOnly(src []byte) error {
	tree, _, _ := ps.tree(src)
	if tree == nil {
		return fmt.Errorf("tree-sitter returned no tree")
	}
	C.ts_tree_delete(tree)
	return nil
}

// tree parses src into a C tree (nil when the parse was cancelled or failed).
func (ps *parser) tree(src []byte) (tree unsafe.Pointer, root C.KTSNode, hasError bool) {
	buf := src
	if len(buf) == 0 {
		buf = emptySource
	}
	var he C.int
	tree = C.kompat_parse(ps.p, (*C.char)(unsafe.Pointer(&buf[0])), C.uint32_t(len(src)), &root, &he)
	return tree, root, he != 0
}

// flat is one parse's flattened tree (valid until the next parse on this parser).
type flat struct {
	nodes    []flatNode
	hasError bool  // tree-sitter found syntax errors
	deep     int32 // first node whose children lie past maxDepth, or -1
}

// parse parses src and flattens the tree. Cancelling ctx stops tree-sitter mid-file.
func (ps *parser) parse(ctx context.Context, src []byte) (flat, error) {
	atomic.StoreUintptr(ps.cancel, 0)
	if ctx.Err() != nil {
		return flat{}, ctx.Err()
	}
	if ctx.Done() != nil {
		// raise tree-sitter's flag when ctx is cancelled; no goroutine per parse (AfterFunc runs
		// the function only on cancellation)
		flag := ps.cancel
		stop := context.AfterFunc(ctx, func() { atomic.StoreUintptr(flag, 1) })
		defer stop()
	}
	tree, root, hasError := ps.tree(src)
	if tree == nil {
		if err := ctx.Err(); err != nil {
			return flat{}, err
		}
		return flat{}, fmt.Errorf("tree-sitter returned no tree")
	}
	defer func() {
		C.ts_tree_delete(tree)
		if len(src) >= bigSource {
			C.kompat_trim() // a big file's tree is many megabytes that glibc would keep
		}
	}()
	missing := 0
	if hasError {
		missing = 1 // only files with errors pay for the missing-node check
	}
	for {
		buf := ps.nodes[:cap(ps.nodes)]
		var ptr *C.KNode
		if len(buf) > 0 {
			ptr = (*C.KNode)(unsafe.Pointer(&buf[0]))
		}
		var deep C.int64_t
		n := int64(C.kompat_flatten(&root, ptr, C.int64_t(len(buf)), C.int(missing),
			(*C.uint8_t)(unsafe.Pointer(&namedTab[0])), C.uint16_t(len(namedTab)), &deep))
		if n >= 0 {
			ps.nodes = buf[:n]
			return flat{nodes: ps.nodes, hasError: missing == 1, deep: int32(deep)}, nil
		}
		ps.nodes = make([]flatNode, 0, -n+(-n)/4)
	}
}

func init() {
	if unsafe.Sizeof(flatNode{}) != unsafe.Sizeof(C.KNode{}) {
		panic("javasrc: flatNode does not match KNode")
	}
}

package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

func init() {
	register(&command{name: "completion", summary: "print a shell completion script (completion bash|zsh|fish)", run: runCompletion,
		examples: "  source <(kompat completion bash)\n  kompat completion zsh > \"${fpath[1]}/_kompat\"\n  kompat completion fish > ~/.config/fish/completions/kompat.fish\n"})
}

func runCompletion(_ context.Context, e *env, args []string) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintf(e.stdout, "Usage: kompat completion bash|zsh|fish\n\nPrints a completion script for the shell: commands, and each command's flags.\n\nExamples:\n%s", commands["completion"].examples)
		return exitOK
	}
	if len(args) != 1 {
		return fail(e, "completion", usagef("want one shell: bash, zsh or fish"))
	}
	flags := map[string][]string{}
	for _, n := range commandNames() {
		for _, f := range commandFlags(n) {
			flags[n] = append(flags[n], "--"+f)
		}
	}
	switch args[0] {
	case "bash":
		writeBash(e.stdout, flags)
	case "zsh":
		fmt.Fprintln(e.stdout, "#compdef kompat")
		fmt.Fprintln(e.stdout, "autoload -U +X bashcompinit && bashcompinit")
		writeBash(e.stdout, flags)
	case "fish":
		writeFish(e.stdout, flags)
	default:
		return fail(e, "completion", usagef("unknown shell %q%s (want bash, zsh or fish)", args[0], suggest(args[0], []string{"bash", "zsh", "fish"})))
	}
	return exitOK
}

func writeBash(w io.Writer, flags map[string][]string) {
	fmt.Fprintf(w, `# kompat completion for bash (and zsh through bashcompinit)
_kompat() {
    local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "%s help --help --version" -- "$cur"))
        return
    fi
    case "$cmd" in
`, strings.Join(commandNames(), " "))
	for _, n := range commandNames() {
		words := strings.Join(append(flags[n], "--help"), " ")
		switch n {
		case "rules":
			words = "list explain markdown docs --help"
		case "completion":
			words = "bash zsh fish"
		case "image":
			words = "build " + words
		}
		fmt.Fprintf(w, "        %s)\n            if [[ $cur == -* || %q == %q ]]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); else COMPREPLY=($(compgen -f -- \"$cur\")); fi ;;\n", n, n, "completion", words)
	}
	fmt.Fprint(w, "    esac\n}\ncomplete -o filenames -F _kompat kompat\n")
}

func writeFish(w io.Writer, flags map[string][]string) {
	fmt.Fprintln(w, "# kompat completion for fish")
	for _, n := range commandNames() {
		fmt.Fprintf(w, "complete -c kompat -n __fish_use_subcommand -a %s -d %q\n", n, commands[n].summary)
	}
	for _, n := range commandNames() {
		for _, f := range flags[n] {
			fmt.Fprintf(w, "complete -c kompat -n '__fish_seen_subcommand_from %s' -l %s\n", n, strings.TrimPrefix(f, "--"))
		}
	}
	fmt.Fprintln(w, "complete -c kompat -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'")
}

/**
 * The bash and zsh completion scripts. Both ask the CLI itself (`cloudops __complete <words…> <current>`) so
 * tool names, tool flags, scenarios and the config's environments are never out of date; when it offers
 * nothing (a --config FILE value), the shell completes file names.
 */
export const BASH_COMPLETION = `# cloudops bash completion. Install: cloudops completion bash > ~/.local/share/bash-completion/completions/cloudops
_cloudops() {
  local cur=\${COMP_WORDS[COMP_CWORD]}
  local IFS=$'\\n'
  COMPREPLY=( $("\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) )
}
complete -o default -F _cloudops cloudops
`;

export const ZSH_COMPLETION = `#compdef cloudops
# cloudops zsh completion. Install: cloudops completion zsh > "\${fpath[1]}/_cloudops" (or: source <(cloudops completion zsh))
_cloudops() {
  local -a cands
  cands=("\${(@f)$(\${words[1]} __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if (( \${#cands} )) && [[ -n "\${cands[1]}" ]]; then
    compadd -a cands
  else
    _files
  fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautoload ]]; then _cloudops "$@"; else compdef _cloudops cloudops; fi
`;

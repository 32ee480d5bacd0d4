# bash completion for coauth: commands, options and their fixed values.
# Read from the --help texts at completion time, so it cannot fall behind the
# program: commands from `coauth --help`, a command's options from `coauth CMD
# --help`, and the fixed values of an option from its placeholder there
# ("--level country|institution" offers country and institution).
_coauth() {
    local cur prev cmd help word
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$(coauth --help 2>/dev/null |
            awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
            --help --version help" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}
    help=$(coauth "$cmd" --help 2>/dev/null) || return
    if [[ $prev == -* ]]; then
        # the placeholder after the option on its --help line
        word=$(printf '%s\n' "$help" | awk -v o="$prev" '
            /^  -/ { for (i = 1; i < NF; i++) { f = $i; sub(/,$/, "", f); if (f == o) { print $(i + 1); exit } } }')
        if [[ $word == *"|"* ]]; then
            COMPREPLY=($(compgen -W "$(printf '%s' "$word" | tr '|' ' ' | tr -d '[]' |
                tr ' ' '\n' | grep -v '[A-Z]')" -- "$cur"))
            return
        fi
        case $word in
            PATH|FILE|DB) COMPREPLY=($(compgen -f -- "$cur")); return ;;
            "") ;;
            *) [[ $word =~ ^[A-Z] ]] && return ;;
        esac
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _coauth coauth

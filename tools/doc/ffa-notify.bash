# SPDX-License-Identifier: BSD-3-Clause
# bash completion for ffa-notify (installed as
# share/bash-completion/completions/ffa-notify).

_ffa_notify()
{
	local cur prev sub i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	sub=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		script | run | help)
			sub=${COMP_WORDS[i]}
			break
			;;
		esac
	done

	case $sub in
	"")
		COMPREPLY=($(compgen -W "script run help --help --version" -- "$cur"))
		;;
	script)
		case $cur in
		-*)
			COMPREPLY=($(compgen -W "--keep-going --doc --help --version" -- "$cur"))
			;;
		*)
			# --doc takes a Markdown file, a script is a .ffa file.
			local ext='ffa'
			for ((i = 2; i < COMP_CWORD; i++)); do
				[[ ${COMP_WORDS[i]} == --doc || ${COMP_WORDS[i]} == -d ]] && ext='md'
			done
			COMPREPLY=($(compgen -f -X "!*.$ext" -- "$cur") $(compgen -d -S / -- "$cur"))
			compopt -o nospace 2>/dev/null
			;;
		esac
		;;
	run)
		case $prev in
		--trace | -t)
			COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -S / -- "$cur"))
			compopt -o nospace 2>/dev/null
			return
			;;
		--svg | -g)
			COMPREPLY=($(compgen -f -X '!*.svg' -- "$cur") $(compgen -d -S / -- "$cur"))
			compopt -o nospace 2>/dev/null
			return
			;;
		--seed | -s | --count | -n | --rate | -r | --duration | -d)
			return
			;;
		esac
		case $cur in
		-*)
			COMPREPLY=($(compgen -W "--seed --count --duration --rate --quiet --trace --svg --print-default --help --version" -- "$cur"))
			;;
		*)
			COMPREPLY=($(compgen -f -X '!*.scn' -- "$cur") $(compgen -d -S / -- "$cur"))
			compopt -o nospace 2>/dev/null
			;;
		esac
		;;
	esac
}
complete -F _ffa_notify ffa-notify

# completion.bash: bash completion for sandbox(1): verbs, options, backends,
# promises, run-time sets and policy files. Installed by `make install` as
# share/bash-completion/completions/sandbox; it needs no other package.

_sandbox_verbs="run check backends deps build sync learn compare bench"
_sandbox_run_opts="-b --backend -P --policy -r --root -u --user -g --group
	-p --pledge --execpromises -v --unveil -n --net --runtime --env
	--clearenv --set --rlimit --best-effort -q --quiet --verbose --help"
# The resource limits --rlimit names, as ulimit(1) and systemd name them.
_sandbox_rlimits="as core cpu data fsize locks memlock msgqueue nice nofile
	nproc rss rtprio rttime sigpending stack"
# The promise words of pledge(2), in the manual's order.
_sandbox_promises="stdio rpath wpath cpath dpath tmppath inet mcast fattr
	chown flock unix dns getpw sendfd recvfd tape tty proc exec prot_exec
	settime ps vminfo id pf route wroute audio video bpf unveil error"
_sandbox_runtimes="dns users tz terminfo locale gconv libgcc ssl nss localtime python
	perl python_startup"

# The backends built into the command at hand, from its --help.
_sandbox_backends()
{
	"${COMP_WORDS[0]}" --help 2>/dev/null |
	    sed -n 's/^backends: \([^(]*\).*/\1/p'
}

# A promise list is one word: complete its last promise.
_sandbox_complete_promises()
{
	local cur=$1 head last
	head=${cur% *}
	last=${cur##* }
	[ "$head" = "$cur" ] && head= || head="$head "
	COMPREPLY=($(compgen -P "$head" -W "$_sandbox_promises" -- "$last"))
	compopt -o nospace 2>/dev/null
}

# The value an option takes, or 1 when prev is not such an option.
_sandbox_complete_value()
{
	local prev=$1 cur=$2
	case $prev in
	-b|--backend)
		COMPREPLY=($(compgen -W "$(_sandbox_backends)" -- "$cur")) ;;
	-p|--pledge|--execpromises)
		_sandbox_complete_promises "$cur" ;;
	-P|--policy)
		COMPREPLY=($(compgen -f -X '!*.lua' -- "$cur") \
		    $(compgen -d -- "$cur")) ;;
	-n|--net)
		COMPREPLY=($(compgen -W "none host" -- "$cur")) ;;
	--runtime)
		COMPREPLY=($(compgen -W "$_sandbox_runtimes none" -- "$cur")) ;;
	-u|--user)
		COMPREPLY=($(compgen -u -- "$cur")) ;;
	-g|--group)
		COMPREPLY=($(compgen -g -- "$cur")) ;;
	-r|--root|-v|--unveil|-o|--file)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	--rlimit)
		COMPREPLY=($(compgen -S = -W "$_sandbox_rlimits" -- "$cur"))
		compopt -o nospace 2>/dev/null ;;
	--env|--set)
		COMPREPLY=() ;;
	*)
		return 1 ;;
	esac
	return 0
}

# The options of a verb other than run.
_sandbox_verb_opts()
{
	case $1 in
	check)	echo "--set --params" ;;
	deps)	echo "--root" ;;
	build)	echo "--root --file --runtime --user" ;;
	sync)	echo "--root" ;;
	learn)	echo "-o --append -u --user -g --group" ;;
	compare) echo "--json" ;;
	bench)	echo "--json --quick" ;;
	esac
}

_sandbox_is_verb()
{
	case " $_sandbox_verbs " in
	*" $1 "*) [ -n "$1" ] ;;
	*) return 1 ;;
	esac
}

# Whether option $1 takes the next word as its value.
_sandbox_takes_value()
{
	case $1 in
	-b|--backend|-P|--policy|-r|--root|-u|--user|-g|--group|-p|--pledge|\
	--execpromises|-v|--unveil|-n|--net|--runtime|--env|--set|-o|--file)
		return 0 ;;
	esac
	return 1
}

_sandbox()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= verb=run w i
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	_sandbox_complete_value "$prev" "$cur" && return 0
	# Walk the words before the cursor: a verb first, then options; the
	# first other word is the program, whose own words are its business.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [ "$i" = 1 ] && _sandbox_is_verb "$w"; then
			verb=$w
		elif _sandbox_takes_value "$w"; then
			i=$((i + 1))
		elif [ "$w" = -- ] || [ "${w#-}" = "$w" ]; then
			[ "$verb" = run ] || [ "$verb" = learn ] || continue
			compopt -o default 2>/dev/null
			return 0
		fi
	done
	if [ "$COMP_CWORD" = 1 ] && [ "${cur#-}" = "$cur" ]; then
		COMPREPLY=($(compgen -W "$_sandbox_verbs" -- "$cur") \
		    $(compgen -c -- "$cur" | sort -u))
	elif [ "${cur#-}" != "$cur" ]; then
		if [ "$verb" = run ]; then
			COMPREPLY=($(compgen -W "$_sandbox_run_opts" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_sandbox_verb_opts "$verb")" \
			    -- "$cur"))
		fi
	elif [ "$verb" = check ]; then
		COMPREPLY=($(compgen -f -X '!*.lua' -- "$cur") \
		    $(compgen -d -- "$cur"))
	else
		COMPREPLY=($(compgen -c -- "$cur" | sort -u) \
		    $(compgen -f -- "$cur"))
	fi
	return 0
}
complete -F _sandbox sandbox

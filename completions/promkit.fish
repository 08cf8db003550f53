function __promkit_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __promkit_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __promkit_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __promkit_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __promkit_parse_tokens -S
    set -l unparsed_tokens (__promkit_tokens -pc)
    switch $unparsed_tokens[1]
    case 'promkit'
        __promkit_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'inspect'
            __promkit_parse_subcommand 1 'json' 'samples' 'version' 'h/help'
        case 'render'
            __promkit_parse_subcommand 1 'format=' 'escaping=' 'o/output=' 'skip-invalid' 'version' 'h/help'
        case 'help'
            __promkit_parse_subcommand -r 1 'version'
        end
    end
end

function __promkit_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __promkit_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __promkit_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __promkit_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__promkit_tokens -p)
    if test -z "$(__promkit_tokens -t)"
        set -l index (count (__promkit_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'promkit' -f
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'inspect' -d 'See what is in a multiprocess directory.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'render' -d 'Show what /metrics would show for a multiprocess directory, without Python.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit inspect" -eq 1' -fa '(__promkit_complete_directories)'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit inspect" json' -l 'json' -d 'Print the report as JSON.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit inspect" samples' -l 'samples' -d 'Also list every entry of every file: metric, sample, labels, value, timestamp.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit inspect" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit inspect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit render" -eq 1' -fa '(__promkit_complete_directories)'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" format' -l 'format' -d 'Output format: text (0.0.4), openmetrics or json.' -rfka 'text openmetrics json'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" escaping' -l 'escaping' -d 'How names outside [a-zA-Z_:][a-zA-Z0-9_:]* are written: allow-utf-8, underscores, dots, values.' -rfka 'allow-utf-8 underscores dots values'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of stdout.' -rF
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" skip-invalid' -l 'skip-invalid' -d 'Render the remaining files when some are damaged, with a warning for each.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit help" version' -l 'version' -d 'Show the version.'

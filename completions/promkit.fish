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
            __promkit_parse_subcommand 1 'json' 'samples' 'lock-wait=' 'no-color' 'version' 'h/help'
        case 'render'
            __promkit_parse_subcommand 1 'format=' 'escaping=' 'o/output=' 'skip-invalid' 'lock-wait=' 'no-color' 'version' 'h/help'
        case 'merge'
            __promkit_parse_subcommand -r 1 'o/output=' 'force' 'json' 'lock-wait=' 'no-color' 'version' 'h/help'
        case 'clean'
            __promkit_parse_subcommand 1 'older-than=' 'assume-dead-after=' 'drop-dead-all-gauges' 'dry-run' 'json' 'q/quiet' 'wipe' 'force' 'lock-wait=' 'no-color' 'version' 'h/help'
        case 'validate'
            __promkit_parse_subcommand -r 1 'format=' 'strict' 'json' 'no-color' 'version' 'h/help'
        case 'lint'
            __promkit_parse_subcommand -r 1 'json' 'disable=+' 'enable=+' 'max-series=' 'list-rules' 'no-color' 'version' 'h/help'
        case 'load'
            __promkit_parse_subcommand 1 'n/requests=' 'd/duration=' 'c/connections=' 'rate=' 'threads=' 'm/method=' 'H/header=+' 'body=' 'body-file=' 'timeout=' 'disable-keepalive' 'k/insecure' 'verify=+' 'metrics=' 'expect=' 'tolerance=' 'settle=' 'multiproc-dir=' 'json' 'expect-status=' 'no-color' 'version' 'h/help'
        case 'serve'
            __promkit_parse_subcommand 1 'listen=' 'skip-invalid' 'self-metrics' 'scrape-timeout=' 'threads=' 'header-timeout=' 'idle-timeout=' 'max-connections=' 'fold' 'lock-wait=' 'log-level=' 'no-color' 'version' 'h/help'
        case 'run'
            __promkit_parse_subcommand -r 1 'dir=' 'listen=' 'self-metrics' 'q/quiet' 'no-color' 'version' 'h/help'
        case 'doctor'
            __promkit_parse_subcommand 1 'json' 'no-color' 'version' 'h/help'
        case 'paths'
            __promkit_parse_subcommand 0 'version' 'h/help'
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
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'merge' -d 'Fold many .db files into few that prometheus_client renders the same.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'clean' -d 'Fold dead processes\' .db files into archives, for cron; totals stay exact.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'validate' -d 'Check .db files or a /metrics scrape for corruption and format errors.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'lint' -d 'Check metric and label names against best practice, promtool\'s rules and more.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'load' -d 'Send HTTP load and verify that the server counted every request.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'serve' -d 'Serve a multiprocess directory\'s metrics over HTTP, as a sidecar exporter.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'run' -d 'Run an app with a multiprocess directory that looks after itself.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'doctor' -d 'Check a multiprocess deployment against the production checklist.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'paths' -d 'Print where this promkit\'s man page and shell completions are installed.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit inspect" -eq 1' -fa '(__promkit_complete_directories)'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit inspect" json' -l 'json' -d 'Print the report as JSON.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit inspect" samples' -l 'samples' -d 'Also list every entry of every file: metric, sample, labels, value, timestamp.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit inspect" lock-wait' -l 'lock-wait' -d 'How long to wait for a running promkit clean to publish its fold before giving up.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit inspect" no-color' -l 'no-color' -d 'Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit inspect" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit inspect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit render" -eq 1' -fa '(__promkit_complete_directories)'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" format' -l 'format' -d 'Output format: text (0.0.4), openmetrics or json.' -rfka 'text openmetrics json'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" escaping' -l 'escaping' -d 'How names outside [a-zA-Z_:][a-zA-Z0-9_:]* are written: allow-utf-8, underscores, dots, values.' -rfka 'allow-utf-8 underscores dots values'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" o output' -l 'output' -s 'o' -d 'Write to this file (atomically) instead of stdout.' -rF
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" skip-invalid' -l 'skip-invalid' -d 'Render the remaining files when some are damaged, with a warning for each.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" lock-wait' -l 'lock-wait' -d 'How long to wait for a running promkit clean to publish its fold before giving up.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" no-color' -l 'no-color' -d 'Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit render" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit merge" -ge 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'db\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit merge" o output' -l 'output' -s 'o' -d 'The folder to write (created; must be empty unless --force).' -rfa '(__promkit_complete_directories)'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit merge" force' -l 'force' -d 'Write into an existing, non-empty output folder, replacing files of the same names.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit merge" json' -l 'json' -d 'Print what was written as JSON.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit merge" lock-wait' -l 'lock-wait' -d 'How long to wait for a running promkit clean to publish its fold before giving up.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit merge" no-color' -l 'no-color' -d 'Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit merge" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit merge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit clean" -eq 1' -fa '(__promkit_complete_directories)'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" older-than' -l 'older-than' -d 'Only files unchanged for longer than this are candidates (30m, 12h, 7d). Default: any age.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" assume-dead-after' -l 'assume-dead-after' -d 'When no pid of the directory is visible (another pid namespace, such as a sidecar), treat files unchanged for this long as dead. Default: refuse in that case.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" drop-dead-all-gauges' -l 'drop-dead-all-gauges' -d 'Delete dead processes\' gauge files in mode \'all\' instead of keeping them.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" dry-run' -l 'dry-run' -d 'Print the plan; change nothing.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" json' -l 'json' -d 'Print a JSON summary: files folded, deleted, kept, ignored, and bytes freed.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" q quiet' -l 'quiet' -s 'q' -d 'Print nothing on success (for cron); problems still go to stderr.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" wipe' -l 'wipe' -d 'Delete every .db file that no running process maps (the start-up wipe); keep and list the rest.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" force' -l 'force' -d 'With --wipe: also when no process of the directory is visible (another pid namespace). Files that live workers are writing are then deleted and their counts lost.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" lock-wait' -l 'lock-wait' -d 'How long to wait for another clean\'s lock before giving up with exit 1.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" no-color' -l 'no-color' -d 'Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit clean" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit validate" -ge 1' -F
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit validate" format' -l 'format' -d 'How to read files: auto (by name and content), db, text or openmetrics.' -rfka 'auto db text openmetrics'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit validate" strict' -l 'strict' -d 'Exit 1 on warnings too.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit validate" json' -l 'json' -d 'Print the findings as a JSON array on stdout.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit validate" no-color' -l 'no-color' -d 'Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit validate" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit validate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit lint" -ge 1' -F
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit lint" json' -l 'json' -d 'Print the findings as a JSON array.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit lint"' -l 'disable' -d 'Do not run this rule (repeatable).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit lint"' -l 'enable' -d 'Also run this rule, for rules off by default (repeatable).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit lint" max-series' -l 'max-series' -d 'Report families with more series than this.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit lint" list-rules' -l 'list-rules' -d 'List the rules with their severity and rationale, then exit.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit lint" no-color' -l 'no-color' -d 'Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit lint" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit lint" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" n requests' -s 'n' -l 'requests' -d 'Send exactly this many requests.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" d duration' -s 'd' -l 'duration' -d 'Send for this long (10s, 1m30s).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" c connections' -s 'c' -l 'connections' -d 'Concurrent connections.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" rate' -l 'rate' -d 'Open-loop rate in requests per second (default: closed loop, as fast as answered).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" threads' -l 'threads' -d 'Event loops (threads); default: one per core.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" m method' -s 'm' -l 'method' -d 'The request method.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load"' -s 'H' -l 'header' -d 'A request header \'Name: value\' (repeatable).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" body' -l 'body' -d 'The request body.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" body-file' -l 'body-file' -d 'Read the request body from this file.' -rF
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" timeout' -l 'timeout' -d 'How long a request or connection attempt may take before it counts as a timeout.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" disable-keepalive' -l 'disable-keepalive' -d 'Open a new connection for every request (sends Connection: close).'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" insecure k' -s 'k' -l 'insecure' -d 'Do not verify TLS certificates.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load"' -l 'verify' -d 'A PromQL selector whose summed value must grow by the requests answered (repeatable).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" metrics' -l 'metrics' -d 'The metrics URL to scrape (default: the load URL\'s origin + /metrics; redirects are followed).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" expect' -l 'expect' -d 'The growth to expect (default: the requests answered).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" tolerance' -l 'tolerance' -d 'The allowed difference between observed and expected growth.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" settle' -l 'settle' -d 'How long to wait after the load before the second scrape.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" multiproc-dir' -l 'multiproc-dir' -d 'The multiprocess directory, to show each worker\'s share of the growth.' -rfa '(__promkit_complete_directories)'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" json' -l 'json' -d 'Print the report (and verification) as one JSON object.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" expect-status' -l 'expect-status' -d 'Exit 1 when an answer has another status: codes and classes, as in 200,204 or 2xx,304.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" no-color' -l 'no-color' -d 'Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit load" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit serve" -eq 1' -fa '(__promkit_complete_directories)'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" listen' -l 'listen' -d 'The address to listen on, HOST:PORT ([::1]:PORT for IPv6; port 0 picks a free one).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" skip-invalid' -l 'skip-invalid' -d 'Leave damaged files out of scrapes (logged on stderr, counted in promkit_skipped_files).'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" self-metrics' -l 'self-metrics' -d 'Add promkit_scrape_duration_seconds and promkit_scrape_files to each scrape.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" scrape-timeout' -l 'scrape-timeout' -d 'Answer 503 when a scrape takes longer than this (500ms, 10s, 1m).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" threads' -l 'threads' -d 'Threads that read and render scrapes in parallel.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" header-timeout' -l 'header-timeout' -d 'Close a connection whose request has not arrived whole this long after it connected or began sending (5s, 30s).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" idle-timeout' -l 'idle-timeout' -d 'Close a kept-alive connection that sends nothing for this long (30s, 2m).' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" max-connections' -l 'max-connections' -d 'The most connections open at once; at the limit a new one closes the one that waited longest for a request. Lowered to what ulimit -n leaves.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" fold' -l 'fold' -d 'Fold each worker\'s files within a second of its end (the app\'s processes must be visible).'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" lock-wait' -l 'lock-wait' -d 'How long to wait for a running promkit clean to publish its fold before giving up.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" log-level' -l 'log-level' -d 'The least severe log lines printed on stderr: trace and debug add a line per scrape, warning keeps only problems.' -rfka 'trace debug info notice warning error critical'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" no-color' -l 'no-color' -d 'Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit run" dir' -l 'dir' -d 'The multiprocess directory, created when missing. Default: $PROMETHEUS_MULTIPROC_DIR; without it, a private directory that is removed at the end.' -rfa '(__promkit_complete_directories)'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit run" listen' -l 'listen' -d 'Also serve /metrics on this address, HOST:PORT, as promkit serve does.' -rfka ''
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit run" self-metrics' -l 'self-metrics' -d 'With --listen: add promkit_scrape_duration_seconds and promkit_scrape_files to scrapes.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit run" q quiet' -l 'quiet' -s 'q' -d 'Print no line per fold; problems still go to stderr.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit run" no-color' -l 'no-color' -d 'Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit run" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_positional "promkit doctor" -eq 1' -fa '(__promkit_complete_directories)'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit doctor" json' -l 'json' -d 'Print the checks as JSON instead of ✓/✗ lines.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit doctor" no-color' -l 'no-color' -d 'Never colour diagnostics. Colour is used only when stderr is a terminal and NO_COLOR is unset.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit doctor" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit paths" version' -l 'version' -d 'Show the version.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit paths" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'promkit' -n '__promkit_should_offer_completions_for_flags_or_options "promkit help" version' -l 'version' -d 'Show the version.'

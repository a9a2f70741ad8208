# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_studio_global_optspecs
    string join \n h/help V/version
end

function __fish_studio_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_studio_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_studio_using_subcommand
    set -l cmd (__fish_studio_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c studio -n "__fish_studio_needs_command" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_needs_command" -s V -l version -d 'Print version'
complete -c studio -n "__fish_studio_needs_command" -f -a "local" -d 'Run a real local Flink session cluster, SQL Gateway and Kafka'
complete -c studio -n "__fish_studio_needs_command" -f -a "sql" -d 'Run .sql pipelines against a Flink SQL Gateway'
complete -c studio -n "__fish_studio_needs_command" -f -a "render" -d 'Render the platform\'s Kubernetes manifests as YAML or JSON'
complete -c studio -n "__fish_studio_needs_command" -f -a "jobs" -d 'List, show, cancel and stop Flink jobs through the JobManager'
complete -c studio -n "__fish_studio_needs_command" -f -a "savepoint" -d 'Take a savepoint of a job (prints its location), or dispose of one'
complete -c studio -n "__fish_studio_needs_command" -f -a "state-size" -d 'State size and checkpoint age per job; exit 8 when a threshold is breached'
complete -c studio -n "__fish_studio_needs_command" -f -a "cluster" -d 'Cluster overview and TaskManagers (slots, memory, heartbeat age)'
complete -c studio -n "__fish_studio_needs_command" -f -a "deploy" -d 'Apply the platform to a cluster with server-side apply (shows the target, asks first)'
complete -c studio -n "__fish_studio_needs_command" -f -a "status" -d 'Show the platform on the cluster: session cluster, gateway, pods, quota, warnings'
complete -c studio -n "__fish_studio_needs_command" -f -a "scale" -d 'Change the number of TaskManagers, within the namespace quota'
complete -c studio -n "__fish_studio_needs_command" -f -a "cleanup" -d 'Delete the platform from the cluster, FlinkDeployment first'
complete -c studio -n "__fish_studio_needs_command" -f -a "secret" -d 'Create or update the platform\'s secrets (Kafka credentials)'
complete -c studio -n "__fish_studio_needs_command" -f -a "operator" -d 'Install or upgrade the Flink Kubernetes Operator (CRDs, then helm)'
complete -c studio -n "__fish_studio_needs_command" -f -a "image" -d 'Build the platform image (Flink plus connectors and filesystem plugins)'
complete -c studio -n "__fish_studio_needs_command" -f -a "doctor" -d 'Check everything the platform needs and say what to do about each problem'
complete -c studio -n "__fish_studio_needs_command" -f -a "port-forward" -d 'Forward a local port to the SQL Gateway or JobManager through the Kubernetes API'
complete -c studio -n "__fish_studio_needs_command" -f -a "ui" -d 'Open the Flink UI through a port-forward over the Kubernetes API'
complete -c studio -n "__fish_studio_needs_command" -f -a "cloud" -d 'Set up cloud Workload Identity for the platform\'s storage (GKE or AKS)'
complete -c studio -n "__fish_studio_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell)'
complete -c studio -n "__fish_studio_needs_command" -f -a "man" -d 'Print the man page, or write one per command into a directory'
complete -c studio -n "__fish_studio_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -l flink-version -d 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -l flink-home -d 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -l rest-port -d 'JobManager REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -l gateway-port -d 'SQL Gateway REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -l kafka-port -d 'Kafka broker port (the KRaft controller uses the next port)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -l rpc-port -d 'JobManager RPC port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -l taskmanagers -d 'Number of TaskManagers' -r
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -l slots -d 'Task slots per TaskManager' -r
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -l state-dir -d 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -l no-kafka -d 'Do not run a Kafka broker'
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -f -a "up" -d 'Download (once) and start the stack; waits until every component is healthy. On a partly running stack, restarts only the components that died'
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -f -a "down" -d 'Stop exactly the processes `up` started. Safe to run twice'
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -f -a "status" -d 'Show each component\'s health and URL; exits 11 when a component is down'
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -f -a "demo" -d 'Start the stack if needed, run the quickstart pipeline on it and show the results'
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -f -a "logs" -d 'Print the log of a component (jobmanager, taskmanager, gateway, kafka), or list all logs'
complete -c studio -n "__fish_studio_using_subcommand local; and not __fish_seen_subcommand_from up down status demo logs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -l flink-version -d 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -l flink-home -d 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -l rest-port -d 'JobManager REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -l gateway-port -d 'SQL Gateway REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -l kafka-port -d 'Kafka broker port (the KRaft controller uses the next port)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -l rpc-port -d 'JobManager RPC port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -l taskmanagers -d 'Number of TaskManagers' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -l slots -d 'Task slots per TaskManager' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -l state-dir -d 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -l no-kafka -d 'Do not run a Kafka broker'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -l flink-version -d 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -l flink-home -d 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -l rest-port -d 'JobManager REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -l gateway-port -d 'SQL Gateway REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -l kafka-port -d 'Kafka broker port (the KRaft controller uses the next port)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -l rpc-port -d 'JobManager RPC port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -l taskmanagers -d 'Number of TaskManagers' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -l slots -d 'Task slots per TaskManager' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -l state-dir -d 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -l no-kafka -d 'Do not run a Kafka broker'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from down" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l output -d 'Output format' -r -f -a "text\t'A human-readable table'
json\t'One JSON document, for scripts'"
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l flink-version -d 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l flink-home -d 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l rest-port -d 'JobManager REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l gateway-port -d 'SQL Gateway REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l kafka-port -d 'Kafka broker port (the KRaft controller uses the next port)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l rpc-port -d 'JobManager RPC port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l taskmanagers -d 'Number of TaskManagers' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l slots -d 'Task slots per TaskManager' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l state-dir -d 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -l no-kafka -d 'Do not run a Kafka broker'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -l flink-version -d 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -l flink-home -d 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -l rest-port -d 'JobManager REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -l gateway-port -d 'SQL Gateway REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -l kafka-port -d 'Kafka broker port (the KRaft controller uses the next port)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -l rpc-port -d 'JobManager RPC port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -l taskmanagers -d 'Number of TaskManagers' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -l slots -d 'Task slots per TaskManager' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -l state-dir -d 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -l no-kafka -d 'Do not run a Kafka broker'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -s n -l lines -d 'How many lines from the end to print' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -l flink-version -d 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -l flink-home -d 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -l rest-port -d 'JobManager REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -l gateway-port -d 'SQL Gateway REST port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -l kafka-port -d 'Kafka broker port (the KRaft controller uses the next port)' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -l rpc-port -d 'JobManager RPC port' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -l taskmanagers -d 'Number of TaskManagers' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -l slots -d 'Task slots per TaskManager' -r
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -l state-dir -d 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]' -r -F
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -l no-kafka -d 'Do not run a Kafka broker'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from logs" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from help" -f -a "up" -d 'Download (once) and start the stack; waits until every component is healthy. On a partly running stack, restarts only the components that died'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from help" -f -a "down" -d 'Stop exactly the processes `up` started. Safe to run twice'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show each component\'s health and URL; exits 11 when a component is down'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from help" -f -a "demo" -d 'Start the stack if needed, run the quickstart pipeline on it and show the results'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from help" -f -a "logs" -d 'Print the log of a component (jobmanager, taskmanager, gateway, kafka), or list all logs'
complete -c studio -n "__fish_studio_using_subcommand local; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand sql" -s f -l sql-file -l file -d 'SQL file to run (repeatable)' -r -F
complete -c studio -n "__fish_studio_using_subcommand sql" -l sql -d 'Inline SQL, one or more statements separated by `;` (repeatable)' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l env-file -d 'A .env file with variables (repeatable; later files win)' -r -F
complete -c studio -n "__fish_studio_using_subcommand sql" -l var -d 'Set a variable; wins over .env files and the environment (repeatable)' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l secret -d 'Treat this variable\'s value as a secret and print it as *** (repeatable)' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l sql-gateway-url -l gateway-url -d 'SQL Gateway URL [default: http://localhost:8083]' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l flink-url -d 'JobManager REST URL, e.g. http://localhost:8081 (optional; see below)' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l header -d 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l bearer-token-file -d 'File holding a bearer token, sent as `Authorization: Bearer …`' -r -F
complete -c studio -n "__fish_studio_using_subcommand sql" -l basic-user -d 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l basic-password-file -d 'File holding the basic-auth password' -r -F
complete -c studio -n "__fish_studio_using_subcommand sql" -l ca-cert -d 'Extra CA certificate (PEM) to trust for https URLs' -r -F
complete -c studio -n "__fish_studio_using_subcommand sql" -l config -d 'Config file in the seed executor\'s schema (sql_gateway, flink, logging)' -r -F
complete -c studio -n "__fish_studio_using_subcommand sql" -s o -l output -d 'Output: table (materialized, default on a terminal; held in memory up to 256 MiB, beyond which the statement fails), changelog (default otherwise), json, csv (streamed)' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l wait-timeout -d 'Give up waiting (--wait) for a job after this long (exit 9)' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l max-rows -d 'Stop each query after N rows (exit 4 if reached)' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l timeout -d 'Stop each query after this long, e.g. 30s, 2m (exit 4 if reached)' -r
complete -c studio -n "__fish_studio_using_subcommand sql" -l insecure-skip-verify -d 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included'
complete -c studio -n "__fish_studio_using_subcommand sql" -l dry-run -d 'Print the plan (statements, kinds, file:line) and submit nothing. With `-o json`, JSON Lines'
complete -c studio -n "__fish_studio_using_subcommand sql" -l validate -d 'Validate in a throwaway session: run DDL, EXPLAIN every DML and query; start no job. DDL against a persistent catalog (Hive, JDBC) does take effect there'
complete -c studio -n "__fish_studio_using_subcommand sql" -l wait -d 'Wait for the jobs of INSERTs and statement sets to finish; fail if a job fails'
complete -c studio -n "__fish_studio_using_subcommand sql" -l continue-on-error -d 'Keep going after a failed statement (default: stop at the first failure)'
complete -c studio -n "__fish_studio_using_subcommand sql" -s v -l verbose -d 'Show full server stack traces (-v) and debug logs (-vv)'
complete -c studio -n "__fish_studio_using_subcommand sql" -s i -l interactive -d 'Open the interactive shell (the default on a terminal when no SQL is given)'
complete -c studio -n "__fish_studio_using_subcommand sql" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand render" -l config -d 'Platform configuration file' -r -F
complete -c studio -n "__fish_studio_using_subcommand render" -l cloud -d 'Cloud to render for; overrides the file\'s `cloud`' -r -f -a "gcp\t'GKE with GCS and GKE Workload Identity'
aks\t'AKS with ADLS Gen2 and Azure Workload Identity'"
complete -c studio -n "__fish_studio_using_subcommand render" -l env -d 'Environment overlay: reads `<stem>.<NAME>.yaml` and/or `<stem>.<NAME>.env` next to the file' -r
complete -c studio -n "__fish_studio_using_subcommand render" -l output -d 'Output format' -r -f -a "yaml\t'Multi-document YAML in apply order'
json\t'A JSON v1/List in apply order'"
complete -c studio -n "__fish_studio_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand jobs; and not __fish_seen_subcommand_from list show cancel stop help" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand jobs; and not __fish_seen_subcommand_from list show cancel stop help" -f -a "list" -d 'List the jobs the cluster knows (running and recently ended)'
complete -c studio -n "__fish_studio_using_subcommand jobs; and not __fish_seen_subcommand_from list show cancel stop help" -f -a "show" -d 'Show a job: vertices, parallelism, last checkpoint, root-cause exception'
complete -c studio -n "__fish_studio_using_subcommand jobs; and not __fish_seen_subcommand_from list show cancel stop help" -f -a "cancel" -d 'Cancel a job (no savepoint) and wait until it is CANCELED'
complete -c studio -n "__fish_studio_using_subcommand jobs; and not __fish_seen_subcommand_from list show cancel stop help" -f -a "stop" -d 'Stop a job with a savepoint and wait until it ends'
complete -c studio -n "__fish_studio_using_subcommand jobs; and not __fish_seen_subcommand_from list show cancel stop help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -l state -d 'Only jobs in this state (RUNNING, FINISHED, CANCELED, FAILED, …)' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -l flink-url -d 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -l header -d 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -l bearer-token-file -d 'File holding a bearer token, sent as `Authorization: Bearer …`' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -l basic-user -d 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -l basic-password-file -d 'File holding the basic-auth password' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -l ca-cert -d 'Extra CA certificate (PEM) to trust for https URLs' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -l config -d 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -l insecure-skip-verify -d 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from show" -l flink-url -d 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from show" -l header -d 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from show" -l bearer-token-file -d 'File holding a bearer token, sent as `Authorization: Bearer …`' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from show" -l basic-user -d 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from show" -l basic-password-file -d 'File holding the basic-auth password' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from show" -l ca-cert -d 'Extra CA certificate (PEM) to trust for https URLs' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from show" -l config -d 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from show" -l insecure-skip-verify -d 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l timeout -d 'How long to wait for the job to end' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l flink-url -d 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l header -d 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l bearer-token-file -d 'File holding a bearer token, sent as `Authorization: Bearer …`' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l basic-user -d 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l basic-password-file -d 'File holding the basic-auth password' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l ca-cert -d 'Extra CA certificate (PEM) to trust for https URLs' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l config -d 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l insecure-skip-verify -d 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l savepoint-dir -d 'Savepoint directory [default: the cluster\'s execution.checkpointing.savepoint-dir]' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l format -d 'Savepoint format' -r -f -a "canonical\t'Portable across state backends'
native\t'The state backend\'s own format: faster to write and restore'"
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l timeout -d 'How long to wait for the savepoint and the job\'s end' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l flink-url -d 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l header -d 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l bearer-token-file -d 'File holding a bearer token, sent as `Authorization: Bearer …`' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l basic-user -d 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)' -r
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l basic-password-file -d 'File holding the basic-auth password' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l ca-cert -d 'Extra CA certificate (PEM) to trust for https URLs' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l config -d 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)' -r -F
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l drain -d 'Emit MAX_WATERMARK first, firing all event-time timers (ends open windows)'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -l insecure-skip-verify -d 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the jobs the cluster knows (running and recently ended)'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a job: vertices, parallelism, last checkpoint, root-cause exception'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a job (no savepoint) and wait until it is CANCELED'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop a job with a savepoint and wait until it ends'
complete -c studio -n "__fish_studio_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l dir -d 'Savepoint directory [default: the cluster\'s execution.checkpointing.savepoint-dir]' -r
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l format -d 'Savepoint format' -r -f -a "canonical\t'Portable across state backends'
native\t'The state backend\'s own format: faster to write and restore'"
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l timeout -d 'How long to wait for the savepoint' -r
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l flink-url -d 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]' -r
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l header -d 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)' -r
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l bearer-token-file -d 'File holding a bearer token, sent as `Authorization: Bearer …`' -r -F
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l basic-user -d 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)' -r
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l basic-password-file -d 'File holding the basic-auth password' -r -F
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l ca-cert -d 'Extra CA certificate (PEM) to trust for https URLs' -r -F
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l config -d 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)' -r -F
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -l insecure-skip-verify -d 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included'
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -a "dispose" -d 'Delete a savepoint (its directory, as printed when it was taken)'
complete -c studio -n "__fish_studio_using_subcommand savepoint; and not __fish_seen_subcommand_from dispose help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -l timeout -d 'How long to wait for the deletion' -r
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -l flink-url -d 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]' -r
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -l header -d 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)' -r
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -l bearer-token-file -d 'File holding a bearer token, sent as `Authorization: Bearer …`' -r -F
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -l basic-user -d 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)' -r
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -l basic-password-file -d 'File holding the basic-auth password' -r -F
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -l ca-cert -d 'Extra CA certificate (PEM) to trust for https URLs' -r -F
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -l config -d 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)' -r -F
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -l insecure-skip-verify -d 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included'
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from dispose" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from help" -f -a "dispose" -d 'Delete a savepoint (its directory, as printed when it was taken)'
complete -c studio -n "__fish_studio_using_subcommand savepoint; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand state-size" -l job -d 'Only this job [default: every running job]' -r
complete -c studio -n "__fish_studio_using_subcommand state-size" -l watch -d 'Repeat every SECS seconds until Ctrl-C (or --times)' -r
complete -c studio -n "__fish_studio_using_subcommand state-size" -l times -d 'With --watch: stop after this many reports' -r
complete -c studio -n "__fish_studio_using_subcommand state-size" -l max-bytes -d 'Exit 8 if a job\'s full state is larger than this many bytes' -r
complete -c studio -n "__fish_studio_using_subcommand state-size" -l max-age -d 'Exit 8 if a job\'s last completed checkpoint is older than this (e.g. 10m), or missing' -r
complete -c studio -n "__fish_studio_using_subcommand state-size" -l flink-url -d 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]' -r
complete -c studio -n "__fish_studio_using_subcommand state-size" -l header -d 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)' -r
complete -c studio -n "__fish_studio_using_subcommand state-size" -l bearer-token-file -d 'File holding a bearer token, sent as `Authorization: Bearer …`' -r -F
complete -c studio -n "__fish_studio_using_subcommand state-size" -l basic-user -d 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)' -r
complete -c studio -n "__fish_studio_using_subcommand state-size" -l basic-password-file -d 'File holding the basic-auth password' -r -F
complete -c studio -n "__fish_studio_using_subcommand state-size" -l ca-cert -d 'Extra CA certificate (PEM) to trust for https URLs' -r -F
complete -c studio -n "__fish_studio_using_subcommand state-size" -l config -d 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)' -r -F
complete -c studio -n "__fish_studio_using_subcommand state-size" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c studio -n "__fish_studio_using_subcommand state-size" -l insecure-skip-verify -d 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included'
complete -c studio -n "__fish_studio_using_subcommand state-size" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand cluster" -l flink-url -d 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]' -r
complete -c studio -n "__fish_studio_using_subcommand cluster" -l header -d 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)' -r
complete -c studio -n "__fish_studio_using_subcommand cluster" -l bearer-token-file -d 'File holding a bearer token, sent as `Authorization: Bearer …`' -r -F
complete -c studio -n "__fish_studio_using_subcommand cluster" -l basic-user -d 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)' -r
complete -c studio -n "__fish_studio_using_subcommand cluster" -l basic-password-file -d 'File holding the basic-auth password' -r -F
complete -c studio -n "__fish_studio_using_subcommand cluster" -l ca-cert -d 'Extra CA certificate (PEM) to trust for https URLs' -r -F
complete -c studio -n "__fish_studio_using_subcommand cluster" -l config -d 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)' -r -F
complete -c studio -n "__fish_studio_using_subcommand cluster" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c studio -n "__fish_studio_using_subcommand cluster" -l insecure-skip-verify -d 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included'
complete -c studio -n "__fish_studio_using_subcommand cluster" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand deploy" -l config -d 'Platform configuration file' -r -F
complete -c studio -n "__fish_studio_using_subcommand deploy" -l cloud -d 'Cloud; overrides the file\'s `cloud`' -r -f -a "gcp\t'GKE with GCS and GKE Workload Identity'
aks\t'AKS with ADLS Gen2 and Azure Workload Identity'"
complete -c studio -n "__fish_studio_using_subcommand deploy" -l env -d 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing' -r
complete -c studio -n "__fish_studio_using_subcommand deploy" -l context -d 'Kubeconfig context (default: the kubeconfig\'s current-context)' -r
complete -c studio -n "__fish_studio_using_subcommand deploy" -l kubeconfig -d 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)' -r -F
complete -c studio -n "__fish_studio_using_subcommand deploy" -l timeout -d 'How long --wait waits' -r
complete -c studio -n "__fish_studio_using_subcommand deploy" -l flink-url -d 'JobManager REST URL to look for running jobs (default: through the Kubernetes API\'s service proxy; needed for --savepoint-jobs)' -r
complete -c studio -n "__fish_studio_using_subcommand deploy" -l savepoint-dir -d 'Savepoint directory for --savepoint-jobs (default: the cluster\'s)' -r
complete -c studio -n "__fish_studio_using_subcommand deploy" -l dry-run -d 'Show what would change (server-side dry-run diff) and change nothing. Exits 5 when something would change, 0 when nothing would'
complete -c studio -n "__fish_studio_using_subcommand deploy" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c studio -n "__fish_studio_using_subcommand deploy" -l wait -d 'Wait until the session cluster is STABLE/READY and the gateway Available'
complete -c studio -n "__fish_studio_using_subcommand deploy" -l force-conflicts -d 'Take over fields another field manager owns (server-side apply `force`)'
complete -c studio -n "__fish_studio_using_subcommand deploy" -l savepoint-jobs -d 'Stop running jobs with a savepoint before the session cluster restarts or goes'
complete -c studio -n "__fish_studio_using_subcommand deploy" -l force -d 'Restart or delete the session cluster even though jobs are running (they are lost)'
complete -c studio -n "__fish_studio_using_subcommand deploy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand status" -l config -d 'Platform configuration file' -r -F
complete -c studio -n "__fish_studio_using_subcommand status" -l cloud -d 'Cloud; overrides the file\'s `cloud`' -r -f -a "gcp\t'GKE with GCS and GKE Workload Identity'
aks\t'AKS with ADLS Gen2 and Azure Workload Identity'"
complete -c studio -n "__fish_studio_using_subcommand status" -l env -d 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing' -r
complete -c studio -n "__fish_studio_using_subcommand status" -l context -d 'Kubeconfig context (default: the kubeconfig\'s current-context)' -r
complete -c studio -n "__fish_studio_using_subcommand status" -l kubeconfig -d 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)' -r -F
complete -c studio -n "__fish_studio_using_subcommand status" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned text'
json\t'One JSON document'"
complete -c studio -n "__fish_studio_using_subcommand status" -l interval -d 'Seconds between refreshes with --watch' -r
complete -c studio -n "__fish_studio_using_subcommand status" -l watch -d 'Refresh every few seconds until Ctrl-C'
complete -c studio -n "__fish_studio_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand scale" -l timeout -d 'How long --wait waits' -r
complete -c studio -n "__fish_studio_using_subcommand scale" -l config -d 'Platform configuration file' -r -F
complete -c studio -n "__fish_studio_using_subcommand scale" -l cloud -d 'Cloud; overrides the file\'s `cloud`' -r -f -a "gcp\t'GKE with GCS and GKE Workload Identity'
aks\t'AKS with ADLS Gen2 and Azure Workload Identity'"
complete -c studio -n "__fish_studio_using_subcommand scale" -l env -d 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing' -r
complete -c studio -n "__fish_studio_using_subcommand scale" -l context -d 'Kubeconfig context (default: the kubeconfig\'s current-context)' -r
complete -c studio -n "__fish_studio_using_subcommand scale" -l kubeconfig -d 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)' -r -F
complete -c studio -n "__fish_studio_using_subcommand scale" -l status -d 'Show the current TaskManagers, slots and quota use; change nothing'
complete -c studio -n "__fish_studio_using_subcommand scale" -l dry-run -d 'Show the before/after table and check the quota; change nothing'
complete -c studio -n "__fish_studio_using_subcommand scale" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c studio -n "__fish_studio_using_subcommand scale" -l wait -d 'Wait for the session cluster to be ready again'
complete -c studio -n "__fish_studio_using_subcommand scale" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l config -d 'Platform configuration file' -r -F
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l cloud -d 'Cloud; overrides the file\'s `cloud`' -r -f -a "gcp\t'GKE with GCS and GKE Workload Identity'
aks\t'AKS with ADLS Gen2 and Azure Workload Identity'"
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l env -d 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing' -r
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l context -d 'Kubeconfig context (default: the kubeconfig\'s current-context)' -r
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l kubeconfig -d 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)' -r -F
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l timeout -d 'How long --wait waits' -r
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l flink-url -d 'JobManager REST URL to look for running jobs (default: through the Kubernetes API\'s service proxy; needed for --savepoint-jobs)' -r
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l savepoint-dir -d 'Savepoint directory for --savepoint-jobs (default: the cluster\'s)' -r
complete -c studio -n "__fish_studio_using_subcommand cleanup" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l keep-namespace -d 'Keep the namespace (and whatever else is in it, e.g. the Kafka Secret)'
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l wait -d 'Wait until everything is gone; report a FlinkDeployment stuck on its finalizer'
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l savepoint-jobs -d 'Stop running jobs with a savepoint before the session cluster restarts or goes'
complete -c studio -n "__fish_studio_using_subcommand cleanup" -l force -d 'Restart or delete the session cluster even though jobs are running (they are lost)'
complete -c studio -n "__fish_studio_using_subcommand cleanup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand secret; and not __fish_seen_subcommand_from kafka help" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand secret; and not __fish_seen_subcommand_from kafka help" -f -a "kafka" -d 'Create or update the Kafka credentials Secret: username, password, the CA bundle as PEM, and a JKS truststore of every CA certificate with its password'
complete -c studio -n "__fish_studio_using_subcommand secret; and not __fish_seen_subcommand_from kafka help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -l username -d 'SASL username' -r
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -l password -d 'Refused: use the prompt or --password-stdin' -r
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -l ca-cert -d 'The Kafka CA bundle (PEM; every certificate in it is trusted)' -r -F
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -l name -d 'Secret name (the platform\'s `kafka.credentialsSecret`)' -r
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -l namespace -d 'Namespace (the platform\'s `namespace`); created when missing' -r
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -l context -d 'Kubeconfig context (default: the kubeconfig\'s current-context)' -r
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -l kubeconfig -d 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)' -r -F
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -l password-stdin -d 'Read the password from stdin (one line) instead of prompting for it. A password on the command line is refused: it would end up in shell history and `ps`'
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -l dry-run -d 'Show the target, the keys and their sizes, and change nothing'
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from kafka" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "kafka" -d 'Create or update the Kafka credentials Secret: username, password, the CA bundle as PEM, and a JKS truststore of every CA certificate with its password'
complete -c studio -n "__fish_studio_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand operator; and not __fish_seen_subcommand_from install help" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand operator; and not __fish_seen_subcommand_from install help" -f -a "install" -d 'Install or upgrade the Flink Kubernetes Operator: CRDs first (server-side apply; helm never upgrades CRDs), then the helm chart with the image pinned to the chart version'
complete -c studio -n "__fish_studio_using_subcommand operator; and not __fish_seen_subcommand_from install help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -l version -d 'Operator (and chart) version' -r
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -l namespace -d 'Namespace of the operator' -r
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -l watch-namespace -d 'A namespace the operator watches (repeat for several; default: all namespaces)' -r
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -l repo -d 'Chart repository URL (default: the Apache release directory of --version)' -r
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -l timeout -d 'How long to wait for helm and for the operator to become ready' -r
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -l context -d 'Kubeconfig context (default: the kubeconfig\'s current-context)' -r
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -l kubeconfig -d 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)' -r -F
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -l no-webhook -d 'Do not install the admission webhook (no cert-manager needed)'
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -l print -d 'Print the CRD apply plan and the exact helm command, and change nothing'
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install or upgrade the Flink Kubernetes Operator: CRDs first (server-side apply; helm never upgrades CRDs), then the helm chart with the image pinned to the chart version'
complete -c studio -n "__fish_studio_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand image; and not __fish_seen_subcommand_from build help" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand image; and not __fish_seen_subcommand_from build help" -f -a "build" -d 'Write the Dockerfile and build context of the platform image and build it with Docker'
complete -c studio -n "__fish_studio_using_subcommand image; and not __fish_seen_subcommand_from build help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from build" -l config -d 'Platform configuration file (connectors, Flink version, cloud)' -r -F
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from build" -l env -d 'Environment overlay next to the file' -r
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from build" -l cloud -d 'Cloud; overrides the file\'s `cloud` (picks the filesystem plugin)' -r -f -a "gcp\t'GKE with GCS and GKE Workload Identity'
aks\t'AKS with ADLS Gen2 and Azure Workload Identity'"
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from build" -l flink-version -d 'Flink release of the base image (default: the configuration\'s `flink.version`)' -r
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from build" -l tag -d 'Image tag (default: the configuration\'s `image` with `connectors.customImage: true`, else `flink-sql-studio:<flink version>`)' -r
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from build" -l output -d 'Directory of the build context' -r -F
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from build" -l push -d 'Push the image after building it'
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from build" -l print -d 'Write the Dockerfile and build context only; no Docker needed'
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from build" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "build" -d 'Write the Dockerfile and build context of the platform image and build it with Docker'
complete -c studio -n "__fish_studio_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand doctor" -l config -d 'Platform configuration file' -r -F
complete -c studio -n "__fish_studio_using_subcommand doctor" -l cloud -d 'Cloud; overrides the file\'s `cloud`' -r -f -a "gcp\t'GKE with GCS and GKE Workload Identity'
aks\t'AKS with ADLS Gen2 and Azure Workload Identity'"
complete -c studio -n "__fish_studio_using_subcommand doctor" -l env -d 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing' -r
complete -c studio -n "__fish_studio_using_subcommand doctor" -l context -d 'Kubeconfig context (default: the kubeconfig\'s current-context)' -r
complete -c studio -n "__fish_studio_using_subcommand doctor" -l kubeconfig -d 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)' -r -F
complete -c studio -n "__fish_studio_using_subcommand doctor" -l only -d 'Run only these groups of checks (repeat or comma-separate)' -r -f -a "tools\t'helm on PATH'
cluster\t'API server reachable, version, context'
rbac\t'Permissions of the user and of the Flink service account'
operator\t'Operator CRDs and Deployment; a FlinkDeployment stuck deleting'
quota\t'Namespace quota headroom'
secret\t'The Kafka credentials Secret\'s keys'
storage\t'Storage URIs for the cloud'
pods\t'Pods ready, restarts, Warning events'
gateway\t'SQL Gateway /v1/info and JobManager /overview'
connectors\t'Kafka/Avro/JSON factories through the gateway'
kafka\t'Kafka brokers: TLS handshake, SASL login, metadata; the JAAS login module class'
cloud\t'Workload Identity in GCP IAM / Azure ARM (the reads of `studio cloud setup`)'"
complete -c studio -n "__fish_studio_using_subcommand doctor" -l watch -d 'Re-run every SECS seconds until Ctrl-C (each run is bounded by --timeout)' -r
complete -c studio -n "__fish_studio_using_subcommand doctor" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned text'
json\t'One JSON document'"
complete -c studio -n "__fish_studio_using_subcommand doctor" -l gateway-url -d 'SQL Gateway URL; without it doctor port-forwards to the gateway Service' -r
complete -c studio -n "__fish_studio_using_subcommand doctor" -l flink-url -d 'JobManager REST URL; without it doctor port-forwards to the `<cluster>-rest` Service' -r
complete -c studio -n "__fish_studio_using_subcommand doctor" -l timeout -d 'Bound of each network check (e.g. 30s)' -r
complete -c studio -n "__fish_studio_using_subcommand doctor" -l kafka-bootstrap -d 'Kafka bootstrap servers (host:port, comma-separated) for the kafka check' -r
complete -c studio -n "__fish_studio_using_subcommand doctor" -l kafka-mechanism -d 'SASL mechanism: SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN' -r
complete -c studio -n "__fish_studio_using_subcommand doctor" -l kafka-topic -d 'A topic whose metadata the Kafka user must be allowed to read (repeatable)' -r
complete -c studio -n "__fish_studio_using_subcommand doctor" -l kafka-username -d 'Check these credentials instead of the Kafka Secret\'s: the password is read from the KAFKA_PASSWORD environment variable, never from a flag' -r
complete -c studio -n "__fish_studio_using_subcommand doctor" -l kafka-ca-cert -d 'CA bundle (PEM) for --kafka-username' -r -F
complete -c studio -n "__fish_studio_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand port-forward" -l port -d 'Local port (default: the Service\'s port; 0 picks a free one)' -r
complete -c studio -n "__fish_studio_using_subcommand port-forward" -l config -d 'Platform configuration file' -r -F
complete -c studio -n "__fish_studio_using_subcommand port-forward" -l cloud -d 'Cloud; overrides the file\'s `cloud`' -r -f -a "gcp\t'GKE with GCS and GKE Workload Identity'
aks\t'AKS with ADLS Gen2 and Azure Workload Identity'"
complete -c studio -n "__fish_studio_using_subcommand port-forward" -l env -d 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing' -r
complete -c studio -n "__fish_studio_using_subcommand port-forward" -l context -d 'Kubeconfig context (default: the kubeconfig\'s current-context)' -r
complete -c studio -n "__fish_studio_using_subcommand port-forward" -l kubeconfig -d 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)' -r -F
complete -c studio -n "__fish_studio_using_subcommand port-forward" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand ui" -l port -d 'Local port' -r
complete -c studio -n "__fish_studio_using_subcommand ui" -l config -d 'Platform configuration file' -r -F
complete -c studio -n "__fish_studio_using_subcommand ui" -l cloud -d 'Cloud; overrides the file\'s `cloud`' -r -f -a "gcp\t'GKE with GCS and GKE Workload Identity'
aks\t'AKS with ADLS Gen2 and Azure Workload Identity'"
complete -c studio -n "__fish_studio_using_subcommand ui" -l env -d 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing' -r
complete -c studio -n "__fish_studio_using_subcommand ui" -l context -d 'Kubeconfig context (default: the kubeconfig\'s current-context)' -r
complete -c studio -n "__fish_studio_using_subcommand ui" -l kubeconfig -d 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)' -r -F
complete -c studio -n "__fish_studio_using_subcommand ui" -l open -d 'Open the Flink UI in the browser'
complete -c studio -n "__fish_studio_using_subcommand ui" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand cloud; and not __fish_seen_subcommand_from setup help" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand cloud; and not __fish_seen_subcommand_from setup help" -f -a "setup" -d 'Set up Workload Identity for Flink\'s bucket (GKE) or container (AKS): shows the plan, asks, applies. Running it again changes nothing'
complete -c studio -n "__fish_studio_using_subcommand cloud; and not __fish_seen_subcommand_from setup help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l cloud -d 'Cloud to set up; overrides the file\'s `cloud`' -r -f -a "gcp\t'GKE with GCS and GKE Workload Identity'
aks\t'AKS with ADLS Gen2 and Azure Workload Identity'"
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l config -d 'Platform configuration file' -r -F
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l env -d 'Environment overlay: reads `<stem>.<NAME>.yaml` and/or `<stem>.<NAME>.env` next to the file' -r
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l project -d 'GCP project (default: GOOGLE_CLOUD_PROJECT, else the project of gcp.serviceAccount)' -r
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l bucket-role -d 'Role granted on the bucket' -r
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l subscription -d 'Azure subscription id (default: AZURE_SUBSCRIPTION_ID)' -r
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l resource-group -d 'Resource group of the AKS cluster (default: AZURE_RESOURCE_GROUP)' -r
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l cluster -d 'AKS cluster name (default: AKS_CLUSTER_NAME)' -r
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l identity -d 'User-assigned managed identity (default: AZURE_IDENTITY_NAME, else flink-identity)' -r
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l identity-resource-group -d 'Resource group of the identity (default: AZURE_IDENTITY_RESOURCE_GROUP, else the cluster\'s)' -r
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l storage-resource-group -d 'Resource group of the storage account (default: AZURE_STORAGE_RESOURCE_GROUP, else the cluster\'s)' -r
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l federated-credential -d 'Name of the federated identity credential (default: flink-studio-NAMESPACE-KSA)' -r
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l dry-run -d 'Show the plan and change nothing (exit 5 when changes are pending)'
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -s y -l yes -d 'Apply without asking (required without a terminal)'
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l write-env -d 'After applying, write the identity settings (AZURE_CLIENT_ID, AZURE_TENANT_ID) into the `--env` overlay\'s .env file'
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -l direct-principal -d 'Grant the bucket role directly to the Kubernetes service account\'s principal (Workload Identity Federation for GKE), with no Google service account'
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Set up Workload Identity for Flink\'s bucket (GKE) or container (AKS): shows the plan, asks, applies. Running it again changes nothing'
complete -c studio -n "__fish_studio_using_subcommand cloud; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c studio -n "__fish_studio_using_subcommand man" -l out-dir -d 'Write `studio.1` and one page per subcommand (`studio-deploy.1`, …) into this directory instead of printing `studio.1` to stdout' -r -F
complete -c studio -n "__fish_studio_using_subcommand man" -s h -l help -d 'Print help'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "local" -d 'Run a real local Flink session cluster, SQL Gateway and Kafka'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "sql" -d 'Run .sql pipelines against a Flink SQL Gateway'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "render" -d 'Render the platform\'s Kubernetes manifests as YAML or JSON'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "jobs" -d 'List, show, cancel and stop Flink jobs through the JobManager'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "savepoint" -d 'Take a savepoint of a job (prints its location), or dispose of one'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "state-size" -d 'State size and checkpoint age per job; exit 8 when a threshold is breached'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "cluster" -d 'Cluster overview and TaskManagers (slots, memory, heartbeat age)'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "deploy" -d 'Apply the platform to a cluster with server-side apply (shows the target, asks first)'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "status" -d 'Show the platform on the cluster: session cluster, gateway, pods, quota, warnings'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "scale" -d 'Change the number of TaskManagers, within the namespace quota'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "cleanup" -d 'Delete the platform from the cluster, FlinkDeployment first'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "secret" -d 'Create or update the platform\'s secrets (Kafka credentials)'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "operator" -d 'Install or upgrade the Flink Kubernetes Operator (CRDs, then helm)'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "image" -d 'Build the platform image (Flink plus connectors and filesystem plugins)'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "doctor" -d 'Check everything the platform needs and say what to do about each problem'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "port-forward" -d 'Forward a local port to the SQL Gateway or JobManager through the Kubernetes API'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "ui" -d 'Open the Flink UI through a port-forward over the Kubernetes API'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "cloud" -d 'Set up cloud Workload Identity for the platform\'s storage (GKE or AKS)'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell)'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "man" -d 'Print the man page, or write one per command into a directory'
complete -c studio -n "__fish_studio_using_subcommand help; and not __fish_seen_subcommand_from local sql render jobs savepoint state-size cluster deploy status scale cleanup secret operator image doctor port-forward ui cloud completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from local" -f -a "up" -d 'Download (once) and start the stack; waits until every component is healthy. On a partly running stack, restarts only the components that died'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from local" -f -a "down" -d 'Stop exactly the processes `up` started. Safe to run twice'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from local" -f -a "status" -d 'Show each component\'s health and URL; exits 11 when a component is down'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from local" -f -a "demo" -d 'Start the stack if needed, run the quickstart pipeline on it and show the results'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from local" -f -a "logs" -d 'Print the log of a component (jobmanager, taskmanager, gateway, kafka), or list all logs'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "list" -d 'List the jobs the cluster knows (running and recently ended)'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "show" -d 'Show a job: vertices, parallelism, last checkpoint, root-cause exception'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "cancel" -d 'Cancel a job (no savepoint) and wait until it is CANCELED'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "stop" -d 'Stop a job with a savepoint and wait until it ends'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from savepoint" -f -a "dispose" -d 'Delete a savepoint (its directory, as printed when it was taken)'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "kafka" -d 'Create or update the Kafka credentials Secret: username, password, the CA bundle as PEM, and a JKS truststore of every CA certificate with its password'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "install" -d 'Install or upgrade the Flink Kubernetes Operator: CRDs first (server-side apply; helm never upgrades CRDs), then the helm chart with the image pinned to the chart version'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "build" -d 'Write the Dockerfile and build context of the platform image and build it with Docker'
complete -c studio -n "__fish_studio_using_subcommand help; and __fish_seen_subcommand_from cloud" -f -a "setup" -d 'Set up Workload Identity for Flink\'s bucket (GKE) or container (AKS): shows the plan, asks, applies. Running it again changes nothing'

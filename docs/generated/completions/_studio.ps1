
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'studio' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'studio'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'studio' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('local', 'local', [CompletionResultType]::ParameterValue, 'Run a real local Flink session cluster, SQL Gateway and Kafka')
            [CompletionResult]::new('sql', 'sql', [CompletionResultType]::ParameterValue, 'Run .sql pipelines against a Flink SQL Gateway')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render the platform''s Kubernetes manifests as YAML or JSON')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'List, show, cancel and stop Flink jobs through the JobManager')
            [CompletionResult]::new('savepoint', 'savepoint', [CompletionResultType]::ParameterValue, 'Take a savepoint of a job (prints its location), or dispose of one')
            [CompletionResult]::new('state-size', 'state-size', [CompletionResultType]::ParameterValue, 'State size and checkpoint age per job; exit 8 when a threshold is breached')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Cluster overview and TaskManagers (slots, memory, heartbeat age)')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Apply the platform to a cluster with server-side apply (shows the target, asks first)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the platform on the cluster: session cluster, gateway, pods, quota, warnings')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Change the number of TaskManagers, within the namespace quota')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Delete the platform from the cluster, FlinkDeployment first')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Create or update the platform''s secrets (Kafka credentials)')
            [CompletionResult]::new('operator', 'operator', [CompletionResultType]::ParameterValue, 'Install or upgrade the Flink Kubernetes Operator (CRDs, then helm)')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'Build the platform image (Flink plus connectors and filesystem plugins)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check everything the platform needs and say what to do about each problem')
            [CompletionResult]::new('port-forward', 'port-forward', [CompletionResultType]::ParameterValue, 'Forward a local port to the SQL Gateway or JobManager through the Kubernetes API')
            [CompletionResult]::new('ui', 'ui', [CompletionResultType]::ParameterValue, 'Open the Flink UI through a port-forward over the Kubernetes API')
            [CompletionResult]::new('cloud', 'cloud', [CompletionResultType]::ParameterValue, 'Set up cloud Workload Identity for the platform''s storage (GKE or AKS)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write one per command into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;local' {
            [CompletionResult]::new('--flink-version', '--flink-version', [CompletionResultType]::ParameterName, 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)')
            [CompletionResult]::new('--flink-home', '--flink-home', [CompletionResultType]::ParameterName, 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)')
            [CompletionResult]::new('--rest-port', '--rest-port', [CompletionResultType]::ParameterName, 'JobManager REST port')
            [CompletionResult]::new('--gateway-port', '--gateway-port', [CompletionResultType]::ParameterName, 'SQL Gateway REST port')
            [CompletionResult]::new('--kafka-port', '--kafka-port', [CompletionResultType]::ParameterName, 'Kafka broker port (the KRaft controller uses the next port)')
            [CompletionResult]::new('--rpc-port', '--rpc-port', [CompletionResultType]::ParameterName, 'JobManager RPC port')
            [CompletionResult]::new('--taskmanagers', '--taskmanagers', [CompletionResultType]::ParameterName, 'Number of TaskManagers')
            [CompletionResult]::new('--slots', '--slots', [CompletionResultType]::ParameterName, 'Task slots per TaskManager')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]')
            [CompletionResult]::new('--no-kafka', '--no-kafka', [CompletionResultType]::ParameterName, 'Do not run a Kafka broker')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Download (once) and start the stack; waits until every component is healthy. On a partly running stack, restarts only the components that died')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop exactly the processes `up` started. Safe to run twice')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show each component''s health and URL; exits 11 when a component is down')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Start the stack if needed, run the quickstart pipeline on it and show the results')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the log of a component (jobmanager, taskmanager, gateway, kafka), or list all logs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;local;up' {
            [CompletionResult]::new('--flink-version', '--flink-version', [CompletionResultType]::ParameterName, 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)')
            [CompletionResult]::new('--flink-home', '--flink-home', [CompletionResultType]::ParameterName, 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)')
            [CompletionResult]::new('--rest-port', '--rest-port', [CompletionResultType]::ParameterName, 'JobManager REST port')
            [CompletionResult]::new('--gateway-port', '--gateway-port', [CompletionResultType]::ParameterName, 'SQL Gateway REST port')
            [CompletionResult]::new('--kafka-port', '--kafka-port', [CompletionResultType]::ParameterName, 'Kafka broker port (the KRaft controller uses the next port)')
            [CompletionResult]::new('--rpc-port', '--rpc-port', [CompletionResultType]::ParameterName, 'JobManager RPC port')
            [CompletionResult]::new('--taskmanagers', '--taskmanagers', [CompletionResultType]::ParameterName, 'Number of TaskManagers')
            [CompletionResult]::new('--slots', '--slots', [CompletionResultType]::ParameterName, 'Task slots per TaskManager')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]')
            [CompletionResult]::new('--no-kafka', '--no-kafka', [CompletionResultType]::ParameterName, 'Do not run a Kafka broker')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio;local;down' {
            [CompletionResult]::new('--flink-version', '--flink-version', [CompletionResultType]::ParameterName, 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)')
            [CompletionResult]::new('--flink-home', '--flink-home', [CompletionResultType]::ParameterName, 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)')
            [CompletionResult]::new('--rest-port', '--rest-port', [CompletionResultType]::ParameterName, 'JobManager REST port')
            [CompletionResult]::new('--gateway-port', '--gateway-port', [CompletionResultType]::ParameterName, 'SQL Gateway REST port')
            [CompletionResult]::new('--kafka-port', '--kafka-port', [CompletionResultType]::ParameterName, 'Kafka broker port (the KRaft controller uses the next port)')
            [CompletionResult]::new('--rpc-port', '--rpc-port', [CompletionResultType]::ParameterName, 'JobManager RPC port')
            [CompletionResult]::new('--taskmanagers', '--taskmanagers', [CompletionResultType]::ParameterName, 'Number of TaskManagers')
            [CompletionResult]::new('--slots', '--slots', [CompletionResultType]::ParameterName, 'Task slots per TaskManager')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]')
            [CompletionResult]::new('--no-kafka', '--no-kafka', [CompletionResultType]::ParameterName, 'Do not run a Kafka broker')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio;local;status' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--flink-version', '--flink-version', [CompletionResultType]::ParameterName, 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)')
            [CompletionResult]::new('--flink-home', '--flink-home', [CompletionResultType]::ParameterName, 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)')
            [CompletionResult]::new('--rest-port', '--rest-port', [CompletionResultType]::ParameterName, 'JobManager REST port')
            [CompletionResult]::new('--gateway-port', '--gateway-port', [CompletionResultType]::ParameterName, 'SQL Gateway REST port')
            [CompletionResult]::new('--kafka-port', '--kafka-port', [CompletionResultType]::ParameterName, 'Kafka broker port (the KRaft controller uses the next port)')
            [CompletionResult]::new('--rpc-port', '--rpc-port', [CompletionResultType]::ParameterName, 'JobManager RPC port')
            [CompletionResult]::new('--taskmanagers', '--taskmanagers', [CompletionResultType]::ParameterName, 'Number of TaskManagers')
            [CompletionResult]::new('--slots', '--slots', [CompletionResultType]::ParameterName, 'Task slots per TaskManager')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]')
            [CompletionResult]::new('--no-kafka', '--no-kafka', [CompletionResultType]::ParameterName, 'Do not run a Kafka broker')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;local;demo' {
            [CompletionResult]::new('--flink-version', '--flink-version', [CompletionResultType]::ParameterName, 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)')
            [CompletionResult]::new('--flink-home', '--flink-home', [CompletionResultType]::ParameterName, 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)')
            [CompletionResult]::new('--rest-port', '--rest-port', [CompletionResultType]::ParameterName, 'JobManager REST port')
            [CompletionResult]::new('--gateway-port', '--gateway-port', [CompletionResultType]::ParameterName, 'SQL Gateway REST port')
            [CompletionResult]::new('--kafka-port', '--kafka-port', [CompletionResultType]::ParameterName, 'Kafka broker port (the KRaft controller uses the next port)')
            [CompletionResult]::new('--rpc-port', '--rpc-port', [CompletionResultType]::ParameterName, 'JobManager RPC port')
            [CompletionResult]::new('--taskmanagers', '--taskmanagers', [CompletionResultType]::ParameterName, 'Number of TaskManagers')
            [CompletionResult]::new('--slots', '--slots', [CompletionResultType]::ParameterName, 'Task slots per TaskManager')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]')
            [CompletionResult]::new('--no-kafka', '--no-kafka', [CompletionResultType]::ParameterName, 'Do not run a Kafka broker')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;local;logs' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'How many lines from the end to print')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'How many lines from the end to print')
            [CompletionResult]::new('--flink-version', '--flink-version', [CompletionResultType]::ParameterName, 'Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2)')
            [CompletionResult]::new('--flink-home', '--flink-home', [CompletionResultType]::ParameterName, 'Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar)')
            [CompletionResult]::new('--rest-port', '--rest-port', [CompletionResultType]::ParameterName, 'JobManager REST port')
            [CompletionResult]::new('--gateway-port', '--gateway-port', [CompletionResultType]::ParameterName, 'SQL Gateway REST port')
            [CompletionResult]::new('--kafka-port', '--kafka-port', [CompletionResultType]::ParameterName, 'Kafka broker port (the KRaft controller uses the next port)')
            [CompletionResult]::new('--rpc-port', '--rpc-port', [CompletionResultType]::ParameterName, 'JobManager RPC port')
            [CompletionResult]::new('--taskmanagers', '--taskmanagers', [CompletionResultType]::ParameterName, 'Number of TaskManagers')
            [CompletionResult]::new('--slots', '--slots', [CompletionResultType]::ParameterName, 'Task slots per TaskManager')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local]')
            [CompletionResult]::new('--no-kafka', '--no-kafka', [CompletionResultType]::ParameterName, 'Do not run a Kafka broker')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio;local;help' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Download (once) and start the stack; waits until every component is healthy. On a partly running stack, restarts only the components that died')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop exactly the processes `up` started. Safe to run twice')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show each component''s health and URL; exits 11 when a component is down')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Start the stack if needed, run the quickstart pipeline on it and show the results')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the log of a component (jobmanager, taskmanager, gateway, kafka), or list all logs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;local;help;up' {
            break
        }
        'studio;local;help;down' {
            break
        }
        'studio;local;help;status' {
            break
        }
        'studio;local;help;demo' {
            break
        }
        'studio;local;help;logs' {
            break
        }
        'studio;local;help;help' {
            break
        }
        'studio;sql' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'SQL file to run (repeatable)')
            [CompletionResult]::new('--sql-file', '--sql-file', [CompletionResultType]::ParameterName, 'SQL file to run (repeatable)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'SQL file to run (repeatable)')
            [CompletionResult]::new('--sql', '--sql', [CompletionResultType]::ParameterName, 'Inline SQL, one or more statements separated by `;` (repeatable)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'A .env file with variables (repeatable; later files win)')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'Set a variable; wins over .env files and the environment (repeatable)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Treat this variable''s value as a secret and print it as *** (repeatable)')
            [CompletionResult]::new('--sql-gateway-url', '--sql-gateway-url', [CompletionResultType]::ParameterName, 'SQL Gateway URL [default: http://localhost:8083]')
            [CompletionResult]::new('--gateway-url', '--gateway-url', [CompletionResultType]::ParameterName, 'SQL Gateway URL [default: http://localhost:8083]')
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL, e.g. http://localhost:8081 (optional; see below)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'File holding a bearer token, sent as `Authorization: Bearer …`')
            [CompletionResult]::new('--basic-user', '--basic-user', [CompletionResultType]::ParameterName, 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)')
            [CompletionResult]::new('--basic-password-file', '--basic-password-file', [CompletionResultType]::ParameterName, 'File holding the basic-auth password')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https URLs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file in the seed executor''s schema (sql_gateway, flink, logging)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output: table (materialized, default on a terminal; held in memory up to 256 MiB, beyond which the statement fails), changelog (default otherwise), json, csv (streamed)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output: table (materialized, default on a terminal; held in memory up to 256 MiB, beyond which the statement fails), changelog (default otherwise), json, csv (streamed)')
            [CompletionResult]::new('--wait-timeout', '--wait-timeout', [CompletionResultType]::ParameterName, 'Give up waiting (--wait) for a job after this long (exit 9)')
            [CompletionResult]::new('--max-rows', '--max-rows', [CompletionResultType]::ParameterName, 'Stop each query after N rows (exit 4 if reached)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop each query after this long, e.g. 30s, 2m (exit 4 if reached)')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan (statements, kinds, file:line) and submit nothing. With `-o json`, JSON Lines')
            [CompletionResult]::new('--validate', '--validate', [CompletionResultType]::ParameterName, 'Validate in a throwaway session: run DDL, EXPLAIN every DML and query; start no job. DDL against a persistent catalog (Hive, JDBC) does take effect there')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the jobs of INSERTs and statement sets to finish; fail if a job fails')
            [CompletionResult]::new('--continue-on-error', '--continue-on-error', [CompletionResultType]::ParameterName, 'Keep going after a failed statement (default: stop at the first failure)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show full server stack traces (-v) and debug logs (-vv)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show full server stack traces (-v) and debug logs (-vv)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Open the interactive shell (the default on a terminal when no SQL is given)')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Open the interactive shell (the default on a terminal when no SQL is given)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio;render' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'Cloud to render for; overrides the file''s `cloud`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment overlay: reads `<stem>.<NAME>.yaml` and/or `<stem>.<NAME>.env` next to the file')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;jobs' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the jobs the cluster knows (running and recently ended)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a job: vertices, parallelism, last checkpoint, root-cause exception')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a job (no savepoint) and wait until it is CANCELED')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a job with a savepoint and wait until it ends')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;jobs;list' {
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only jobs in this state (RUNNING, FINISHED, CANCELED, FAILED, …)')
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'File holding a bearer token, sent as `Authorization: Bearer …`')
            [CompletionResult]::new('--basic-user', '--basic-user', [CompletionResultType]::ParameterName, 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)')
            [CompletionResult]::new('--basic-password-file', '--basic-password-file', [CompletionResultType]::ParameterName, 'File holding the basic-auth password')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https URLs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;jobs;show' {
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'File holding a bearer token, sent as `Authorization: Bearer …`')
            [CompletionResult]::new('--basic-user', '--basic-user', [CompletionResultType]::ParameterName, 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)')
            [CompletionResult]::new('--basic-password-file', '--basic-password-file', [CompletionResultType]::ParameterName, 'File holding the basic-auth password')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https URLs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;jobs;cancel' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the job to end')
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'File holding a bearer token, sent as `Authorization: Bearer …`')
            [CompletionResult]::new('--basic-user', '--basic-user', [CompletionResultType]::ParameterName, 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)')
            [CompletionResult]::new('--basic-password-file', '--basic-password-file', [CompletionResultType]::ParameterName, 'File holding the basic-auth password')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https URLs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;jobs;stop' {
            [CompletionResult]::new('--savepoint-dir', '--savepoint-dir', [CompletionResultType]::ParameterName, 'Savepoint directory [default: the cluster''s execution.checkpointing.savepoint-dir]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Savepoint format')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the savepoint and the job''s end')
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'File holding a bearer token, sent as `Authorization: Bearer …`')
            [CompletionResult]::new('--basic-user', '--basic-user', [CompletionResultType]::ParameterName, 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)')
            [CompletionResult]::new('--basic-password-file', '--basic-password-file', [CompletionResultType]::ParameterName, 'File holding the basic-auth password')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https URLs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--drain', '--drain', [CompletionResultType]::ParameterName, 'Emit MAX_WATERMARK first, firing all event-time timers (ends open windows)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;jobs;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the jobs the cluster knows (running and recently ended)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a job: vertices, parallelism, last checkpoint, root-cause exception')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a job (no savepoint) and wait until it is CANCELED')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a job with a savepoint and wait until it ends')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;jobs;help;list' {
            break
        }
        'studio;jobs;help;show' {
            break
        }
        'studio;jobs;help;cancel' {
            break
        }
        'studio;jobs;help;stop' {
            break
        }
        'studio;jobs;help;help' {
            break
        }
        'studio;savepoint' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Savepoint directory [default: the cluster''s execution.checkpointing.savepoint-dir]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Savepoint format')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the savepoint')
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'File holding a bearer token, sent as `Authorization: Bearer …`')
            [CompletionResult]::new('--basic-user', '--basic-user', [CompletionResultType]::ParameterName, 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)')
            [CompletionResult]::new('--basic-password-file', '--basic-password-file', [CompletionResultType]::ParameterName, 'File holding the basic-auth password')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https URLs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('dispose', 'dispose', [CompletionResultType]::ParameterValue, 'Delete a savepoint (its directory, as printed when it was taken)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;savepoint;dispose' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the deletion')
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'File holding a bearer token, sent as `Authorization: Bearer …`')
            [CompletionResult]::new('--basic-user', '--basic-user', [CompletionResultType]::ParameterName, 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)')
            [CompletionResult]::new('--basic-password-file', '--basic-password-file', [CompletionResultType]::ParameterName, 'File holding the basic-auth password')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https URLs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;savepoint;help' {
            [CompletionResult]::new('dispose', 'dispose', [CompletionResultType]::ParameterValue, 'Delete a savepoint (its directory, as printed when it was taken)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;savepoint;help;dispose' {
            break
        }
        'studio;savepoint;help;help' {
            break
        }
        'studio;state-size' {
            [CompletionResult]::new('--job', '--job', [CompletionResultType]::ParameterName, 'Only this job [default: every running job]')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Repeat every SECS seconds until Ctrl-C (or --times)')
            [CompletionResult]::new('--times', '--times', [CompletionResultType]::ParameterName, 'With --watch: stop after this many reports')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Exit 8 if a job''s full state is larger than this many bytes')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Exit 8 if a job''s last completed checkpoint is older than this (e.g. 10m), or missing')
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'File holding a bearer token, sent as `Authorization: Bearer …`')
            [CompletionResult]::new('--basic-user', '--basic-user', [CompletionResultType]::ParameterName, 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)')
            [CompletionResult]::new('--basic-password-file', '--basic-password-file', [CompletionResultType]::ParameterName, 'File holding the basic-auth password')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https URLs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;cluster' {
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL [default: http://localhost:8081; also flink.url in --config]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed)')
            [CompletionResult]::new('--bearer-token-file', '--bearer-token-file', [CompletionResultType]::ParameterName, 'File holding a bearer token, sent as `Authorization: Bearer …`')
            [CompletionResult]::new('--basic-user', '--basic-user', [CompletionResultType]::ParameterName, 'User name for HTTP basic authentication (password from --basic-password-file or STUDIO_BASIC_PASSWORD)')
            [CompletionResult]::new('--basic-password-file', '--basic-password-file', [CompletionResultType]::ParameterName, 'File holding the basic-auth password')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra CA certificate (PEM) to trust for https URLs')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--insecure-skip-verify', '--insecure-skip-verify', [CompletionResultType]::ParameterName, 'Do not verify TLS certificates. Dangerous: anyone on the path can read and change the traffic, credentials included')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;deploy' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'Cloud; overrides the file''s `cloud`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context (default: the kubeconfig''s current-context)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --wait waits')
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL to look for running jobs (default: through the Kubernetes API''s service proxy; needed for --savepoint-jobs)')
            [CompletionResult]::new('--savepoint-dir', '--savepoint-dir', [CompletionResultType]::ParameterName, 'Savepoint directory for --savepoint-jobs (default: the cluster''s)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (server-side dry-run diff) and change nothing. Exits 5 when something would change, 0 when nothing would')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the session cluster is STABLE/READY and the gateway Available')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take over fields another field manager owns (server-side apply `force`)')
            [CompletionResult]::new('--savepoint-jobs', '--savepoint-jobs', [CompletionResultType]::ParameterName, 'Stop running jobs with a savepoint before the session cluster restarts or goes')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Restart or delete the session cluster even though jobs are running (they are lost)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;status' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'Cloud; overrides the file''s `cloud`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context (default: the kubeconfig''s current-context)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Seconds between refreshes with --watch')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Refresh every few seconds until Ctrl-C')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;scale' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --wait waits')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'Cloud; overrides the file''s `cloud`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context (default: the kubeconfig''s current-context)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Show the current TaskManagers, slots and quota use; change nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the before/after table and check the quota; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the session cluster to be ready again')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;cleanup' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'Cloud; overrides the file''s `cloud`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context (default: the kubeconfig''s current-context)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --wait waits')
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL to look for running jobs (default: through the Kubernetes API''s service proxy; needed for --savepoint-jobs)')
            [CompletionResult]::new('--savepoint-dir', '--savepoint-dir', [CompletionResultType]::ParameterName, 'Savepoint directory for --savepoint-jobs (default: the cluster''s)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--keep-namespace', '--keep-namespace', [CompletionResultType]::ParameterName, 'Keep the namespace (and whatever else is in it, e.g. the Kafka Secret)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until everything is gone; report a FlinkDeployment stuck on its finalizer')
            [CompletionResult]::new('--savepoint-jobs', '--savepoint-jobs', [CompletionResultType]::ParameterName, 'Stop running jobs with a savepoint before the session cluster restarts or goes')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Restart or delete the session cluster even though jobs are running (they are lost)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;secret' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('kafka', 'kafka', [CompletionResultType]::ParameterValue, 'Create or update the Kafka credentials Secret: username, password, the CA bundle as PEM, and a JKS truststore of every CA certificate with its password')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;secret;kafka' {
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'SASL username')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Refused: use the prompt or --password-stdin')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'The Kafka CA bundle (PEM; every certificate in it is trusted)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Secret name (the platform''s `kafka.credentialsSecret`)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (the platform''s `namespace`); created when missing')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context (default: the kubeconfig''s current-context)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line) instead of prompting for it. A password on the command line is refused: it would end up in shell history and `ps`')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the target, the keys and their sizes, and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio;secret;help' {
            [CompletionResult]::new('kafka', 'kafka', [CompletionResultType]::ParameterValue, 'Create or update the Kafka credentials Secret: username, password, the CA bundle as PEM, and a JKS truststore of every CA certificate with its password')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;secret;help;kafka' {
            break
        }
        'studio;secret;help;help' {
            break
        }
        'studio;operator' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install or upgrade the Flink Kubernetes Operator: CRDs first (server-side apply; helm never upgrades CRDs), then the helm chart with the image pinned to the chart version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;operator;install' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Operator (and chart) version')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the operator')
            [CompletionResult]::new('--watch-namespace', '--watch-namespace', [CompletionResultType]::ParameterName, 'A namespace the operator watches (repeat for several; default: all namespaces)')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'Chart repository URL (default: the Apache release directory of --version)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for helm and for the operator to become ready')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context (default: the kubeconfig''s current-context)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--no-webhook', '--no-webhook', [CompletionResultType]::ParameterName, 'Do not install the admission webhook (no cert-manager needed)')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the CRD apply plan and the exact helm command, and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio;operator;help' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install or upgrade the Flink Kubernetes Operator: CRDs first (server-side apply; helm never upgrades CRDs), then the helm chart with the image pinned to the chart version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;operator;help;install' {
            break
        }
        'studio;operator;help;help' {
            break
        }
        'studio;image' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Write the Dockerfile and build context of the platform image and build it with Docker')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;image;build' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file (connectors, Flink version, cloud)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment overlay next to the file')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'Cloud; overrides the file''s `cloud` (picks the filesystem plugin)')
            [CompletionResult]::new('--flink-version', '--flink-version', [CompletionResultType]::ParameterName, 'Flink release of the base image (default: the configuration''s `flink.version`)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Image tag (default: the configuration''s `image` with `connectors.customImage: true`, else `flink-sql-studio:<flink version>`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Directory of the build context')
            [CompletionResult]::new('--push', '--push', [CompletionResultType]::ParameterName, 'Push the image after building it')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Write the Dockerfile and build context only; no Docker needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;image;help' {
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Write the Dockerfile and build context of the platform image and build it with Docker')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;image;help;build' {
            break
        }
        'studio;image;help;help' {
            break
        }
        'studio;doctor' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'Cloud; overrides the file''s `cloud`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context (default: the kubeconfig''s current-context)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only these groups of checks (repeat or comma-separate)')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Re-run every SECS seconds until Ctrl-C (each run is bounded by --timeout)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--gateway-url', '--gateway-url', [CompletionResultType]::ParameterName, 'SQL Gateway URL; without it doctor port-forwards to the gateway Service')
            [CompletionResult]::new('--flink-url', '--flink-url', [CompletionResultType]::ParameterName, 'JobManager REST URL; without it doctor port-forwards to the `<cluster>-rest` Service')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of each network check (e.g. 30s)')
            [CompletionResult]::new('--kafka-bootstrap', '--kafka-bootstrap', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers (host:port, comma-separated) for the kafka check')
            [CompletionResult]::new('--kafka-mechanism', '--kafka-mechanism', [CompletionResultType]::ParameterName, 'SASL mechanism: SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN')
            [CompletionResult]::new('--kafka-topic', '--kafka-topic', [CompletionResultType]::ParameterName, 'A topic whose metadata the Kafka user must be allowed to read (repeatable)')
            [CompletionResult]::new('--kafka-username', '--kafka-username', [CompletionResultType]::ParameterName, 'Check these credentials instead of the Kafka Secret''s: the password is read from the KAFKA_PASSWORD environment variable, never from a flag')
            [CompletionResult]::new('--kafka-ca-cert', '--kafka-ca-cert', [CompletionResultType]::ParameterName, 'CA bundle (PEM) for --kafka-username')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;port-forward' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Local port (default: the Service''s port; 0 picks a free one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'Cloud; overrides the file''s `cloud`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context (default: the kubeconfig''s current-context)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;ui' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Local port')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'Cloud; overrides the file''s `cloud`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal, the overlays found are offered when this is missing')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context (default: the kubeconfig''s current-context)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Open the Flink UI in the browser')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;cloud' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Set up Workload Identity for Flink''s bucket (GKE) or container (AKS): shows the plan, asks, applies. Running it again changes nothing')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;cloud;setup' {
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'Cloud to set up; overrides the file''s `cloud`')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment overlay: reads `<stem>.<NAME>.yaml` and/or `<stem>.<NAME>.env` next to the file')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'GCP project (default: GOOGLE_CLOUD_PROJECT, else the project of gcp.serviceAccount)')
            [CompletionResult]::new('--bucket-role', '--bucket-role', [CompletionResultType]::ParameterName, 'Role granted on the bucket')
            [CompletionResult]::new('--subscription', '--subscription', [CompletionResultType]::ParameterName, 'Azure subscription id (default: AZURE_SUBSCRIPTION_ID)')
            [CompletionResult]::new('--resource-group', '--resource-group', [CompletionResultType]::ParameterName, 'Resource group of the AKS cluster (default: AZURE_RESOURCE_GROUP)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'AKS cluster name (default: AKS_CLUSTER_NAME)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'User-assigned managed identity (default: AZURE_IDENTITY_NAME, else flink-identity)')
            [CompletionResult]::new('--identity-resource-group', '--identity-resource-group', [CompletionResultType]::ParameterName, 'Resource group of the identity (default: AZURE_IDENTITY_RESOURCE_GROUP, else the cluster''s)')
            [CompletionResult]::new('--storage-resource-group', '--storage-resource-group', [CompletionResultType]::ParameterName, 'Resource group of the storage account (default: AZURE_STORAGE_RESOURCE_GROUP, else the cluster''s)')
            [CompletionResult]::new('--federated-credential', '--federated-credential', [CompletionResultType]::ParameterName, 'Name of the federated identity credential (default: flink-studio-NAMESPACE-KSA)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing (exit 5 when changes are pending)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required without a terminal)')
            [CompletionResult]::new('--write-env', '--write-env', [CompletionResultType]::ParameterName, 'After applying, write the identity settings (AZURE_CLIENT_ID, AZURE_TENANT_ID) into the `--env` overlay''s .env file')
            [CompletionResult]::new('--direct-principal', '--direct-principal', [CompletionResultType]::ParameterName, 'Grant the bucket role directly to the Kubernetes service account''s principal (Workload Identity Federation for GKE), with no Google service account')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;cloud;help' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Set up Workload Identity for Flink''s bucket (GKE) or container (AKS): shows the plan, asks, applies. Running it again changes nothing')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;cloud;help;setup' {
            break
        }
        'studio;cloud;help;help' {
            break
        }
        'studio;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'studio;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write `studio.1` and one page per subcommand (`studio-deploy.1`, …) into this directory instead of printing `studio.1` to stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'studio;help' {
            [CompletionResult]::new('local', 'local', [CompletionResultType]::ParameterValue, 'Run a real local Flink session cluster, SQL Gateway and Kafka')
            [CompletionResult]::new('sql', 'sql', [CompletionResultType]::ParameterValue, 'Run .sql pipelines against a Flink SQL Gateway')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render the platform''s Kubernetes manifests as YAML or JSON')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'List, show, cancel and stop Flink jobs through the JobManager')
            [CompletionResult]::new('savepoint', 'savepoint', [CompletionResultType]::ParameterValue, 'Take a savepoint of a job (prints its location), or dispose of one')
            [CompletionResult]::new('state-size', 'state-size', [CompletionResultType]::ParameterValue, 'State size and checkpoint age per job; exit 8 when a threshold is breached')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Cluster overview and TaskManagers (slots, memory, heartbeat age)')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Apply the platform to a cluster with server-side apply (shows the target, asks first)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the platform on the cluster: session cluster, gateway, pods, quota, warnings')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Change the number of TaskManagers, within the namespace quota')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Delete the platform from the cluster, FlinkDeployment first')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Create or update the platform''s secrets (Kafka credentials)')
            [CompletionResult]::new('operator', 'operator', [CompletionResultType]::ParameterValue, 'Install or upgrade the Flink Kubernetes Operator (CRDs, then helm)')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'Build the platform image (Flink plus connectors and filesystem plugins)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check everything the platform needs and say what to do about each problem')
            [CompletionResult]::new('port-forward', 'port-forward', [CompletionResultType]::ParameterValue, 'Forward a local port to the SQL Gateway or JobManager through the Kubernetes API')
            [CompletionResult]::new('ui', 'ui', [CompletionResultType]::ParameterValue, 'Open the Flink UI through a port-forward over the Kubernetes API')
            [CompletionResult]::new('cloud', 'cloud', [CompletionResultType]::ParameterValue, 'Set up cloud Workload Identity for the platform''s storage (GKE or AKS)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write one per command into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'studio;help;local' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Download (once) and start the stack; waits until every component is healthy. On a partly running stack, restarts only the components that died')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Stop exactly the processes `up` started. Safe to run twice')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show each component''s health and URL; exits 11 when a component is down')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Start the stack if needed, run the quickstart pipeline on it and show the results')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the log of a component (jobmanager, taskmanager, gateway, kafka), or list all logs')
            break
        }
        'studio;help;local;up' {
            break
        }
        'studio;help;local;down' {
            break
        }
        'studio;help;local;status' {
            break
        }
        'studio;help;local;demo' {
            break
        }
        'studio;help;local;logs' {
            break
        }
        'studio;help;sql' {
            break
        }
        'studio;help;render' {
            break
        }
        'studio;help;jobs' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the jobs the cluster knows (running and recently ended)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a job: vertices, parallelism, last checkpoint, root-cause exception')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a job (no savepoint) and wait until it is CANCELED')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a job with a savepoint and wait until it ends')
            break
        }
        'studio;help;jobs;list' {
            break
        }
        'studio;help;jobs;show' {
            break
        }
        'studio;help;jobs;cancel' {
            break
        }
        'studio;help;jobs;stop' {
            break
        }
        'studio;help;savepoint' {
            [CompletionResult]::new('dispose', 'dispose', [CompletionResultType]::ParameterValue, 'Delete a savepoint (its directory, as printed when it was taken)')
            break
        }
        'studio;help;savepoint;dispose' {
            break
        }
        'studio;help;state-size' {
            break
        }
        'studio;help;cluster' {
            break
        }
        'studio;help;deploy' {
            break
        }
        'studio;help;status' {
            break
        }
        'studio;help;scale' {
            break
        }
        'studio;help;cleanup' {
            break
        }
        'studio;help;secret' {
            [CompletionResult]::new('kafka', 'kafka', [CompletionResultType]::ParameterValue, 'Create or update the Kafka credentials Secret: username, password, the CA bundle as PEM, and a JKS truststore of every CA certificate with its password')
            break
        }
        'studio;help;secret;kafka' {
            break
        }
        'studio;help;operator' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install or upgrade the Flink Kubernetes Operator: CRDs first (server-side apply; helm never upgrades CRDs), then the helm chart with the image pinned to the chart version')
            break
        }
        'studio;help;operator;install' {
            break
        }
        'studio;help;image' {
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Write the Dockerfile and build context of the platform image and build it with Docker')
            break
        }
        'studio;help;image;build' {
            break
        }
        'studio;help;doctor' {
            break
        }
        'studio;help;port-forward' {
            break
        }
        'studio;help;ui' {
            break
        }
        'studio;help;cloud' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Set up Workload Identity for Flink''s bucket (GKE) or container (AKS): shows the plan, asks, applies. Running it again changes nothing')
            break
        }
        'studio;help;cloud;setup' {
            break
        }
        'studio;help;completions' {
            break
        }
        'studio;help;man' {
            break
        }
        'studio;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

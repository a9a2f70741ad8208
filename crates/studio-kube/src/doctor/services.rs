//! The gateway, the JobManager and the connector factories, reached directly or through a
//! port-forward.

use super::*;

/// Holds port-forwards open while the checks that use them run.
struct Forwards(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Forwards {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

async fn url_or_forward(
    given: Option<&String>,
    target: Option<&Target>,
    dest: Destination,
    forwards: &mut Forwards,
) -> std::result::Result<String, String> {
    if let Some(url) = given {
        return Ok(url.clone());
    }
    let Some(target) = target else {
        return Err("the cluster is not reachable and no URL was given".into());
    };
    crate::portforward::backend(target, &dest)
        .await
        .map_err(|err| err.to_string())?;
    let forwarder = Forwarder::bind(target, dest, 0)
        .await
        .map_err(|err| err.to_string())?;
    let addr = forwarder.local_addr().map_err(|err| err.to_string())?;
    let (events, _) = tokio::sync::mpsc::unbounded_channel();
    forwards.0.push(tokio::spawn(forwarder.serve(events)));
    Ok(format!("http://{addr}"))
}

pub(super) async fn services(
    target: Option<&Target>,
    platform: &Platform,
    options: &Options,
) -> Vec<Check> {
    let mut forwards = Forwards(Vec::new());
    let mut checks = Vec::new();
    let ns = platform.namespace().to_owned();
    let gateway = url_or_forward(
        options.gateway_url.as_ref(),
        target,
        Destination {
            namespace: ns.clone(),
            service: platform.gateway_name().to_owned(),
            port: u16::try_from(platform.config.gateway.port).unwrap_or(8083),
        },
        &mut forwards,
    )
    .await;
    if options.wants(Group::Gateway) {
        checks.push(gateway_info(&gateway, options.timeout).await);
        let flink = url_or_forward(
            options.flink_url.as_ref(),
            target,
            Destination {
                namespace: ns,
                service: platform.rest_service(),
                port: 8081,
            },
            &mut forwards,
        )
        .await;
        checks.push(jobmanager(&flink, options.timeout).await);
    }
    if options.wants(Group::Connectors) {
        checks.extend(connectors(&gateway, options.timeout).await);
    }
    checks
}

async fn gateway_info(url: &std::result::Result<String, String>, timeout: Duration) -> Check {
    let fail = |detail: String| {
        Check::new(Group::Gateway, "gateway", Status::Fail, detail).hint(Hint::ReachService {
            which: "gateway".into(),
        })
    };
    let url = match url {
        Ok(url) => url,
        Err(err) => return fail(format!("SQL Gateway: {err}")),
    };
    let client = match sql_gateway_client::Client::new(url) {
        Ok(client) => client,
        Err(err) => return fail(format!("SQL Gateway {url}: {}", flatten(&err))),
    };
    match tokio::time::timeout(timeout, client.info()).await {
        Ok(Ok(info)) => Check::new(
            Group::Gateway,
            "gateway",
            Status::Pass,
            format!("SQL Gateway {url}: {} {}", info.product_name, info.version),
        ),
        Ok(Err(err)) => fail(format!("SQL Gateway {url}: {}", flatten(&err))),
        Err(_) => fail(format!("SQL Gateway {url}: no answer within {timeout:?}")),
    }
}

async fn jobmanager(url: &std::result::Result<String, String>, timeout: Duration) -> Check {
    let fail = |detail: String| {
        Check::new(Group::Gateway, "jobmanager", Status::Fail, detail).hint(Hint::ReachService {
            which: "jobmanager".into(),
        })
    };
    let url = match url {
        Ok(url) => url,
        Err(err) => return fail(format!("JobManager: {err}")),
    };
    let client = match flink_rest::Client::new(url) {
        Ok(client) => client,
        Err(err) => return fail(format!("JobManager {url}: {}", flatten(&err))),
    };
    match tokio::time::timeout(timeout, client.overview()).await {
        Ok(Ok(o)) => {
            let detail = format!(
                "JobManager {url}: Flink {}, {} TaskManager(s), {}/{} slots free, {} job(s) running",
                o.flink_version, o.taskmanagers, o.slots_available, o.slots_total, o.jobs_running
            );
            if o.taskmanagers == 0 || o.slots_available == 0 {
                Check::new(Group::Gateway, "jobmanager", Status::Fail, detail)
                    .hint(Hint::AddTaskManagers)
            } else {
                Check::new(Group::Gateway, "jobmanager", Status::Pass, detail)
            }
        }
        Ok(Err(err)) => fail(format!("JobManager {url}: {}", flatten(&err))),
        Err(_) => fail(format!("JobManager {url}: no answer within {timeout:?}")),
    }
}

/// The connectors doctor declares: identifier, artifact, the table's `WITH` options.
pub const CONNECTORS: &[(&str, &str, &str, &str)] = &[
    (
        "kafka",
        "flink-sql-connector-kafka",
        "avro",
        "'connector' = 'kafka', 'topic' = 'studio-doctor', \
         'properties.bootstrap.servers' = '127.0.0.1:9', 'format' = 'avro'",
    ),
    (
        "kafka",
        "flink-sql-connector-kafka",
        "json",
        "'connector' = 'kafka', 'topic' = 'studio-doctor', \
         'properties.bootstrap.servers' = '127.0.0.1:9', 'format' = 'json'",
    ),
];

/// The artifact that provides a factory identifier named in Flink's "Could not find any
/// factory for identifier 'X'".
pub fn artifact_for(identifier: &str) -> &'static str {
    match identifier {
        "kafka" | "upsert-kafka" => "flink-sql-connector-kafka",
        "avro" => "flink-sql-avro",
        "avro-confluent" => "flink-sql-avro-confluent-registry",
        "json" => "flink-json",
        "jdbc" => "flink-connector-jdbc",
        _ => "the connector's jar",
    }
}

/// Reads the identifier out of "Could not find any factory for identifier 'X'".
pub fn missing_factory(message: &str) -> Option<String> {
    let marker = "Could not find any factory for identifier '";
    let start = message.find(marker)? + marker.len();
    let rest = &message[start..];
    Some(rest[..rest.find('\'')?].to_owned())
}

async fn connectors(url: &std::result::Result<String, String>, timeout: Duration) -> Vec<Check> {
    let fail = |detail: String| {
        vec![
            Check::new(Group::Connectors, "connectors", Status::Fail, detail).hint(
                Hint::ReachService {
                    which: "gateway".into(),
                },
            ),
        ]
    };
    let url = match url {
        Ok(url) => url,
        Err(err) => return fail(format!("SQL Gateway: {err}")),
    };
    let client = match sql_gateway_client::Client::new(url) {
        Ok(client) => client,
        Err(err) => return fail(format!("SQL Gateway {url}: {}", flatten(&err))),
    };
    match tokio::time::timeout(timeout, explain_all(&client)).await {
        Ok(Ok(checks)) => checks,
        Ok(Err(err)) => fail(format!("SQL Gateway {url}: {}", flatten(&err))),
        Err(_) => fail(format!("SQL Gateway {url}: no answer within {timeout:?}")),
    }
}

async fn explain_all(
    client: &sql_gateway_client::Client,
) -> sql_gateway_client::Result<Vec<Check>> {
    use sql_gateway_client::{FetchOptions, SessionOptions, StatementOptions};
    let session = client
        .open_session(SessionOptions::new().name("studio-doctor"))
        .await?;
    let mut checks = Vec::new();
    for (index, (identifier, artifact, format, with)) in CONNECTORS.iter().enumerate() {
        let table = format!("studio_doctor_{format}_{index}");
        let statements = [
            format!("CREATE TEMPORARY TABLE {table} (id BIGINT, name STRING) WITH ({with})"),
            format!("EXPLAIN INSERT INTO {table} SELECT CAST(1 AS BIGINT), 'x'"),
        ];
        let mut outcome = Ok(());
        for sql in &statements {
            let result = async {
                let op = session
                    .execute_statement(sql, StatementOptions::new())
                    .await?;
                op.collect(FetchOptions::new()).await
            }
            .await;
            if let Err(err) = result {
                outcome = Err(err);
                break;
            }
        }
        let label = format!("{identifier} + {format}");
        checks.push(match outcome {
            Ok(()) => Check::new(
                Group::Connectors,
                "connector",
                Status::Pass,
                format!("{label}: table declared and INSERT planned"),
            ),
            Err(err) => {
                let text = [err.root_cause().unwrap_or_default().to_owned(), flatten(&err)]
                    .join(" ");
                match missing_factory(&text) {
                    Some(missing) => {
                        let artifact = if missing == *identifier {
                            (*artifact).to_owned()
                        } else {
                            artifact_for(&missing).to_owned()
                        };
                        Check::new(
                            Group::Connectors,
                            "connector",
                            Status::Fail,
                            format!(
                                "{label}: the gateway has no factory for '{missing}' ({artifact} is not on its classpath)"
                            ),
                        )
                        .hint(Hint::AddConnectorJar {
                            identifier: missing,
                            artifact,
                        })
                    }
                    None => Check::new(
                        Group::Connectors,
                        "connector",
                        Status::Fail,
                        format!("{label}: {}", flatten(&err)),
                    ),
                }
            }
        });
    }
    let _ = session.close().await;
    Ok(checks)
}

//! Reducing a Java stack trace, as the gateway sends it in `errors`, to one line.

/// Returns the one-line root cause of a Java stack trace sent by the gateway.
///
/// That is the message of the last top-level `Caused by:` line (the deepest cause), with the
/// exception class dropped; a trace without causes gives the message of its first line. The
/// `<Exception on server side:` wrapper of Flink's REST layer is skipped, and plain messages
/// come back trimmed.
///
/// ```
/// let trace = "<Exception on server side:\n\
///     org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\n\
///     \tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)\n\
///     Caused by: org.apache.flink.table.api.ValidationException: Could not find any factory for identifier 'kafka' that implements 'org.apache.flink.table.factories.DynamicTableFactory' in the classpath.\n\
///     \n\
///     Available factory identifiers are:\n\
///     \n\
///     blackhole\n\
///     \tat org.apache.flink.table.factories.FactoryUtil.discoverFactory(FactoryUtil.java:617)\n\
///     \n\
///     End of exception on server side>";
/// assert_eq!(
///     sql_gateway_client::root_cause(trace),
///     "Could not find any factory for identifier 'kafka' that implements 'org.apache.flink.table.factories.DynamicTableFactory' in the classpath."
/// );
/// ```
pub fn root_cause(trace: &str) -> String {
    flink_rest_core::root_cause_message(trace).to_owned()
}

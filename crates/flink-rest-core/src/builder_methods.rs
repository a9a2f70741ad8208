//! The connection setters every client builder exposes, written once.

/// Defines the connection setters of a client builder that keeps a
/// [`ConnectionBuilder`](crate::ConnectionBuilder) in the field `$conn`: `http_client`,
/// `timeout`, `connect_timeout`, `bearer_token`, `basic_auth`, `header`, `secret_header` and
/// `retry`. The literals document the builder's defaults.
///
/// ```
/// use flink_rest_core::ConnectionBuilder;
///
/// /// Builds nothing; shows the setters.
/// pub struct MyBuilder {
///     conn: ConnectionBuilder,
/// }
///
/// impl MyBuilder {
///     flink_rest_core::connection_setters!(
///         conn,
///         timeout = "30 s",
///         connect_timeout = "5 s",
///         retry = "3 retries, 200 ms doubling, ≤ 2 s"
///     );
/// }
///
/// let b = MyBuilder { conn: ConnectionBuilder::new("http://127.0.0.1:8081") }
///     .timeout(std::time::Duration::from_secs(3))
///     .header("x-team", "studio");
/// assert!(format!("{:?}", b.conn).contains("x-team"));
/// ```
#[macro_export]
macro_rules! connection_setters {
    ($conn:ident, timeout = $timeout:literal, connect_timeout = $connect:literal, retry = $retry:literal) => {
        /// Uses this HTTP client (connection pool, proxies, TLS settings) instead of building
        /// one. The per-request [`timeout`](Self::timeout) still applies; the
        /// [`connect_timeout`](Self::connect_timeout) (and any extra CA certificate) is then
        /// whatever that client was built with.
        pub fn http_client(mut self, client: $crate::reqwest::Client) -> Self {
            self.$conn = self.$conn.http_client(client);
            self
        }

        #[doc = concat!("Total time allowed per HTTP request (default ", $timeout, "); `None` disables it.")]
        pub fn timeout(mut self, timeout: impl Into<Option<::std::time::Duration>>) -> Self {
            self.$conn = self.$conn.timeout(timeout);
            self
        }

        #[doc = concat!("Time allowed to establish a connection (default ", $connect, ").")]
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$conn = self.$conn.connect_timeout(timeout);
            self
        }

        /// Sends `Authorization: Bearer <token>` with every request.
        pub fn bearer_token(mut self, token: $crate::SecretString) -> Self {
            self.$conn = self.$conn.auth(Some($crate::Auth::Bearer { token }));
            self
        }

        /// Sends HTTP basic authentication with every request.
        pub fn basic_auth(
            mut self,
            username: impl Into<String>,
            password: $crate::SecretString,
        ) -> Self {
            let auth = $crate::Auth::Basic {
                username: username.into(),
                password,
            };
            self.$conn = self.$conn.auth(Some(auth));
            self
        }

        /// Adds a header sent with every request. Invalid names/values are reported by
        /// [`build`](Self::build).
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.$conn = self.$conn.header(name, value);
            self
        }

        /// Adds a header whose value is secret (a cookie, an API key): it is marked sensitive
        /// and never shown in `Debug` output or errors.
        pub fn secret_header(mut self, name: impl Into<String>, value: $crate::SecretString) -> Self {
            self.$conn = self.$conn.secret_header(name, value);
            self
        }

        #[doc = concat!("Sets the retry policy for idempotent requests (default: ", $retry, ").")]
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.$conn = self.$conn.retry(policy);
            self
        }
    };
}

//! Validation of a connection's base URL.

use url::Url;

use crate::error::ConfigError;

/// Checks a base URL: `http`/`https`, no credentials, query or fragment; the path becomes a
/// directory (ends in `/`) so that relative paths are joined below it.
///
/// ```
/// let url = flink_rest_core::parse_base_url("http://127.0.0.1:8081/proxy/flink").unwrap();
/// assert_eq!(url.as_str(), "http://127.0.0.1:8081/proxy/flink/");
/// assert!(flink_rest_core::parse_base_url("http://admin:pw@host").is_err());
/// ```
pub fn parse_base_url(raw: &str) -> Result<Url, ConfigError> {
    let err = |reason: String| ConfigError::new("base URL", reason);
    let mut url = Url::parse(raw.trim()).map_err(|e| err(format!("`{raw}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(err(format!(
            "scheme `{}` is not http or https",
            url.scheme()
        )));
    }
    // Credentials in the URL would leak into error messages; they belong in `basic_auth`.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(err(
            "credentials in the URL are not allowed; use ClientBuilder::basic_auth".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(err("must not have a query or fragment".into()));
    }
    // A path prefix (e.g. a Kubernetes service proxy or an ingress path) is kept, as a directory.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

//! One request ([`Request`]), its final answer ([`Response`]) and the loop that sends it with
//! bounded retries ([`Connection::send`]).

use reqwest::{Method, StatusCode};
use url::Url;

use super::Connection;
use crate::retry::{RetryPolicy, parse_retry_after};

/// One request for [`Connection::send`].
#[derive(Debug)]
#[must_use]
pub struct Request<'a> {
    method: Method,
    url: Url,
    endpoint: &'a str,
    query: &'a [(&'a str, String)],
    body: Option<&'a serde_json::Value>,
    idempotent: bool,
}

impl<'a> Request<'a> {
    /// A request without query or body, sent once. `endpoint` names it in logs.
    pub fn new(method: Method, url: Url, endpoint: &'a str) -> Self {
        Self {
            method,
            url,
            endpoint,
            query: &[],
            body: None,
            idempotent: false,
        }
    }

    /// Adds query parameters.
    pub fn query(mut self, query: &'a [(&'a str, String)]) -> Self {
        self.query = query;
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: Option<&'a serde_json::Value>) -> Self {
        self.body = body;
        self
    }

    /// Marks the request as safe to send again after a transient failure.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }
}

/// The final HTTP answer to a request, successful or not.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response {
    /// HTTP status.
    pub status: StatusCode,
    /// The complete body.
    pub body: Vec<u8>,
}

impl Connection {
    /// Sends `request` and returns the final answer.
    ///
    /// An idempotent request is retried, at most [`RetryPolicy::max_retries`] times, on HTTP
    /// 502/503/504 and on the transport failures chosen with
    /// [`ConnectionBuilder::transient_errors`](super::ConnectionBuilder::transient_errors); any
    /// other answer (success or not) is returned as is. `Err` means there was no (complete)
    /// response; the error carries no URL.
    pub async fn send(&self, request: Request<'_>) -> Result<Response, reqwest::Error> {
        let Request {
            method,
            url,
            endpoint,
            query,
            body,
            idempotent,
        } = request;
        let retries = if idempotent {
            self.retry.max_retries
        } else {
            0
        };
        let mut attempt = 0u32;
        loop {
            let mut req = self
                .http
                .request(method.clone(), url.clone())
                .headers(self.headers.clone());
            if !query.is_empty() {
                req = req.query(query);
            }
            if let Some(t) = self.timeout {
                req = req.timeout(t);
            }
            if let Some(b) = body {
                req = req.json(b);
            }
            tracing::debug!(%method, endpoint, attempt, "flink rest request");
            let outcome = match req.send().await {
                Ok(resp) => {
                    let status = resp.status();
                    let retry_after = parse_retry_after(resp.headers());
                    resp.bytes()
                        .await
                        .map(|bytes| (status, bytes.to_vec(), retry_after))
                }
                Err(source) => Err(source),
            };
            let delay = match &outcome {
                Ok((status, _, retry_after)) if RetryPolicy::retryable_status(status.as_u16()) => {
                    let hint = retry_after.filter(|_| self.honour_retry_after);
                    Some(self.retry.delay(attempt, hint))
                }
                Ok(_) => None,
                Err(e) if self.transient.matches(e) => Some(self.retry.delay(attempt, None)),
                Err(_) => None,
            };
            if let Some(delay) = delay.filter(|_| attempt < retries) {
                tracing::debug!(endpoint, attempt, ?delay, "retrying transient failure");
                tokio::time::sleep(delay).await;
                attempt += 1;
                continue;
            }
            return match outcome {
                Ok((status, body, _)) => Ok(Response { status, body }),
                Err(e) => Err(e.without_url()),
            };
        }
    }
}
